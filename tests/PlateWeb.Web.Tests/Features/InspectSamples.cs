using OpenCvSharp;
using PlateWeb.Recognition.Detection;
using PlateWeb.Recognition.Grammar;
using PlateWeb.Recognition.Pipeline;
using PointF = PlateWeb.Recognition.Detection.PointF;

namespace PlateWeb.Web.Tests.Features;

/// <summary>A hand-built recognition with one kept and one dropped region, crops encoded by OpenCV.</summary>
internal static class InspectSamples
{
    public static readonly Quad KeptQuad = new(new PointF(10, 20), new PointF(110, 20), new PointF(110, 50), new PointF(10, 50));

    public static readonly Quad DroppedQuad = new(new PointF(200, 300), new PointF(260, 300), new PointF(260, 320), new PointF(200, 320));

    public static RecognitionResult KeptAndDropped()
    {
        var read = new PlateRead(
            "AB123CD", "AB-123-CD", 0.8f, [], [new PlateCandidate("AB123CD", 0.8f, "FR-SIV")], KeptQuad,
            "FR", "FR-SIV", 0.9f, "French SIV format AA-123-AA", "AB12OCD",
            [new GrammarCorrection(4, 'O', '0', "pattern FR-SIV expects a digit at position 5")]);
        CandidateTrace[] trace =
        [
            new(KeptQuad, 7, 0.9f, "AB12OCD", 0.75f, true, "read as AB1230CD after 1 correction(s) (FR-SIV)", Png(120), Png(255),
                new TraceVerdict(TraceOutcome.Read, "AB1230CD", "FR-SIV", 1)),
            new(DroppedQuad, 3, 0.4f, "~i", 0.2f, false, "grammar rejected \"~i\": too short", Png(60), Png(0),
                new TraceVerdict(TraceOutcome.Rejected, RejectReason: "too short")),
        ];
        return new RecognitionResult(640, 480, [read], new StageTimings(1, 2, 3, 6), trace);
    }

    private static byte[] Png(byte gray)
    {
        using var mat = new Mat(4, 12, MatType.CV_8UC1, new Scalar(gray));
        return mat.ImEncode(".png");
    }
}
