using System.Text.Json;
using OpenCvSharp;
using PlateWeb.Recognition.Ocr;
using PlateWeb.Recognition.Pipeline;

namespace PlateWeb.Recognition.Tests.Ocr;

/// <summary>
/// The strip reader: its training script's ONNX export computed alike by OpenCV, the CTC decoding,
/// the shipped network on a strip the test draws, and a recognizer without a usable network.
/// </summary>
public sealed class StripReaderTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("plate-strips-");
    private static readonly string ToolDirectory = Path.Combine(RepositoryFiles.Root, "tools", "strips");

    [Fact]
    public async Task TinyRun_ExportedNetwork_ComputesInOpenCvWhatPyTorchComputes()
    {
        var onnx = Path.Combine(_dir.FullName, "tiny.onnx");
        var dump = Path.Combine(_dir.FullName, "dump");

        await PythonTool.RunAsync(ToolDirectory, "train.py", "--rendered", "16", "--epochs", "1", "--out", onnx, "--dump", dump);

        using var reader = new StripReader(onnx);
        using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dump, "expected.json")));
        var items = doc.RootElement.EnumerateArray().ToList();
        Assert.NotEmpty(items);
        foreach (var item in items)
        {
            using var strip = Cv2.ImRead(Path.Combine(dump, item.GetProperty("file").GetString()!), ImreadModes.Grayscale);
            var probs = reader.Probabilities(strip, out var steps);
            var expected = item.GetProperty("probs").EnumerateArray().Select(e => e.GetSingle()).ToArray();
            Assert.Equal(expected.Length, probs.Length);
            Assert.Equal(48, steps);
            var maxDiff = expected.Zip(probs, (a, b) => Math.Abs(a - b)).Max();
            Assert.True(maxDiff < 1e-4, $"{item.GetProperty("file").GetString()}: probabilities differ by up to {maxDiff}");
        }
    }

    [Fact]
    public void Decode_RunsBetweenBlanks_AreOneCharacterEach()
    {
        // Steps: A A _ A B B _ _ ; "A" repeated after a blank is a second A.
        const int steps = 8, classes = 37, blank = 36;
        int a = StripReader.Classes.IndexOf('A'), b = StripReader.Classes.IndexOf('B');
        int[] best = [a, a, blank, a, b, b, blank, blank];
        float[] peak = [0.6f, 0.9f, 0.8f, 0.7f, 0.5f, 0.95f, 0.9f, 0.9f];
        var probs = new float[classes * steps];
        for (var t = 0; t < steps; t++)
        {
            var rest = (1 - peak[t]) / (classes - 1);
            for (var k = 0; k < classes; k++) probs[k * steps + t] = k == best[t] ? peak[t] : rest;
        }

        var line = StripReader.Decode(probs, steps, scale: 2f);

        Assert.Equal("AAB", line.Text);
        Assert.Equal([0.9f, 0.7f, 0.95f], line.Characters.Select(c => c.Confidence));
        Assert.All(line.Characters, c => Assert.Equal(c.Value, c.Alternatives[0].Value));
        Assert.True(line.Characters[0].Box.X < line.Characters[1].Box.X && line.Characters[1].Box.X < line.Characters[2].Box.X);
    }

    [Fact]
    public void ShippedReader_ReadsAPlateStripDrawnByTheTest()
    {
        using var reader = new StripReader(RepositoryFiles.StripModel);
        // A prepared strip as the recognizer makes it: dark capitals about 36 px high, white around.
        using var strip = new Mat(72, 300, MatType.CV_8UC1, Scalar.White);
        strip.PutText("AB123CD", new Point(14, 54), HersheyFonts.HersheyDuplex, 1.45, Scalar.Black, 3, LineTypes.AntiAlias);

        var line = reader.Read(strip);

        Assert.Equal("AB123CD", line.Text);
        Assert.All(line.Characters, c => Assert.InRange(c.Confidence, 0f, 1f));
    }

    [Fact]
    public void NotANetwork_ReaderThrowsInvalidData_RecognizerReadsWithoutIt()
    {
        var path = Path.Combine(_dir.FullName, "broken.onnx");
        File.WriteAllBytes(path, TestImages.RandomBytes(2048));

        var ex = Assert.Throws<InvalidDataException>(() => new StripReader(path));
        Assert.Contains("broken.onnx", ex.Message, StringComparison.Ordinal);
        using var recognizer = new PlateRecognizer(new RecognitionOptions
        {
            TessdataPath = _dir.FullName, OcrEngines = 1, GlyphModel = RepositoryFiles.GlyphModel, StripModel = path,
        });
        Assert.Null(recognizer.StripModelPath);
        Assert.Equal("AB123CD", Assert.Single(recognizer.Recognize(TestImages.SmallScene(".png")).Plates).Text);
    }

    [Fact]
    public void Recognizer_MissingStripModel_ReadsWithoutIt()
    {
        using var recognizer = new PlateRecognizer(new RecognitionOptions
        {
            TessdataPath = _dir.FullName, OcrEngines = 1, GlyphModel = RepositoryFiles.GlyphModel,
            StripModel = Path.Combine(_dir.FullName, "no-such-model.onnx"),
        });

        Assert.Null(recognizer.StripModelPath);
        Assert.Equal("AB123CD", Assert.Single(recognizer.Recognize(TestImages.SmallScene(".png")).Plates).Text);
    }

    public void Dispose() => _dir.Delete(recursive: true);
}
