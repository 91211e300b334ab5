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
/// <param name="RawText">What Tesseract read before the grammar.</param>
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
    IReadOnlyList<GrammarCorrection> Corrections);

/// <summary>Milliseconds spent per stage of one image.</summary>
public sealed record StageTimings(double DecodeMs, double DetectMs, double ReadMs, double TotalMs);

/// <summary>What happened to one detected region, kept or not, for the "why this result?" view and eval.</summary>
/// <param name="Quad">Region outline.</param>
/// <param name="CharCount">Character-like blobs found in the region.</param>
/// <param name="DetectionScore">Detector score 0..1.</param>
/// <param name="RawText">Tesseract's text, empty when nothing was read.</param>
/// <param name="OcrConfidence">Tesseract's mean confidence 0..1.</param>
/// <param name="Kept">Whether the region became a plate read.</param>
/// <param name="Reason">Why it was kept or dropped, in words.</param>
/// <param name="RectifiedPng">The rectified plate as given to OCR (only when images were asked for).</param>
/// <param name="BinarizedPng">The binarized plate (only when images were asked for).</param>
public sealed record CandidateTrace(
    Quad Quad,
    int CharCount,
    float DetectionScore,
    string RawText,
    float OcrConfidence,
    bool Kept,
    string Reason,
    byte[]? RectifiedPng = null,
    byte[]? BinarizedPng = null);

/// <summary>Everything the engine found in one image.</summary>
public sealed record RecognitionResult(
    int Width,
    int Height,
    IReadOnlyList<PlateRead> Plates,
    StageTimings Timings,
    IReadOnlyList<CandidateTrace> Trace);

/// <summary>Per-call choices.</summary>
/// <param name="CountryHint">Country code that the grammar should prefer ("FR", "US", "BR"…), or null.</param>
/// <param name="CaptureImages">Keep the rectified and binarized crops in the trace (costs encoding time).</param>
public sealed record RecognizeOptions(string? CountryHint = null, bool CaptureImages = false)
{
    public static readonly RecognizeOptions Default = new();
}
