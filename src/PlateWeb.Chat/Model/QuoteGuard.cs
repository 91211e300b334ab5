namespace PlateWeb.Chat.Model;

/// <summary>
/// Grounded decoding: a plate, date, time or number the model writes must be quoted from its prompt.
/// </summary>
/// <remarks>
/// A "quote" is a run of capital letters and digits, with single spaces or hyphens between them
/// (<c>AB-123-CD</c>, <c>68 UFJ 13</c>, <c>2026-11-26</c>, <c>74</c>). While the model writes one,
/// every next token is checked: the run it would make, trailing separators aside, must occur in the
/// prompt's text (facts and question, compared in upper case). A token that would make a run the
/// prompt does not hold is skipped for the model's next-best one. So an answer can only name plates
/// that are in the facts or the question: the model still chooses which one and where. A single
/// capital (the first letter of "The", "Il"...) is never checked.
/// </remarks>
public sealed class QuoteGuard(string source)
{
    private readonly string _original = source;
    private readonly string _source = source.ToUpperInvariant();

    /// <summary>The piece to ask <see cref="Allows"/> about when the answer would end here.</summary>
    public const string End = "\n";

    /// <summary>How many of the model's best tokens are tried before the whole vocabulary is.</summary>
    public const int Candidates = 24;

    /// <summary>Whether <paramref name="piece"/> may follow <paramref name="written"/>: every quote run
    /// that the piece adds to or lies in is in the prompt.</summary>
    public bool Allows(string written, string piece)
    {
        ArgumentNullException.ThrowIfNull(written);
        ArgumentNullException.ThrowIfNull(piece);
        var text = written + piece;
        var i = 0;
        while (i < text.Length)
        {
            if (!IsCode(text[i]))
            {
                i++;
                continue;
            }
            var end = i + 1;
            while (end < text.Length && (IsCode(text[end]) || (IsSeparator(text[end]) && end + 1 < text.Length && IsCode(text[end + 1]))))
            {
                end++;
            }
            // Checked: a run the piece extends, and one the piece ends (after "JC-792 ", "late" ends "JC-792").
            if (end >= written.Length - 1)
            {
                var ended = end < text.Length && !(IsSeparator(text[end]) && end + 1 == text.Length);
                if ((end > written.Length || ended) && !Quoted(text.AsSpan(i, end - i), ended)) return false;
            }
            i = end;
        }
        return true;
    }

    /// <summary>
    /// Whether the run is in the prompt. One with letters and digits (a plate, or the start of one)
    /// must also start where a run starts there ("G06 BG" is not a quote of "WJ G06 BG") and, once
    /// <paramref name="ended"/>, end where that run ends ("JC-792" is not a quote of "JC-792-PQ").
    /// </summary>
    private bool Quoted(ReadOnlySpan<char> run, bool ended)
    {
        var codes = 0;
        bool letters = false, digits = false;
        foreach (var c in run)
        {
            if (!IsCode(c)) continue;
            codes++;
            letters |= char.IsAsciiLetter(c);
            digits |= char.IsAsciiDigit(c);
        }
        if (codes < 2) return true;
        var from = 0;
        while (from < _source.Length)
        {
            var at = _source.AsSpan(from).IndexOf(run, StringComparison.Ordinal);
            if (at < 0) return false;
            at += from;
            if (!(letters && digits) || (StartsRun(at) && (!ended || EndsRun(at + run.Length)))) return true;
            from = at + 1;
        }
        return false;
    }

    /// <summary>Whether a run of the prompt starts at <paramref name="at"/>: no letter or digit just before
    /// it, nor a capital or digit and a single space or hyphen.</summary>
    private bool StartsRun(int at)
    {
        if (at == 0) return true;
        var before = _original[at - 1];
        if (char.IsAsciiLetterOrDigit(before)) return false;
        return !(IsSeparator(before) && at >= 2 && IsCode(_original[at - 2]));
    }

    /// <summary>Whether a run of the prompt ends at <paramref name="at"/>.</summary>
    private bool EndsRun(int at) =>
        at >= _original.Length
        || !(char.IsAsciiLetterOrDigit(_original[at]) || (IsSeparator(_original[at]) && at + 1 < _original.Length && IsCode(_original[at + 1])));

    private static bool IsCode(char c) => c is (>= 'A' and <= 'Z') or (>= '0' and <= '9');

    private static bool IsSeparator(char c) => c is ' ' or '-';
}
