using OpenCvSharp;
using PlateWeb.Recognition.Glyphs;
using PlateWeb.Recognition.Ocr;
using PlateWeb.Recognition.Pipeline;

namespace PlateWeb.Recognition.Tests.Glyphs;

/// <summary>The shipped glyph classifier, run by OpenCV's DNN module on glyphs the test draws.</summary>
public sealed class GlyphClassifierTests : IDisposable
{
    private readonly GlyphClassifier _classifier = new(RepositoryFiles.GlyphModel, weight: 0.6f);

    /// <summary>One character drawn dark on white in a strip, and its ink box.</summary>
    private static (Mat Strip, BoxI Box) Draw(char c, HersheyFonts font = HersheyFonts.HersheyDuplex)
    {
        var strip = new Mat(70, 80, MatType.CV_8UC1, Scalar.White);
        strip.PutText(c.ToString(), new Point(20, 52), font, 1.5, Scalar.Black, 3);
        using var ink = new Mat();
        Cv2.Threshold(strip, ink, 128, 255, ThresholdTypes.BinaryInv);
        var r = Cv2.BoundingRect(ink);
        return (strip, new BoxI(r.X, r.Y, r.Width, r.Height));
    }

    [Fact]
    public void Classify_DrawnCharacters_NamesNearlyAll()
    {
        var glyphs = new List<Mat>();
        try
        {
            foreach (var c in GlyphClassifier.Classes)
            {
                var (strip, box) = Draw(c);
                using (strip) glyphs.Add(GlyphCrop.Normalize(strip, box)!);
            }

            var probs = _classifier.Classify(glyphs);

            Assert.Equal(GlyphClassifier.Classes.Length, probs.Length);
            Assert.All(probs, p => Assert.InRange(p.Sum(), 0.999f, 1.001f));
            var named = probs.Select(p => GlyphClassifier.Classes[Array.IndexOf(p, p.Max())]).ToArray();
            var wrong = GlyphClassifier.Classes.Where((c, i) => named[i] != c).Select((c, i) => $"{c}→{named[GlyphClassifier.Classes.IndexOf(c)]}").ToList();
            // OpenCV's Hershey font is none of the training fonts; O/0 and I/1 may go either way.
            Assert.True(wrong.Count <= 5, "misnamed: " + string.Join(", ", wrong));
        }
        finally
        {
            foreach (var g in glyphs) g.Dispose();
        }
    }

    [Fact]
    public void Refine_ConfidentTesseractMisread_IsOutvotedAndKeptAsAlternative()
    {
        var (strip, box) = Draw('4');
        using var _ = strip;
        // Tesseract, sure of an L where the strip shows a 4 (what it does on California plates).
        var line = new OcrLine("L", 0.95f, [new OcrCharacter('L', 0.95f, [new CharChoice('L', 0.95f)], box)]);

        var refined = _classifier.Refine(strip, line);

        Assert.Equal("4", refined.Text);
        Assert.Equal('4', refined.Characters[0].Value);
        Assert.Contains(refined.Characters[0].Alternatives, a => a.Value == 'L');
        Assert.Equal(box, refined.Characters[0].Box);
    }

    [Fact]
    public void Refine_CharactersWithoutBoxOrOutsideTheClasses_AreLeftAsTheyAre()
    {
        using var strip = new Mat(70, 80, MatType.CV_8UC1, Scalar.White);
        var dash = new OcrCharacter('-', 0.9f, [new CharChoice('-', 0.9f)], new BoxI(10, 10, 20, 5));
        var noBox = new OcrCharacter('A', 0.8f, [new CharChoice('A', 0.8f)], BoxI.Empty);
        var line = new OcrLine("-A", 0.85f, [dash, noBox]);

        var refined = _classifier.Refine(strip, line);

        Assert.Same(line, refined);
    }

    [Fact]
    public void Recognizer_WithShippedClassifier_ReadsTheSyntheticPlate()
    {
        using var tessdata = new TempFolder();
        using var recognizer = Recognizer(tessdata, RepositoryFiles.GlyphModel);

        var result = recognizer.Recognize(TestImages.SmallScene(".png"));

        Assert.Equal(RepositoryFiles.GlyphModel, recognizer.GlyphModelPath);
        Assert.Equal("AB123CD", Assert.Single(result.Plates).Text);
    }

    [Fact]
    public void Recognizer_MissingGlyphModel_ReadsWithTesseractAlone()
    {
        using var tessdata = new TempFolder();
        using var recognizer = Recognizer(tessdata, Path.Combine(tessdata.Path, "no-such-model.onnx"));

        var result = recognizer.Recognize(TestImages.SmallScene(".png"));

        Assert.Null(recognizer.GlyphModelPath);
        Assert.Equal("AB123CD", Assert.Single(result.Plates).Text);
    }

    [Fact]
    public void NotANetwork_ClassifierThrowsInvalidData_RecognizerReadsWithoutIt()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "broken.onnx");
        File.WriteAllBytes(path, TestImages.RandomBytes(2048));

        var ex = Assert.Throws<InvalidDataException>(() => new GlyphClassifier(path, 0.6f));
        Assert.Contains("broken.onnx", ex.Message, StringComparison.Ordinal);
        using var recognizer = Recognizer(folder, path);
        Assert.Null(recognizer.GlyphModelPath);
        Assert.Equal("AB123CD", Assert.Single(recognizer.Recognize(TestImages.SmallScene(".png")).Plates).Text);
    }

    /// <summary>A recognizer on Debian's eng model (the folder has no plate model) with the given glyph classifier file.</summary>
    private static PlateRecognizer Recognizer(TempFolder tessdata, string glyphModel) =>
        new(new RecognitionOptions { TessdataPath = tessdata.Path, OcrEngines = 1, GlyphModel = glyphModel });

    public void Dispose() => _classifier.Dispose();

    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("plateweb-glyphs-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
