using OpenCvSharp;
using PlateWeb.Recognition.Detection;
using PlateWeb.Recognition.Grammar;
using PlateWeb.Recognition.Ocr;
using PlateWeb.Recognition.Pipeline;
using PlateWeb.Grammar.Tests;

namespace PlateWeb.Recognition.Tests.Pipeline;

/// <summary>The two readers' verdicts combined where they disagree: the text both find likely stands.</summary>
public sealed class FusionPassTests
{
    private static readonly PlateGrammar Grammar = new();
    private static readonly Quad Box = new(new PointF(0, 0), new PointF(100, 0), new PointF(100, 30), new PointF(0, 30));

    [Fact]
    public void TesseractProbability_SameLength_IsTheProductOfItsChoices_WithAFloorForUnseenCharacters()
    {
        var line = OcrLines.Line(OcrLines.Char('O', 0.8f, ('D', 0.15f)), OcrLines.Char('Z', 0.9f), OcrLines.Char('C', 0.5f));

        Assert.Equal(0.8 * 0.9 * 0.5, FusionPass.TesseractProbability("OZC", line), 6);
        Assert.Equal(0.15 * 0.9 * 0.5, FusionPass.TesseractProbability("DZC", line), 6);
        Assert.Equal(0.01 * 0.9 * 0.5, FusionPass.TesseractProbability("QZC", line), 6);
    }

    [Fact]
    public void TesseractProbability_OneCharacterOff_IsAlignedAtTheBestPlace_AndCostsOneUnseenCharacter()
    {
        // Tesseract read the plate's edge as a leading I.
        var line = OcrLines.Line("ICD4930", 0.9f);

        var shorter = FusionPass.TesseractProbability("CD4930", line);
        var longer = FusionPass.TesseractProbability("ICD49300", line);

        Assert.Equal(Math.Pow(0.9, 6) * 0.01, shorter, 6);
        Assert.Equal(Math.Pow(0.9, 7) * 0.01, longer, 6);
        // Three characters off: Tesseract read another text.
        Assert.Equal(Math.Pow(0.01, 4), FusionPass.TesseractProbability("CD49", line), 12);
    }

    [Fact]
    public void Disagreement_TheTextBothReadersFindLikely_Stands()
    {
        // The plate reader leans to D (0.6) for the first character of an old Brazilian plate but gives
        // O a fair share; Tesseract reads O and gives D nothing.
        var reading = Readings.Of([('D', 'O', 0.6f), ('Z', null, 0f), ('C', null, 0f), ('8', null, 0f), ('4', null, 0f), ('0', null, 0f), ('0', null, 0f)]);
        var tesseract = OcrLines.Line("OZC8400", 0.9f);

        using var candidate = Candidate(reading, tesseract, "BR");
        Assert.Equal("DZC8400", candidate.Reader!.Value.Verdict.Text);

        new FusionPass().Run(candidate, Context());

        Assert.Equal("OZC8400", candidate.Verdict.Text);
        Assert.False(candidate.ByReader);
    }

    [Fact]
    public void Disagreement_ATextThePlateReaderRulesOut_DoesNotWin_HoweverSureTesseractIs()
    {
        // The plate reader is sure of every character; Tesseract's 3 for an 8 is not among its choices.
        var reading = Readings.Of([('D', null, 0f), ('Z', null, 0f), ('C', null, 0f), ('8', null, 0f), ('4', null, 0f), ('0', null, 0f), ('0', null, 0f)]);
        var tesseract = OcrLines.Line("DZC3400", 0.99f);

        using var candidate = Candidate(reading, tesseract, "BR");
        new FusionPass().Run(candidate, Context());

        Assert.Equal("DZC8400", candidate.Verdict.Text);
        Assert.True(candidate.ByReader);
    }

    [Fact]
    public void NoTesseractRead_NothingChanges()
    {
        var reading = Readings.Of([('D', 'O', 0.6f), ('Z', null, 0f), ('C', null, 0f), ('8', null, 0f), ('4', null, 0f), ('0', null, 0f), ('0', null, 0f)]);
        using var candidate = Candidate(reading, null, "BR");

        new FusionPass().Run(candidate, Context());

        Assert.Equal("DZC8400", candidate.Verdict.Text);
        Assert.True(candidate.ByReader);
    }

    private static ReadingContext Context() => new(new Mat(), Grammar, (_, _) => OcrLine.Empty, CancellationToken.None);

    /// <summary>A region as the passes leave it: the plate reader's decoded read offered first, then Tesseract's.</summary>
    private static CandidateRead Candidate(PlateReading reading, OcrLine? tesseract, string hint)
    {
        var candidate = new CandidateRead(new DetectedPlate(Box, Box, 20, 7, 1, [new BoxF(0, 0, 10, 20)], true), hint);
        var line = reading.ToLine();
        var greedy = Grammar.Interpret(line, hint);
        var decoded = ReaderDecoding.Decode(Grammar, reading, line, greedy, hint);
        candidate.Reader = (reading, line, decoded);
        candidate.Offer(line, decoded, greedy.Candidates[0].Score, true);
        if (tesseract is not null)
        {
            var verdict = Grammar.Interpret(tesseract, hint);
            Assert.True(verdict.Accepted);
            candidate.Tesseract = (tesseract, verdict);
            candidate.Offer(tesseract, verdict, verdict.Candidates[0].Score, false);
        }
        return candidate;
    }
}
