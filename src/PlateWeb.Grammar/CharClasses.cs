namespace PlateWeb.Recognition.Grammar;

/// <summary>Bit masks over the 36 plate characters: bits 0..9 are digits, bits 10..35 are letters A..Z.</summary>
internal static class CharClasses
{
    public const ulong Digits = (1UL << 10) - 1;
    public const ulong Letters = ((1UL << 26) - 1) << 10;
    public const ulong Alnum = Digits | Letters;

    public static readonly ulong Consonants = Of("BCDFGHJKLMNPRSTVWXYZ");

    public static int Bit(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'A' and <= 'Z' => c - 'A' + 10,
        _ => -1,
    };

    public static bool Accepts(ulong mask, char c)
    {
        var bit = Bit(c);
        return bit >= 0 && (mask & (1UL << bit)) != 0;
    }

    public static ulong Of(string chars)
    {
        ulong mask = 0;
        foreach (var c in chars)
        {
            var bit = Bit(char.ToUpperInvariant(c));
            if (bit < 0)
            {
                throw new FormatException($"'{c}' is not a plate character.");
            }

            mask |= 1UL << bit;
        }

        return mask;
    }

    public static bool IsLetter(char c) => c is >= 'A' and <= 'Z';

    public static bool IsDigit(char c) => c is >= '0' and <= '9';

    /// <summary>Human wording of a slot, used in correction reasons.</summary>
    public static string Describe(ulong mask) =>
        (mask & Letters) == 0 ? "a digit" : (mask & Digits) == 0 ? "a letter" : "a letter or digit";
}
