namespace PlateWeb.Chat.Model;

/// <summary>
/// Anti-prompts for models whose turn markers are plain text rather than control tokens (a GGUF that does
/// not flag <c>&lt;|im_end|&gt;</c> as end of generation, or one that starts writing the next turn).
/// Text is released only once it cannot be the beginning of a stop text, so a marker split over several
/// tokens never reaches the user; generation stops at the first complete one.
/// </summary>
public sealed class StopTextFilter(IReadOnlyList<string> stopTexts) : IAnswerTextStep
{
    public static IReadOnlyList<string> ChatMarkers { get; } = ["<|im_end|>", "<|im_start|>", "<|eot_id|>", "<|end|>", "</s>"];

    private string _pending = string.Empty;

    public bool Stopped { get; private set; }

    /// <summary>Adds decoded text; returns what can be shown now.</summary>
    public string Push(string text)
    {
        if (Stopped) return string.Empty;
        var all = _pending + text;
        var cut = -1;
        foreach (var stop in stopTexts)
        {
            var at = all.IndexOf(stop, StringComparison.Ordinal);
            if (at >= 0 && (cut < 0 || at < cut)) cut = at;
        }
        if (cut >= 0)
        {
            Stopped = true;
            _pending = string.Empty;
            return all[..cut];
        }

        var keep = 0;
        foreach (var stop in stopTexts)
        {
            for (var n = Math.Min(stop.Length - 1, all.Length); n > keep; n--)
            {
                if (all.AsSpan(all.Length - n).SequenceEqual(stop.AsSpan(0, n)))
                {
                    keep = n;
                    break;
                }
            }
        }
        _pending = all[^keep..];
        return all[..^keep];
    }

    /// <summary>Whatever was held back, at the end of generation.</summary>
    public string Flush()
    {
        var rest = Stopped ? string.Empty : _pending;
        _pending = string.Empty;
        return rest;
    }

    /// <summary>As <see cref="Flush"/>: a cancelled answer still shows text that turned out not to be a stop text.</summary>
    public string End(bool cancelled) => Flush();
}
