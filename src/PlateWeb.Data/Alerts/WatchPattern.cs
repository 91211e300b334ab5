using PlateWeb.Recognition.Grammar;

namespace PlateWeb.Data.Alerts;

/// <summary>How forgiving a watchlist is when it compares a read plate with its entries.</summary>
public enum WatchTolerance
{
    /// <summary>The same letters and digits (separators and case never count).</summary>
    Exact,

    /// <summary>Characters the OCR confuses (O/0, I/1, B/8, S/5, Z/2, G/6…) count as equal.</summary>
    Confusions,

    /// <summary>Confusions, plus one missing, extra or wrong character for patterns of five characters or more.</summary>
    ConfusionsAndOneEdit,
}

/// <summary>
/// A watchlist entry's pattern: a plate ("AB-123-CD"), with <c>?</c> for any one character ("AB-1??-CD"), or ending
/// in <c>*</c> for a prefix ("AB1*"). Separators, spaces and case are ignored. Pure, allocation-light and thread-safe.
/// </summary>
public sealed class WatchPattern
{
    /// <summary>A one-character edit on shorter patterns would match too much (<see cref="PlateMatcher"/> draws the line for every search).</summary>
    public const int MinLengthForEdit = PlateMatcher.MinLengthForEdit;

    public const int MaxLength = 16;

    private readonly char[] _skeleton; // '?' kept as the wildcard
    private readonly char[] _exact;

    private WatchPattern(string normalized, bool prefix)
    {
        Normalized = normalized;
        IsPrefix = prefix;
        _exact = normalized.ToCharArray();
        _skeleton = normalized.Select(c => c == PlateMatcher.AnyOne ? c : PlateGrammar.Skeleton(c.ToString())[0]).ToArray();
    }

    /// <summary>Upper case letters, digits and <c>?</c>, without the prefix star.</summary>
    public string Normalized { get; }

    public bool IsPrefix { get; }

    /// <summary>The pattern as shown: its normalized text, then <c>*</c> when it is a prefix.</summary>
    public override string ToString() => IsPrefix ? Normalized + "*" : Normalized;

    /// <summary>Reads a pattern; null with a reason when it is not one (empty, too long, a star not at the end…).</summary>
    public static WatchPattern? TryParse(string? text, out string? error)
    {
        error = null;
        var trimmed = (text ?? string.Empty).Trim();
        var prefix = trimmed.EndsWith('*');
        if (prefix) trimmed = trimmed[..^1];
        var chars = new List<char>(trimmed.Length);
        foreach (var raw in trimmed)
        {
            var c = char.ToUpperInvariant(raw);
            if (char.IsAsciiLetterOrDigit(c) || c == '?')
            {
                chars.Add(c);
            }
            else if (c is ' ' or '-' or '.' or '_' or '·')
            {
                continue;
            }
            else
            {
                error = c == '*' ? "A star may only end a pattern." : $"'{raw}' is not allowed: use letters, digits, '?' and a final '*'.";
                return null;
            }
        }
        if (chars.Count == 0 || chars.All(c => c == '?'))
        {
            error = "A pattern needs at least one letter or digit.";
            return null;
        }
        if (chars.Count > MaxLength)
        {
            error = $"A pattern has at most {MaxLength} characters.";
            return null;
        }
        return new WatchPattern(new string(chars.ToArray()), prefix);
    }

    /// <exception cref="FormatException">Not a pattern.</exception>
    public static WatchPattern Parse(string text) =>
        TryParse(text, out var error) ?? throw new FormatException(error);

    /// <summary>Whether a read plate (any separators or case) matches this pattern with the list's tolerance.</summary>
    public bool Matches(string plate, WatchTolerance tolerance)
    {
        var normalized = PlateGrammar.Normalize(plate ?? string.Empty);
        if (normalized.Length == 0) return false;
        var literal = _exact.Count(c => c != '?');
        var maxEdits = tolerance == WatchTolerance.ConfusionsAndOneEdit && PlateMatcher.AllowsEdit(literal) ? 1 : 0;
        ReadOnlySpan<char> pattern = tolerance == WatchTolerance.Exact ? _exact : _skeleton;
        var text = tolerance == WatchTolerance.Exact ? normalized : PlateGrammar.Skeleton(normalized);
        return PlateMatcher.Distance(pattern, text, maxEdits, IsPrefix) <= maxEdits;
    }
}
