using System.Globalization;

namespace PlateWeb.Chat.Grounding;

/// <summary>
/// The numbers people write as words in a question, English and French, on folded text ("the last three days",
/// "vues au moins deux fois", "les quatorze derniers jours"): one list for every question shape that counts.
/// </summary>
internal static class NumberWords
{
    private static readonly Dictionary<string, int> Values = new(StringComparer.Ordinal)
    {
        ["one"] = 1,
        ["two"] = 2,
        ["three"] = 3,
        ["four"] = 4,
        ["five"] = 5,
        ["six"] = 6,
        ["seven"] = 7,
        ["eight"] = 8,
        ["nine"] = 9,
        ["ten"] = 10,
        ["fourteen"] = 14,
        ["thirty"] = 30,
        ["un"] = 1,
        ["une"] = 1,
        ["deux"] = 2,
        ["trois"] = 3,
        ["quatre"] = 4,
        ["cinq"] = 5,
        ["sept"] = 7,
        ["huit"] = 8,
        ["neuf"] = 9,
        ["dix"] = 10,
        ["quatorze"] = 14,
        ["trente"] = 30,
    };

    /// <summary>A regular-expression alternation of the words, the longer first ("fourteen" before "four").</summary>
    public static string Pattern { get; } = string.Join('|', Values.Keys.OrderByDescending(k => k.Length).ThenBy(k => k, StringComparer.Ordinal));

    /// <summary>The value of a word of the list, or of digits.</summary>
    public static int Parse(string text) =>
        Values.TryGetValue(text, out var n) ? n : int.Parse(text, CultureInfo.InvariantCulture);
}
