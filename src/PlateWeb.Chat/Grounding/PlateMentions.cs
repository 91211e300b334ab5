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
/// case, when no part is a common English or French word, so "AB-123-CD ET" or "the 123 abc" are not plates.
/// </summary>
public sealed partial class PlateMentions(PlateGrammar grammar)
{
    private const int MaxWordsJoined = 4;

    public IReadOnlyList<PlateMention> Find(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var raw = WordSplit().Split(text);
        var words = raw.Select(Clean).ToArray();
        // Punctuation between two words ("KEU [8]", "(US): 18") ends a plate: none is printed with it.
        var closed = raw.Select((w, k) => words[k].Length > 0 && !w.EndsWith(words[k], StringComparison.Ordinal)).ToArray();
        var opened = raw.Select((w, k) => words[k].Length > 0 && !Elided(w).StartsWith(words[k], StringComparison.Ordinal)).ToArray();
        var found = new List<PlateMention>();
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
                    found.Add(new PlateMention(joined, normalized));
                    taken = n;
                }
            }
            if (taken == 0 && IsPlateLike(PlateGrammar.Normalize(words[i])))
            {
                found.Add(new PlateMention(words[i], PlateGrammar.Normalize(words[i])));
                taken = 1;
            }
            i += Math.Max(0, taken - 1);
        }
        return found.DistinctBy(m => m.Normalized).ToList();
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
