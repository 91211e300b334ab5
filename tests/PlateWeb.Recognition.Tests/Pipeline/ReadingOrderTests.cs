using OpenCvSharp;
using PlateWeb.Recognition.Detection;
using PlateWeb.Recognition.Grammar;
using PlateWeb.Recognition.Ocr;
using PlateWeb.Recognition.Pipeline;
using PlateWeb.Recognition.Synthesis;

namespace PlateWeb.Recognition.Tests.Pipeline;

/// <summary>
/// The strip is cut before any reader looks: where the detector's row stops inside an end glyph, the
/// row is lengthened, and the plate reader reads the lengthened row, not the cut one.
/// </summary>
public sealed class ReadingOrderTests(RecognizerFixture fixture) : IClassFixture<RecognizerFixture>
{
    private static readonly PlateGrammar Grammar = new();

    [Fact]
    public void Recognizer_CutsTheStripBeforeThePlateReaderLooks()
    {
        var passes = fixture.Recognizer.Passes;

        Assert.IsType<StripPass>(passes[0]);
        Assert.IsType<PlateReaderPass>(passes[1]);
    }

    [Fact]
    public void RowCutInsideItsLastGlyph_IsLengthened_AndThePlateReaderReadsItWhole()
    {
        using var reader = new PlateReader(RepositoryFiles.ReaderModel);
        using var scene = PlateRenderer.RenderScene(new SceneSpec(640, 400, [new ScenePlacement(new SyntheticPlate("7ABC120", PlateStyle.Us), 320, 200, 260)]));
        using var gray = new Mat();
        Cv2.CvtColor(scene.Image, gray, ColorConversionCodes.BGR2GRAY);
        var found = new PlateDetector().Detect(gray).First(d => Quad.BoundsIoU(d.PlateQuad.Bounds, scene.Truth[0].Quad.Bounds) > 0.3f);
        // The row as a detector that missed half of the last glyph would give it: its right end in the middle of the 0.
        var last = found.CharBoxes.MaxBy(b => b.X);
        var cutBy = found.TextQuad.TopRight.X - (last.X + last.Width / 2);
        var cut = found with { TextQuad = found.TextQuad.Widen(0, -cutBy / Height(found.TextQuad)) };
        var onTheCutRow = reader.Read(gray, cut);
        using var candidate = new CandidateRead(cut, "US");
        var context = new ReadingContext(gray, Grammar, (_, _) => OcrLine.Empty, CancellationToken.None);

        new StripPass().Run(candidate, context);
        new PlateReaderPass(reader).Run(candidate, context);

        Assert.True(Width(candidate.Region.TextQuad) > Width(cut.TextQuad) + 0.2f * found.CharHeight, "the row was not lengthened");
        Assert.Equal("7ABC120", candidate.Reader!.Value.Reading.Text);
        Assert.Equal("7ABC120", candidate.Verdict.Text);
        // The same reader on the cut row does not read the plate whole: what the lengthening brings.
        Assert.NotEqual("7ABC120", onTheCutRow.Text);
    }

    private static float Width(Quad q) => q.TopRight.X - q.TopLeft.X;

    private static float Height(Quad q) => q.BottomLeft.Y - q.TopLeft.Y;
}
