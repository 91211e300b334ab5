using System.Text;
using System.Text.RegularExpressions;
using PlateWeb.Recognition.Grammar;

namespace PlateWeb.Data.Privacy;

/// <summary>
/// Finds where free text (a chat message, a title, a fact line) names one of a set of plates: the
/// plate's letters and digits in order, with any spaces, dashes or dots between them, upper or lower
/// case, each character forgiven its OCR confusions (O/0/D, I/1, B/8 … as the forget search), and
/// not inside a longer word or number. "ab 123-cd" and "AB-I23-CD" name AB-123-CD; "TAB123CDE" does not.
/// </summary>
internal sealed class PlateNames
{
    // Plate texts are short and the separators are the only repetition, so a match never backtracks far; the
    // timeout only bounds a pathological message.
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(2);

    private const string Separators = @"[\s\p{Pd}.·]*";

    /// <summary>For each skeleton character, every ASCII letter or digit with that skeleton.</summary>
    private static readonly Dictionary<char, string> Classes = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
        .GroupBy(c => PlateGrammar.Skeleton(c.ToString())[0])
        .ToDictionary(g => g.Key, g => "[" + string.Concat(g) + "]");

    private readonly Regex? _pattern;

    /// <param name="plateTexts">Plate texts in any form; those with fewer than two letters or digits are ignored (they would name everything).</param>
    public PlateNames(IEnumerable<string?> plateTexts)
    {
        var skeletons = plateTexts.Where(t => t is not null).Select(t => PlateGrammar.Skeleton(t!)).Where(s => s.Length >= 2)
            .Distinct(StringComparer.Ordinal).OrderByDescending(s => s.Length).ThenBy(s => s, StringComparer.Ordinal).ToList();
        Count = skeletons.Count;
        if (skeletons.Count == 0) return;
        var pattern = new StringBuilder(@"(?<![\p{L}\p{N}])(?:");
        for (var i = 0; i < skeletons.Count; i++)
        {
            if (i > 0) pattern.Append('|');
            pattern.AppendJoin(Separators, skeletons[i].Select(c => Classes[c]));
        }
        pattern.Append(@")(?![\p{L}\p{N}])");
        _pattern = new Regex(pattern.ToString(), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, MatchTimeout);
    }

    /// <summary>How many distinct plates (skeletons) are looked for.</summary>
    public int Count { get; }

    public bool AreNamedIn(string? text) => _pattern is not null && !string.IsNullOrEmpty(text) && _pattern.IsMatch(text);
}
