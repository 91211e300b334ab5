using PlateWeb.Recognition.Detection;
using PlateWeb.Recognition.Grammar;

namespace PlateWeb.Recognition.Pipeline;

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
/// <param name="Verdict"><paramref name="Reason"/> as data, so a user interface can say it in its own language.</param>
public sealed record CandidateTrace(
    Quad Quad,
    int CharCount,
    float DetectionScore,
    string RawText,
    float OcrConfidence,
    bool Kept,
    string Reason,
    byte[]? RectifiedPng = null,
    byte[]? BinarizedPng = null,
    TraceVerdict? Verdict = null);

/// <summary>What became of a detected region.</summary>
public enum TraceOutcome
{
    /// <summary>Read and kept as a plate.</summary>
    Read,
    /// <summary>Tesseract returned no characters.</summary>
    NoCharacters,
    /// <summary>The grammar refused the OCR text.</summary>
    Rejected,
    /// <summary>Another region gave the same plate with a better score.</summary>
    Duplicate,
}

/// <summary>The facts behind <see cref="CandidateTrace.Reason"/>.</summary>
/// <param name="Text">The plate read (<see cref="TraceOutcome.Read"/>) or the better twin (<see cref="TraceOutcome.Duplicate"/>).</param>
/// <param name="Format">Format id of the read, null when none is known.</param>
/// <param name="Corrections">Grammar corrections applied to reach <paramref name="Text"/>.</param>
/// <param name="RejectReason">The grammar's reason, in English (<see cref="TraceOutcome.Rejected"/>).</param>
public sealed record TraceVerdict(TraceOutcome Outcome, string? Text = null, string? Format = null, int Corrections = 0, string? RejectReason = null);

/// <summary>Where one image stands inside <see cref="PlateRecognizer"/>, reported as it moves on.</summary>
public enum RecognitionStage
{
    /// <summary>The image is decoded; the detector looks for rows of characters.</summary>
    Detecting,
    /// <summary>Regions are found; each is straightened and read by OCR, then checked by the grammar.</summary>
    Reading,
}

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
/// <param name="Stages">Told each <see cref="RecognitionStage"/> as it starts, synchronously on the recognising thread.</param>
/// <param name="StripObserver">
/// Shown every strip the OCR reads, with Tesseract's own line (before the glyph classifier) and the
/// region's plate quad, synchronously; the strip is disposed afterwards. `platectl glyphs` collects
/// training glyphs with it.
/// </param>
/// <param name="SecondLook">
/// Look again at 2/3 of the size when nothing was read (photos: plates between the detector's sizes). A camera
/// turns it off: most of its frames hold no plate, and the next frame is the next chance.
/// </param>
public sealed record RecognizeOptions(string? CountryHint = null, bool CaptureImages = false, IProgress<RecognitionStage>? Stages = null,
    Action<StripObservation>? StripObserver = null, bool SecondLook = true)
{
    public static readonly RecognizeOptions Default = new();
}

/// <summary>One strip as the OCR read it: the prepared image, Tesseract's line, the region it came from.</summary>
public sealed record StripObservation(OpenCvSharp.Mat Prepared, PlateWeb.Recognition.Ocr.OcrLine Line, PlateWeb.Recognition.Detection.Quad PlateQuad);
