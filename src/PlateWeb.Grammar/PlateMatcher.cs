namespace PlateWeb.Recognition.Grammar;

/// <summary>
/// The one confusion-tolerant plate matcher: every place that asks "is this the same plate?" (the History and API
/// search, the chat's grounding, watchlists, the camera pass tracker) compares confusion skeletons
/// (<see cref="PlateGrammar.Skeleton"/>: O/0/D/Q, I/1/L, B/8, S/5, Z/2, G/6 are one) and forgives at most one
/// missing, extra or wrong character, and only from <see cref="MinLengthForEdit"/> characters on. In memory the
/// comparison is <see cref="Distance"/>; against a database it is the finite set of neighbours that
/// <see cref="Deletions"/>, <see cref="Insertions"/> and <see cref="WeakTwins"/> list, so an index can answer it.
/// Pure and thread-safe.
/// </summary>
public static class PlateMatcher
{
    /// <summary>
    /// Shortest text (letters and digits, wildcards not counted) that may match with one edit: a one-character edit
    /// on shorter texts would match too much ("A81" one edit away is most three-character plates).
    /// </summary>
    public const int MinLengthForEdit = 5;

    /// <summary>In a pattern, matches any one character (a watchlist's "AB-1??-CD").</summary>
    public const char AnyOne = '?';

    // Confusions too weak for the skeleton (they would merge real plates in the history search) but
    // common when people copy a plate by eye: one of them, once, is still the same plate.
    private static readonly (char A, char B)[] WeakPairs = [('A', '4'), ('T', '7'), ('T', '1'), ('E', 'F'), ('H', 'N'), ('M', 'N'), ('U', 'V')];

    /// <summary>Whether a text of <paramref name="literalLength"/> letters and digits is long enough for one edit.</summary>
    public static bool AllowsEdit(int literalLength) => literalLength >= MinLengthForEdit;

    /// <summary>
    /// Confusion-tolerant equality: equal skeletons up to <paramref name="maxEdits"/> insertions, deletions or
    /// substitutions. Empty texts never match: an empty query must not find every plate.
    /// </summary>
    public static bool FuzzyEquals(string a, string b, int maxEdits = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxEdits);
        var sa = PlateGrammar.Skeleton(a);
        var sb = PlateGrammar.Skeleton(b);
        if (sa.Length == 0 || sb.Length == 0)
        {
            return false;
        }

        return Distance(sa, sb, maxEdits) <= maxEdits;
    }

    /// <summary>
    /// Levenshtein distance from <paramref name="pattern"/> to <paramref name="text"/>, where <see cref="AnyOne"/> in the
    /// pattern matches any one character; with <paramref name="prefix"/>, the pattern need only match the start of the
    /// text (what follows is free). Stops early, returning <paramref name="limit"/> + 1, once no alignment can stay
    /// within <paramref name="limit"/>. Compare skeletons for confusion tolerance, normalised texts for exact matching.
    /// </summary>
    public static int Distance(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text, int limit, bool prefix = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        if (!prefix && Math.Abs(pattern.Length - text.Length) > limit)
        {
            return limit + 1;
        }

        // Two rows of the table; plates are short so the full table is cheap.
        var onStack = text.Length < 256;
        var previous = onStack ? stackalloc int[text.Length + 1] : new int[text.Length + 1];
        var current = onStack ? stackalloc int[text.Length + 1] : new int[text.Length + 1];
        for (var j = 0; j <= text.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= pattern.Length; i++)
        {
            current[0] = i;
            var rowMin = i;
            for (var j = 1; j <= text.Length; j++)
            {
                var cost = pattern[i - 1] == AnyOne || pattern[i - 1] == text[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                rowMin = Math.Min(rowMin, current[j]);
            }

            if (rowMin > limit)
            {
                return limit + 1;
            }

            current.CopyTo(previous);
        }

        if (!prefix)
        {
            return previous[text.Length];
        }

        var best = int.MaxValue;
        foreach (var d in previous)
        {
            best = Math.Min(best, d);
        }

        return best;
    }

    /// <summary>The skeleton with each one of its characters left out, in order (duplicates possible).</summary>
    public static IEnumerable<string> Deletions(string skeleton)
    {
        ArgumentNullException.ThrowIfNull(skeleton);
        for (var i = 0; i < skeleton.Length; i++)
        {
            yield return skeleton.Remove(i, 1);
        }
    }

    /// <summary>
    /// The skeleton with <paramref name="wildcard"/> inserted between two of its characters (never at either end: a
    /// search for text containing the skeleton already finds those).
    /// </summary>
    public static IEnumerable<string> Insertions(string skeleton, char wildcard)
    {
        ArgumentNullException.ThrowIfNull(skeleton);
        for (var i = 1; i < skeleton.Length; i++)
        {
            yield return skeleton.Insert(i, wildcard.ToString());
        }
    }

    /// <summary>True when <paramref name="longer"/> is <paramref name="shorter"/> with one character inserted somewhere.</summary>
    public static bool IsOneInsertion(string longer, string shorter)
    {
        ArgumentNullException.ThrowIfNull(longer);
        ArgumentNullException.ThrowIfNull(shorter);
        if (longer.Length != shorter.Length + 1)
        {
            return false;
        }

        var i = 0;
        while (i < shorter.Length && longer[i] == shorter[i])
        {
            i++;
        }

        return longer.AsSpan(i + 1).SequenceEqual(shorter.AsSpan(i));
    }

    /// <summary>
    /// The skeleton with one character swapped for its weak twin (A/4, T/7, T/1, E/F, H/N, M/N, U/V): confusions too weak
    /// for the skeleton, but one of them, once, in a plate copied by eye is still the same plate.
    /// </summary>
    public static IEnumerable<string> WeakTwins(string skeleton)
    {
        ArgumentNullException.ThrowIfNull(skeleton);
        for (var i = 0; i < skeleton.Length; i++)
        {
            foreach (var (a, b) in WeakPairs)
            {
                if (skeleton[i] == a)
                {
                    yield return string.Concat(skeleton.AsSpan(0, i), [b], skeleton.AsSpan(i + 1));
                }

                if (skeleton[i] == b)
                {
                    yield return string.Concat(skeleton.AsSpan(0, i), [a], skeleton.AsSpan(i + 1));
                }
            }
        }
    }
}
