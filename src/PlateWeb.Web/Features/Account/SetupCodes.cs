using System.Security.Cryptography;
using System.Text;

namespace PlateWeb.Web.Features.Account;

/// <summary>
/// The one-time code that lets the first visitor create the admin account: whoever reaches the page
/// first is not enough, they must also see the app's console (or its data folder).
/// </summary>
public static class SetupCodes
{
    public const string FileName = "setup-code.txt";

    public const int MinLength = 8;

    // No 0/O, 1/I/L: the code is read off a terminal and typed. 31 symbols × 10 ≈ 49 bits, and the
    // form is rate-limited per address, so guessing it before the owner types it is out of reach.
    private const string Alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

    private const int Length = 10;

    /// <summary>A new random code, shown as two groups of five ("K7QX2-MHD9P").</summary>
    public static string Generate()
    {
        var code = RandomNumberGenerator.GetString(Alphabet, Length);
        return code[..(Length / 2)] + "-" + code[(Length / 2)..];
    }

    /// <summary>The code as compared: without spaces and dashes, in capitals.</summary>
    public static string Normalize(string? code) =>
        string.Concat((code ?? "").Where(c => !char.IsWhiteSpace(c) && c != '-')).ToUpperInvariant();

    public static bool IsAcceptable(string code)
    {
        var normalized = Normalize(code);
        return normalized.Length >= MinLength && normalized.All(char.IsAsciiLetterOrDigit);
    }

    /// <summary>Whether <paramref name="given"/> is <paramref name="expected"/> (both normalized), in time that does not depend on where they differ.</summary>
    public static bool Matches(string expected, string? given) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(Normalize(expected)), Encoding.UTF8.GetBytes(Normalize(given)));
}
