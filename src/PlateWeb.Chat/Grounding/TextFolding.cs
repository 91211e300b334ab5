using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace PlateWeb.Chat.Grounding;

/// <summary>
/// Questions are matched on a folded copy: lower case, accents removed, typographic apostrophes
/// made plain, punctuation (the French " ?" included) turned into spaces, spaces collapsed. So
/// "Aujourd’hui ?" and "aujourd'hui?" read the same. The wildcards of a plate pattern stay: "*" next to a
/// letter, digit or dash ("AB*", not markdown's "**"), and "?" inside one ("AB-1?3-CD", not the question mark
/// that ends "AB-123-CD?").
/// </summary>
internal static class TextFolding
{
    public static string Fold(string text)
    {
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length + 2);
        sb.Append(' ');
        for (var i = 0; i < decomposed.Length; i++)
        {
            var c = decomposed[i];
            if (IsWildcard(decomposed, i))
            {
                sb.Append(c);
                continue;
            }
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            var folded = c switch
            {
                '\u2019' or '\u2018' or '`' or '\u00B4' => '\'',
                '\u2010' or '\u2011' or '\u2013' => '-',
                _ => char.ToLowerInvariant(c),
            };
            // "95%" and "95 %" become "95 percent": a share without the word "confidence" is still one
            // ("What about above 95%?" after a question on confidence).
            if (folded == '%')
            {
                sb.Append(" percent ");
                continue;
            }
            // Letters, digits, the apostrophe (elision: l', qu') and the hyphen (a-t-on, pays-bas) stay.
            sb.Append(char.IsLetterOrDigit(folded) || folded is '\'' or '-' or '_' or '/' ? folded : ' ');
        }
        sb.Append(' ');
        return Regex.Replace(sb.ToString(), " {2,}", " ");
    }

    /// <summary>A "*" beside a plate character and not in a run of "*", or a "?" between plate characters (more "?" may follow).</summary>
    private static bool IsWildcard(string text, int i)
    {
        static bool Plate(char c) => char.IsAsciiLetterOrDigit(c) || c == '-';
        var before = i > 0 ? text[i - 1] : ' ';
        if (text[i] == '*')
        {
            var after = i + 1 < text.Length ? text[i + 1] : ' ';
            return before != '*' && after != '*' && (Plate(before) || Plate(after) || before == '?' || after == '?');
        }
        if (text[i] != '?' || !(Plate(before) || before is '*' or '?')) return false;
        var next = i + 1;
        while (next < text.Length && text[next] == '?') next++;
        return next < text.Length && (Plate(text[next]) || text[next] == '*');
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
