using PlateWeb.Web.Features.Chat;

namespace PlateWeb.Web.Tests.Features;

public sealed class ChatMarkdownTests
{
    [Fact]
    public void ToHtml_Markdown_IsRendered()
    {
        var html = ChatMarkdown.ToHtml("AB-123-CD was seen **3 times** [1].\n\n- first\n- second");

        Assert.Contains("<strong>3 times</strong>", html, StringComparison.Ordinal);
        Assert.Contains("<li>first</li>", html, StringComparison.Ordinal);
        Assert.Contains("[1]", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<script>alert(1)</script>", "&lt;script&gt;")]
    [InlineData("text <img src=x onerror=alert(1)> text", "&lt;img")]
    [InlineData("<div onclick=\"alert(1)\">block</div>", "&lt;div")]
    [InlineData("<a href=\"javascript:alert(1)\">x</a>", "&lt;a")]
    public void ToHtml_RawHtml_IsEscaped(string markdown, string expected)
    {
        var html = ChatMarkdown.ToHtml(markdown);

        Assert.Contains(expected, html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<div", html, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("[x](javascript:alert(1))")]
    [InlineData("[x](JaVaScRiPt:alert(1))")]
    [InlineData("[x](java&#x09;script:alert(1))")]
    [InlineData("[x](data:text/html;base64,PHNjcmlwdD4=)")]
    [InlineData("[x](vbscript:msgbox)")]
    [InlineData("[x](//evil.example/)")]
    [InlineData("<javascript:alert(1)>")]
    public void ToHtml_UnsafeLink_PointsNowhere(string markdown)
    {
        var html = ChatMarkdown.ToHtml(markdown);

        Assert.Contains("href=\"#\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("script:", html.Replace("&lt;", "<", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("[h](history?read=7)", "href=\"history?read=7\"")]
    [InlineData("[h](/history)", "href=\"/history\"")]
    [InlineData("[h](https://example.org/a)", "href=\"https://example.org/a\"")]
    public void ToHtml_SafeLink_IsKept(string markdown, string expected) =>
        Assert.Contains(expected, ChatMarkdown.ToHtml(markdown), StringComparison.Ordinal);

    [Fact]
    public void ToHtml_Image_BecomesALinkNotAFetch()
    {
        var html = ChatMarkdown.ToHtml("![pixel](https://tracker.example/p.png)");

        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://tracker.example/p.png\"", html, StringComparison.Ordinal);
    }
}
