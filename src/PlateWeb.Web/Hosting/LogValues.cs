using System.Globalization;
using System.Text;

namespace PlateWeb.Web.Hosting;

/// <summary>Text that someone typed (a user name at sign-in), made safe to write in a log line.</summary>
public static class LogValues
{
    private const int MaxLength = 64;

    /// <summary>
    /// Control characters (CR and LF, which forged a whole log line, tab, escape), Unicode line and
    /// paragraph separators and format characters (bidirectional overrides) become '?'; more than
    /// 64 characters are cut with '…'. A name that needs none of this comes back as it was.
    /// </summary>
    public static string Safe(string? value)
    {
        if (string.IsNullOrEmpty(value)) return string.Empty;
        var text = new StringBuilder(Math.Min(value.Length, MaxLength + 1));
        foreach (var c in value)
        {
            if (text.Length == MaxLength)
            {
                text.Append('…');
                break;
            }
            text.Append(Unsafe(c) ? '?' : c);
        }
        return text.ToString();
    }

    private static bool Unsafe(char c) => char.IsControl(c) || CharUnicodeInfo.GetUnicodeCategory(c)
        is UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Format;
}
