using PlateWeb.Recognition.Detection;
using PlateWeb.Recognition.Grammar;

namespace PlateWeb.Recognition.Pipeline;

/// <summary>One plate read in an image.</summary>
/// <param name="Text">Normalised plate text (upper case, no separators).</param>
/// <param name="DisplayText">As printed, with the format's separators, for example "AB-123-CD".</param>
/// <param name="Confidence">0..1.</param>
/// <param name="CharConfidences">One value in 0..1 per character of <paramref name="Text"/>.</param>
/// <param name="Candidates">Up to 10 ranked alternatives, best first (the first is <paramref name="Text"/>).</param>
/// <param name="Quad">Estimated plate outline in image coordinates.</param>
/// <param name="Country">Country code or "EU"; null when unknown.</param>
/// <param name="Format">Format id such as "FR-SIV"; null when unknown.</param>
/// <param name="CountryConfidence">0..1.</param>
/// <param name="Explanation">One human line about the format.</param>
/// <param name="RawText">What the reader (the plate reader or Tesseract, <see cref="ReadBy"/>) read before the grammar.</param>
/// <param name="Corrections">Grammar corrections applied to <paramref name="RawText"/>.</param>
public sealed record PlateRead(
    string Text,
    string DisplayText,
    float Confidence,
    IReadOnlyList<float> CharConfidences,
    IReadOnlyList<PlateCandidate> Candidates,
    Quad Quad,
    string? Country,
    string? Format,
    float CountryConfidence,
    string? Explanation,
    string RawText,
    IReadOnlyList<GrammarCorrection> Corrections)
{
    public const string PlateReader = "plate-reader";
    public const string Tesseract = "tesseract";

    /// <summary>Which reader's read this is: <see cref="PlateReader"/> or <see cref="Tesseract"/>.</summary>
    public string ReadBy { get; init; } = Tesseract;

    /// <summary>
    /// The plate reader's probability that the region is a plate at all (1 − its "not a plate"), whoever
    /// read the text; null where no plate reader looked. Not stored: the calibration weighs it in.
    /// </summary>
    public float? PlateProbability { get; init; }

    /// <summary>
    /// What the other reader made of the region: <see cref="Agrees"/> (the same text), <see cref="Differs"/> (another
    /// plate text), <see cref="NoPlateText"/> (no text the grammar takes for a plate) or null (it did not read).
    /// </summary>
    public string? OtherReader { get; init; }

    /// <summary>The country code read in the plate's EU band ("F", "SK"…), which chose its country; null where none was read.</summary>
    public string? Band { get; init; }

    public const string Agrees = "agrees";
    public const string Differs = "differs";
    public const string NoPlateText = "no-plate-text";
}
