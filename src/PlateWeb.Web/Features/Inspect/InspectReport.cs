using System.Globalization;
using PlateWeb.Recognition.Detection;
using PlateWeb.Recognition.Grammar;
using PlateWeb.Recognition.Pipeline;

namespace PlateWeb.Web.Features.Inspect;

/// <summary>What the "Why this result?" view shows: every region the detector found, kept or dropped, and why.</summary>
public sealed record InspectReport(int Width, int Height, IReadOnlyList<InspectRow> Rows)
{
    public static InspectReport From(RecognitionResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var rows = result.Trace.Select((trace, i) => InspectRow.From(i + 1, trace, result.Plates)).ToList();
        return new InspectReport(result.Width, result.Height, rows);
    }
}

/// <summary>One detected region as a row of the inspect view.</summary>
/// <param name="Number">1-based, in detection order; also the label on the picture.</param>
/// <param name="PlateText">The plate's display text when the region was kept.</param>
/// <param name="Corrections">Grammar corrections in words, for example "position 3: O → 0, pattern FR-SIV expects a digit at position 3".</param>
/// <param name="Verdict">What the engine decided, as data for the view's own wording (null from an engine that did not say).</param>
/// <param name="ReplacedLater">Read and kept, then replaced by a stronger read of the same plate.</param>
/// <param name="CorrectionItems">The corrections as data, 0-based positions.</param>
/// <param name="Format">Format id of the plate read, for the corrections' wording.</param>
public sealed record InspectRow(
    int Number,
    bool Kept,
    string Reason,
    string RawText,
    float OcrConfidence,
    float DetectionScore,
    int CharCount,
    string SvgPoints,
    string? PlateText,
    string? RectifiedDataUrl,
    string? BinarizedDataUrl,
    IReadOnlyList<string> Corrections,
    TraceVerdict? Verdict = null,
    bool ReplacedLater = false,
    IReadOnlyList<GrammarCorrection>? CorrectionItems = null,
    string? Format = null)
{
    internal static InspectRow From(int number, CandidateTrace trace, IReadOnlyList<PlateRead> plates)
    {
        // A kept region can still lose to a stronger read of the same plate found later in the image,
        // so "kept" means it is among the final plates, which carry the same quad.
        var plate = trace.Kept ? plates.FirstOrDefault(p => p.Quad == trace.Quad) : null;
        var replaced = trace.Kept && plate is null;
        var reason = replaced ? trace.Reason + ", then replaced by a stronger read of the same plate" : trace.Reason;
        return new InspectRow(
            number, plate is not null, reason, trace.RawText, trace.OcrConfidence, trace.DetectionScore, trace.CharCount,
            ToSvgPoints(trace.Quad), plate?.DisplayText,
            PngDataUrl(trace.RectifiedPng), PngDataUrl(trace.BinarizedPng),
            plate?.Corrections.Select(c => $"position {c.Position + 1}: {c.From} → {c.To}, {c.Reason}").ToList() ?? [],
            trace.Verdict, replaced, plate?.Corrections ?? [], plate?.Format);
    }

    private static string ToSvgPoints(Quad quad) => string.Join(' ', quad.Points
        .Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.X:0.#},{p.Y:0.#}")));

    private static string? PngDataUrl(byte[]? png) => png is { Length: > 0 } ? "data:image/png;base64," + Convert.ToBase64String(png) : null;
}
