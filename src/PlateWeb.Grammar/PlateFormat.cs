namespace PlateWeb.Recognition.Grammar;

/// <summary>
/// A licence-plate layout the grammar can recognise.
/// </summary>
/// <remarks>
/// Pattern language (deliberately tiny so formats stay readable):
/// <list type="bullet">
/// <item><c>L</c> letter, <c>D</c> digit, <c>A</c> letter or digit, <c>C</c> consonant (Spanish style: no vowels, no Q).</item>
/// <item><c>[XYZ]</c> one of the listed characters; <c>[^XYZ]</c> any letter or digit except those.</item>
/// <item>Quantifiers after a class: <c>{n}</c>, <c>{m,n}</c>, <c>?</c> (zero or one).</item>
/// <item><c>-</c>, space and <c>.</c> are separators: they are only used to print the plate, the OCR text never contains them.</item>
/// </list>
/// <see cref="ExcludedLetters"/> is removed from every <c>L</c>, <c>A</c> and <c>C</c> slot (not from explicit sets),
/// because issuing authorities usually ban letters plate-wide (for example I, O, U in France).
/// </remarks>
/// <param name="Id">Stable identifier, for example "FR-SIV".</param>
/// <param name="Country">ISO 3166 alpha-2 code, or "EU" for the generic European pattern.</param>
/// <param name="Pattern">Position pattern, for example "LL-DDD-LL".</param>
/// <param name="Prior">How common the format is for our users, in 0..1; multiplies the OCR score.</param>
/// <param name="Explanation">One English line, for example "French SIV format AA-123-AA, issued since 2009".</param>
/// <param name="ExplanationFr">The same line in French (French users are the first audience).</param>
public sealed record PlateFormat(
    string Id,
    string Country,
    string Pattern,
    float Prior,
    string Explanation,
    string ExplanationFr)
{
    /// <summary>Letters never issued in <c>L</c>/<c>A</c>/<c>C</c> slots, for example "IOU".</summary>
    public string ExcludedLetters { get; init; } = "";

    /// <summary>When set, the text must start with one of these (for example Swiss canton codes).</summary>
    public IReadOnlyList<string>? Prefixes { get; init; }

    /// <summary>A whole-text rule a pattern cannot express (German district codes), or null.</summary>
    public Func<string, bool>? Validate { get; init; }

    /// <summary>Minimum number of letters in the whole text (generic patterns need a letter/digit mix).</summary>
    public int MinLetters { get; init; }

    /// <summary>Minimum number of digits in the whole text.</summary>
    public int MinDigits { get; init; }

    /// <summary>Maximum total length; caps patterns built from variable-length groups.</summary>
    public int? MaxLength { get; init; }

    /// <summary>True for catch-all patterns (generic EU/US); they never count as a confident country guess.</summary>
    public bool IsGeneric { get; init; }

    /// <summary>
    /// The letters whose digit twin the plates' font draws alike ("OI": O like 0 and I like 1, old Brazilian plates;
    /// "O": O like 0, Slovak plates, whose 1 has a flag an I lacks), which the layout tells apart by place: a
    /// reader's probability of a 0 where the layout needs a letter counts for the O (<see cref="PlateGrammar.StandIns"/>).
    /// Empty: none. For fixed blocks of letters and digits only: on a country's many mixed layouts (US states) it
    /// would hand a digit's evidence to whichever layout wants a letter there.
    /// </summary>
    public string LookAlikesByPlace { get; init; } = "";

    /// <summary>A real-looking example in normalised form; tests check every format accepts its own example.</summary>
    public string Example { get; init; } = "";

    /// <summary>The explanation in the requested culture ("fr", "fr-FR" → French, anything else → English).</summary>
    public string ExplanationFor(string? culture) => IsFrench(culture) ? ExplanationFr : Explanation;

    internal static bool IsFrench(string? culture) =>
        culture is not null && culture.StartsWith("fr", StringComparison.OrdinalIgnoreCase);
}

/// <summary>A format that a plain plate text fits, with the text printed in that format.</summary>
/// <param name="Format">The matching format.</param>
/// <param name="DisplayText">The text with the format's separators, for example "AB-123-CD".</param>
/// <param name="Explanation">The format's explanation in the requested culture.</param>
public sealed record FormatMatch(PlateFormat Format, string DisplayText, string Explanation);
