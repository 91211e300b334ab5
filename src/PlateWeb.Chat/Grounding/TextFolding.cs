using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace PlateWeb.Chat.Grounding;

/// <summary>
/// Questions are matched on a folded copy: lower case, accents removed, typographic apostrophes
/// made plain, punctuation (the French " ?" included) turned into spaces, spaces collapsed. So
/// "Aujourd’hui ?" and "aujourd'hui?" read the same.
/// </summary>
internal static class TextFolding
{
    public static string Fold(string text)
    {
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length + 2);
        sb.Append(' ');
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            var folded = c switch
            {
                '\u2019' or '\u2018' or '`' or '\u00B4' => '\'',
                '\u2010' or '\u2011' or '\u2013' => '-',
                _ => char.ToLowerInvariant(c),
            };
            // Letters, digits, the apostrophe (elision: l', qu') and the hyphen (a-t-on, pays-bas) stay.
            sb.Append(char.IsLetterOrDigit(folded) || folded is '\'' or '-' or '_' or '/' ? folded : ' ');
        }
        sb.Append(' ');
        return Regex.Replace(sb.ToString(), " {2,}", " ");
    }

    /// <summary>True when <paramref name="phrase"/> (folded, may hold spaces) appears as whole words.</summary>
    public static bool ContainsWord(string folded, string phrase) => IndexOfWord(folded, phrase) >= 0;

    public static int IndexOfWord(string folded, string phrase)
    {
        var start = 0;
        while (true)
        {
            var i = folded.IndexOf(phrase, start, StringComparison.Ordinal);
            if (i < 0) return -1;
            var end = i + phrase.Length;
            if ((i == 0 || !IsWordChar(folded[i - 1])) && (end >= folded.Length || !IsWordChar(folded[end]))) return i;
            start = i + 1;
        }
    }

    public static bool ContainsAny(string folded, IEnumerable<string> phrases) => phrases.Any(p => ContainsWord(folded, p));

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c);
}
