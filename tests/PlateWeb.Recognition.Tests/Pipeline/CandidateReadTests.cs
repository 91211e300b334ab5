using OpenCvSharp;
using PlateWeb.Recognition.Detection;
using PlateWeb.Recognition.Grammar;
using PlateWeb.Recognition.Ocr;
using PlateWeb.Recognition.Pipeline;

namespace PlateWeb.Recognition.Tests.Pipeline;

/// <summary>The record a region's reading passes share: which read stands, and who owns the pictures.</summary>
public sealed class CandidateReadTests
{
    private static readonly PlateGrammar Grammar = new();
    private static readonly Quad Box = new(new PointF(0, 0), new PointF(100, 0), new PointF(100, 30), new PointF(0, 30));

    private static CandidateRead NewCandidate() => new(new DetectedPlate(Box, Box, 20, 7, 1, [new BoxF(0, 0, 10, 20)], true), null);

    private static (OcrLine Line, GrammarResult Verdict) Read(string text)
    {
        var line = new OcrLine(text, 0.9f, text.Select(c => new OcrCharacter(c, 0.9f, [new CharChoice(c, 0.9f)], BoxI.Empty)).ToList());
        return (line, Grammar.Interpret(line, "FR"));
    }

    [Fact]
    public void Offer_AcceptedReads_TheHigherStandingWins_TheFirstKeepsTies()
    {
        using var c = NewCandidate();
        var (l1, v1) = Read("AB123CD");
        var (l2, v2) = Read("AB128CD");

        c.Offer(l1, v1, 0.5f, byReader: true);
        c.Offer(l2, v2, 0.5f, byReader: false);
        Assert.Equal("AB123CD", c.Verdict.Text);
        Assert.True(c.ByReader);

        c.Offer(l2, v2, 0.6f, byReader: false);
        Assert.Equal("AB128CD", c.Verdict.Text);
        Assert.False(c.ByReader);
    }

    [Fact]
    public void Offer_RejectedRead_NeverReplacesAnAcceptedOne_ButALongerRejectedOneStandsIn()
    {
        using var c = NewCandidate();
        var (junk, junkVerdict) = Read("XY");
        var (longer, longerVerdict) = Read("XYZ");
        var (plate, plateVerdict) = Read("AB123CD");
        Assert.False(junkVerdict.Accepted);

        c.Offer(junk, junkVerdict, 0f, false);
        c.Offer(longer, longerVerdict, 0f, false);
        Assert.Equal("XYZ", c.Line.Text);
        c.Offer(plate, plateVerdict, 0.1f, true);
        c.Offer(longer, longerVerdict, 0f, false);
        Assert.Equal("AB123CD", c.Verdict.Text);

        c.Reject("not a plate after all");
        Assert.False(c.Verdict.Accepted);
        Assert.Equal("not a plate after all", c.Verdict.RejectReason);
    }

    [Fact]
    public void Pictures_AreDisposedWhenReplacedAndWithTheCandidate()
    {
        var first = new Mat(4, 4, MatType.CV_8UC1);
        var second = new Mat(4, 4, MatType.CV_8UC1);
        var c = NewCandidate();

        c.Prepared = first;
        c.Prepared = second;
        Assert.True(first.IsDisposed);
        Assert.False(second.IsDisposed);

        c.Dispose();
        Assert.True(second.IsDisposed);
    }

    [Fact]
    public void OtherReader_SameText_Agrees_AnotherPlateText_Differs_NoPlateText_OrNotAsked()
    {
        // What the reader that did not give a plate's read made of its region (results.jsonl's other_reader).
        var (_, same) = Read("AB123CD");
        var (_, other) = Read("AB128CD");
        var (_, noPlate) = Read("~");
        Assert.True(same.Accepted && other.Accepted && !noPlate.Accepted);

        Assert.Equal(PlateRead.Agrees, PlateRecognizer.OtherReaderOf("AB123CD", same));
        Assert.Equal(PlateRead.Differs, PlateRecognizer.OtherReaderOf("AB123CD", other));
        Assert.Equal(PlateRead.NoPlateText, PlateRecognizer.OtherReaderOf("AB123CD", noPlate));
        Assert.Null(PlateRecognizer.OtherReaderOf("AB123CD", null));
    }
}
