namespace PlateWeb.Recognition.Ocr;

/// <summary>Tesseract page segmentation modes (<c>TessPageSegMode</c> in capi.h).</summary>
public enum TesseractPageSegMode
{
    OsdOnly = 0,
    AutoOsd = 1,
    AutoOnly = 2,
    Auto = 3,
    SingleColumn = 4,
    SingleBlockVertText = 5,
    SingleBlock = 6,
    SingleLine = 7,
    SingleWord = 8,
    CircleWord = 9,
    SingleChar = 10,
    SparseText = 11,
    SparseTextOsd = 12,
    RawLine = 13,
}

/// <summary>How a <see cref="TesseractEngine"/> is initialised.</summary>
/// <param name="TessdataPath">Folder that directly contains <c>&lt;Language&gt;.traineddata</c>.</param>
/// <param name="Language">Tesseract language (traineddata name without extension).</param>
public sealed record TesseractSettings(string TessdataPath, string Language = "eng")
{
    /// <summary>Upper-case Latin letters and digits.</summary>
    public const string PlateCharacters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    /// <summary>Characters Tesseract may output (<c>tessedit_char_whitelist</c>); null or empty = no restriction.</summary>
    public string? CharWhitelist { get; init; } = PlateCharacters;

    /// <summary>Page segmentation mode; a rectified plate is one line.</summary>
    public TesseractPageSegMode PageSegMode { get; init; } = TesseractPageSegMode.SingleLine;

    /// <summary>Resolution reported to Tesseract for every image (avoids its "invalid resolution" estimate).</summary>
    public int SourceResolutionPpi { get; init; } = 300;

    /// <summary>Most alternatives kept per character (best first, including the best reading).</summary>
    public int MaxAlternatives { get; init; } = 5;

    /// <summary>
    /// Pass <c>load_system_dawg</c>, <c>load_freq_dawg</c>, <c>load_punc_dawg</c>,
    /// <c>load_number_dawg</c>, <c>load_unambig_dawg</c>, <c>load_bigram_dawg</c> = 0 at Init (they
    /// are init-only). Caveat, measured on Tesseract 5.3.0 with an LSTM-only model: the LSTM
    /// recogniser still loads its own <c>lstm-word/punc/number-dawg</c> regardless of these
    /// variables; they only affect the legacy dictionaries. To remove dictionary bias entirely, use
    /// a traineddata without LSTM dawgs (e.g. a dedicated <c>plate.traineddata</c>).
    /// </summary>
    public bool DisableDictionaries { get; init; } = true;

    /// <summary>
    /// Further Tesseract variables. They are given at Init (so init-only parameters work) and then
    /// set again with <c>TessBaseAPISetVariable</c>, which rejects unknown names. Applied last, so
    /// they override the values derived from the other settings.
    /// </summary>
    public IReadOnlyDictionary<string, string>? Variables { get; init; }
}
