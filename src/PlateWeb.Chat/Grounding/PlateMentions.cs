using System.Text.RegularExpressions;
using PlateWeb.Recognition.Grammar;

namespace PlateWeb.Chat.Grounding;

/// <summary>A plate text found in a question: as the user wrote it, and normalised (upper case, letters and digits).</summary>
public sealed record PlateMention(string Written, string Normalized);

/// <summary>
/// Finds plate-like strings in free text (a question, or a model's answer in <c>platectl ask-eval</c>).
/// One word with letters and digits, 4 to 10 of them (<see cref="PlateGrammar.MinPlateLength"/>..<see cref="PlateGrammar.MaxPlateLength"/>),
/// dashes and dots allowed ("AB-123-CD", "ab123cd", "AB1Z3CD"). Plates printed with spaces ("B MW 1234",
/// "123 ABC 45", "ea 422 eb") are found when the joined text fits a specific format exactly and, in lower
/// case, when no part is a common English or French word, so "AB-123-CD ET" or "the 123 abc" are not plates; a lower-case
/// run with one short common word ("ai 6875", "la 135 ye") is a plate when the history holds it or it fits a specific
/// format with 3 digits or more.
/// </summary>
public sealed partial class PlateMentions(PlateGrammar grammar)
{
    private const int MaxWordsJoined = 4;

    /// <param name="known">
    /// For a question: the normalised texts that are plates of the history (from <see cref="FindWordLike"/>, maybe none).
    /// A lower-case run that starts with a common word ("ai 6875", "la 135 ye") is then a plate when it is one of them, or
    /// when it fits a specific format and has 3 digits or more; never otherwise, so "at 10 am" or "the 12 ab" stay words.
    /// Null (answers, facts): no such run is a plate.
    /// </param>
    public IReadOnlyList<PlateMention> Find(string text, IReadOnlySet<string>? known = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var (words, closed, opened) = Split(text);
        var found = Strict(words, closed, opened);
        // Answers and facts (the answer check, the evaluation) are read strictly: only a question's words get the benefit of the doubt.
        if (known is null) return found.Select(f => f.Mention).DistinctBy(m => m.Normalized).ToList();
        var used = found.SelectMany(f => Enumerable.Range(f.At, f.Words)).ToHashSet();
        // The longest run from each word first, as in the strict pass: "la 135 ye", not "la 135".
        foreach (var run in WordLikeRuns(words, closed, opened, used).OrderBy(r => r.At).ThenByDescending(r => r.Words).ToList())
        {
            if (Enumerable.Range(run.At, run.Words).Any(used.Contains)) continue;
            var mention = run.Mention;
            if (known?.Contains(mention.Normalized) == true
                || (mention.Normalized.Count(char.IsAsciiDigit) >= 3 && grammar.Match(mention.Normalized).Any(m => !m.Format.IsGeneric)))
            {
                found.Add(run);
                used.UnionWith(Enumerable.Range(run.At, run.Words));
            }
        }
        return found.OrderBy(f => f.At).Select(f => f.Mention).DistinctBy(m => m.Normalized).ToList();
    }

    /// <summary>
    /// Normalised texts of the lower-case runs that would be plates but for one common word among their parts ("ai 6875",
    /// "la 135 ye"): the grounding asks the history which of them are plates and passes those to <see cref="Find"/>.
    /// </summary>
    public IReadOnlyList<string> FindWordLike(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var (words, closed, opened) = Split(text);
        var used = Strict(words, closed, opened).SelectMany(f => Enumerable.Range(f.At, f.Words)).ToHashSet();
        return WordLikeRuns(words, closed, opened, used).Select(r => r.Mention.Normalized).Distinct().ToList();
    }

    private sealed record Found(PlateMention Mention, int At, int Words);

    /// <summary>Capitalised runs, lower-case runs without common words, and single plate-like words.</summary>
    private List<Found> Strict(string[] words, bool[] closed, bool[] opened)
    {
        var found = new List<Found>();
        for (var i = 0; i < words.Length; i++)
        {
            if (!IsPlatePart(words[i])) continue;
            var taken = 0;
            // Longest run of capitalised parts first, as long as the joined text is a known format.
            for (var n = Math.Min(MaxWordsJoined, words.Length - i); n >= 2 && taken == 0; n--)
            {
                var run = words.AsSpan(i, n).ToArray();
                if (!run.All(w => IsPlatePart(w) && (!w.Any(char.IsLower) || IsLowerCasePart(w)))) continue;
                if (closed.AsSpan(i, n - 1).Contains(true) || opened.AsSpan(i + 1, n - 1).Contains(true)) continue;
                var joined = string.Join(' ', run);
                var normalized = PlateGrammar.Normalize(joined);
                if (IsPlateLike(normalized) && grammar.Match(normalized).Any(m => !m.Format.IsGeneric))
                {
                    found.Add(new Found(new PlateMention(joined, normalized), i, n));
                    taken = n;
                }
            }
            if (taken == 0 && IsPlateLike(PlateGrammar.Normalize(words[i])))
            {
                found.Add(new Found(new PlateMention(words[i], PlateGrammar.Normalize(words[i])), i, 1));
                taken = 1;
            }
            i += Math.Max(0, taken - 1);
        }
        return found;
    }

    /// <summary>
    /// Runs of 2 to <see cref="MaxWordsJoined"/> words outside <paramref name="used"/>, in lower case, that start with one
    /// common word of 3 letters at most ("ai", "la", "the") followed by parts fit for a plate, letters and digits in all.
    /// A second common word ("see ai 6875" from "see") makes a sentence, not a plate.
    /// </summary>
    private static IEnumerable<Found> WordLikeRuns(string[] words, bool[] closed, bool[] opened, HashSet<int> used)
    {
        for (var i = 0; i < words.Length; i++)
        {
            for (var n = 2; n <= Math.Min(MaxWordsJoined, words.Length - i); n++)
            {
                if (Enumerable.Range(i, n).Any(used.Contains)) break;
                var run = words.AsSpan(i, n).ToArray();
                if (!run.All(w => IsPlatePart(w) && !w.Any(char.IsAsciiLetterUpper))) break;
                if (closed.AsSpan(i, n - 1).Contains(true) || opened.AsSpan(i + 1, n - 1).Contains(true)) break;
                // The word first: "16 au 20" is a range of days, "8 h 30" a time.
                if (!QuestionWords.IsWord(run[0]) || run[0].Length > 3 || !run.Skip(1).All(IsLowerCasePart)) continue;
                var joined = string.Join(' ', run);
                var normalized = PlateGrammar.Normalize(joined);
                // "en 2025", "in 1998": a year after a preposition.
                if (IsPlateLike(normalized) && !run.Any(IsYear)) yield return new Found(new PlateMention(joined, normalized), i, n);
            }
        }
    }

    // Punctuation between two words ("KEU [8]", "(US): 18") ends a plate: none is printed with it.
    private static (string[] Words, bool[] Closed, bool[] Opened) Split(string text)
    {
        var raw = WordSplit().Split(text);
        var words = raw.Select(Clean).ToArray();
        var closed = raw.Select((w, k) => words[k].Length > 0 && !w.EndsWith(words[k], StringComparison.Ordinal)).ToArray();
        var opened = raw.Select((w, k) => words[k].Length > 0 && !Elided(w).StartsWith(words[k], StringComparison.Ordinal)).ToArray();
        return (words, closed, opened);
    }

    /// <summary>4 to 10 letters and digits, with at least one of each (so years and counts are not plates).</summary>
    public static bool IsPlateLike(string normalized) =>
        normalized.Length is >= PlateGrammar.MinPlateLength and <= PlateGrammar.MaxPlateLength
        && normalized.Any(char.IsAsciiLetter) && normalized.Any(char.IsAsciiDigit);

    /// <summary>
    /// A lower-case word may be part of a plate written with spaces when it is not a common word and its
    /// groups without digits ("ger-bl") have at most 3 letters: no format has a longer group of letters alone, and this
    /// keeps "past 30" or "mars 2025" from fitting a Dutch or Austrian layout.
    /// </summary>
    private static bool IsLowerCasePart(string word) =>
        !QuestionWords.IsWord(word.ToLowerInvariant())
        && word.Split('-', '.').All(group => group.Any(char.IsAsciiDigit) || group.Length <= 3);

    private static bool IsYear(string word) => word.Length == 4 && int.TryParse(word, out var year) && year is >= 1900 and <= 2099;

    private static bool IsPlatePart(string word) => word.Length > 0 && PlatePart().IsMatch(word);

    /// <summary>Strips punctuation around a word and a French elision ("d'AB-123-CD" → "AB-123-CD").</summary>
    private static string Clean(string word) => Elided(word).Trim(Surrounding);

    private static string Elided(string word)
    {
        var apostrophe = word.LastIndexOfAny(['\'', '\u2019']);
        return apostrophe >= 0 ? word[(apostrophe + 1)..] : word;
    }

    private static readonly char[] Surrounding = ['?', '!', ',', ';', ':', '.', '"', '(', ')', '[', ']', '«', '»', '\u201C', '\u201D', '*', '`', '¿', '¡', '…'];

    [GeneratedRegex(@"\s+")]
    private static partial Regex WordSplit();

    [GeneratedRegex(@"^[A-Za-z0-9]+(?:[-.][A-Za-z0-9]+)*$")]
    private static partial Regex PlatePart();
}
