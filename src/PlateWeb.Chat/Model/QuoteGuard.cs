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
    private readonly string _source = source.ToUpperInvariant();

    /// <summary>How many of the model's best tokens are tried before the guard gives way.</summary>
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
            if (end > written.Length && !Quoted(text.AsSpan(i, end - i))) return false;
            i = end;
        }
        return true;
    }

    private bool Quoted(ReadOnlySpan<char> run)
    {
        var codes = 0;
        foreach (var c in run)
        {
            if (IsCode(c)) codes++;
        }
        return codes < 2 || _source.AsSpan().IndexOf(run, StringComparison.Ordinal) >= 0;
    }

    private static bool IsCode(char c) => c is (>= 'A' and <= 'Z') or (>= '0' and <= '9');

    private static bool IsSeparator(char c) => c is ' ' or '-';
}
