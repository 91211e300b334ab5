using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace PlateWeb.Web.Features.Chat;

/// <summary>
/// Model answers as HTML that cannot carry markup of its own: raw HTML in the text (a plate text, a
/// question echoed by the model, anything) is written out escaped, links go only to http(s), mailto or
/// this site, and images become plain links so an answer cannot make the browser fetch anything.
/// </summary>
public static class ChatMarkdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UseEmphasisExtras()
        .UsePipeTables()
        .Build();

    public static string ToHtml(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var document = Markdown.Parse(markdown, Pipeline);
        foreach (var link in document.Descendants<LinkInline>())
        {
            link.IsImage = false;
            if (!IsSafe(link.Url)) link.Url = "#";
        }
        foreach (var autolink in document.Descendants<AutolinkInline>())
        {
            if (!IsSafe(autolink.Url)) autolink.Url = "#";
        }
        return Markdown.ToHtml(document, Pipeline);
    }

    internal static bool IsSafe(string? url)
    {
        if (string.IsNullOrEmpty(url)) return true;
        // Browsers drop tabs, newlines and other control characters inside a URL ("java\nscript:" runs).
        var compact = new string(url.Where(c => c > ' ').ToArray());
        // "//host/…" (or "/\host", which browsers read the same) is another site, not a path on this one.
        if (compact.Length >= 2 && compact[0] is ('/' or '\\') && compact[1] is ('/' or '\\')) return false;
        var end = compact.IndexOfAny(['/', '?', '#']);
        var colon = compact.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0 || (end >= 0 && end < colon)) return true; // a relative URL: no scheme
        var scheme = compact[..colon];
        return scheme.Equals("http", StringComparison.OrdinalIgnoreCase)
            || scheme.Equals("https", StringComparison.OrdinalIgnoreCase)
            || scheme.Equals("mailto", StringComparison.OrdinalIgnoreCase);
    }
}
