using System.Text.Json;
using Microsoft.Extensions.Logging;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;
using OpenCvSharp;
using PlateWeb.Recognition.Detection;
using PlateWeb.Recognition.Ocr;
using PlateWeb.Recognition.Pipeline;
using PlateWeb.Recognition.Synthesis;

namespace PlateWeb.Recognition.Tests.Ocr;

/// <summary>
/// The plate reader: its training script's ONNX export computed alike by ONNX Runtime, the decoding of its
/// steps, the shipped network on plates the test renders in each region's design, and a recognizer
/// whose reader file is missing or damaged.
/// </summary>
public sealed class PlateReaderTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("plate-reader-");
    private const string Train = "plateweb_tools.reader.train";
    private const int Classes = PlateReader.Blank + 1;

    [Fact]
    public async Task TinyRun_ExportedNetwork_ComputesInOnnxRuntimeWhatPyTorchComputes()
    {
        var onnx = Path.Combine(_dir.FullName, "tiny.onnx");
        var dump = Path.Combine(_dir.FullName, "dump");

        await PythonTool.RunModuleAsync(Train, "--tiny", "--threads", "1", "--out", onnx, "--dump", dump);

        using var reader = new PlateReader(onnx);
        using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dump, "expected.json")));
        var items = doc.RootElement.EnumerateArray().ToList();
        Assert.NotEmpty(items);
        foreach (var item in items)
        {
            using var crop = Cv2.ImRead(Path.Combine(dump, item.GetProperty("file").GetString()!), ImreadModes.Grayscale);
            var logits = reader.Logits(crop);
            var expected = item.GetProperty("logits").EnumerateArray().Select(e => e.GetSingle()).ToArray();
            Assert.Equal(PlateReader.Steps * Classes + PlateReader.Regions.Count, expected.Length);
            Assert.Equal(expected.Length, logits.Length);
            var maxDiff = expected.Zip(logits, (a, b) => Math.Abs(a - b)).Max();
            Assert.True(maxDiff < 1e-3, $"{item.GetProperty("file").GetString()}: logits differ by up to {maxDiff}");
        }
    }

    [Fact]
    public async Task MergedReaders_OneFile_ReadsWithEachNetworkAsAnEnsemble()
    {
        var a = Path.Combine(_dir.FullName, "a.onnx");
        var b = Path.Combine(_dir.FullName, "b.onnx");
        var merged = Path.Combine(_dir.FullName, "merged.onnx");
        await PythonTool.RunModuleAsync(Train, "--tiny", "--threads", "1", "--seed", "1", "--out", a);
        await PythonTool.RunModuleAsync(Train, "--tiny", "--threads", "1", "--seed", "2", "--out", b);
        await PythonTool.RunModuleAsync("plateweb_tools.reader.merge", a, b, "--out", merged);

        using var first = new PlateReader(a);
        using var second = new PlateReader(b);
        using var both = new PlateReader(merged);
        using var crop = new Mat(PlateReader.Height, PlateReader.Width, MatType.CV_8UC1, Scalar.White);
        Cv2.PutText(crop, "AB12", new Point(20, 36), HersheyFonts.HersheySimplex, 1.2, Scalar.Black, 3);

        Assert.Equal(1, first.Members);
        Assert.Equal(2, both.Members);
        var expected = first.Logits(crop).Concat(second.Logits(crop)).ToArray();
        var logits = both.Logits(crop);
        Assert.Equal(expected.Length, logits.Length);
        Assert.True(expected.Zip(logits, (x, y) => Math.Abs(x - y)).Max() < 1e-4);
        var reading = both.Read(crop);
        var (ra, rb) = (first.Read(crop), second.Read(crop));
        var text = ra.Text.Length > 0 ? ra.Text : "AB12";
        Assert.Equal(Math.Sqrt(ra.ProbabilityOf(text) * rb.ProbabilityOf(text)), reading.ProbabilityOf(text), 9);
        Assert.Equal((ra.NotPlate + rb.NotPlate) / 2, reading.NotPlate, 5);
    }

    [Fact]
    public void Combine_TextProbabilityIsTheMembersGeometricMean_TheirGreedyReadsAreCandidates()
    {
        var ab12 = PlateReading.FromLogits(Logits("AB12", confident: 4f, regions: [0f, 3f, 0f, 0f]));
        var ab13 = PlateReading.FromLogits(Logits("AB13", confident: 4f, regions: [0f, 0f, 3f, 0f]));

        var both = PlateReading.Combine([ab12, ab13]);
        var same = PlateReading.Combine([ab12, ab12]);

        foreach (var text in new[] { "AB12", "AB13", "AB1" })
        {
            Assert.Equal(Math.Sqrt(ab12.ProbabilityOf(text) * ab13.ProbabilityOf(text)), both.ProbabilityOf(text), 12);
            Assert.Equal(ab12.ProbabilityOf(text), same.ProbabilityOf(text), 12);
        }
        Assert.Equal(["AB12", "AB13"], both.MemberTexts.ToArray());
        Assert.Equal(["AB12"], ab12.MemberTexts.ToArray());
        Assert.Equal((ab12.RegionProbabilities[1] + ab13.RegionProbabilities[1]) / 2, both.RegionProbabilities[1], 6);
        Assert.Same(ab12, PlateReading.Combine([ab12]));
    }

    [Fact]
    public void CombineNetworks_CharactersAtDifferentSteps_TheLineIsTheLikeliestMembersWhole()
    {
        // Two networks that place each character at one step, less sure of it than of the blanks around,
        // the second network one step later: in their averaged steps every blank outweighs the character
        // (the average of views loses them all), and the line must not depend on that average.
        var early = PlateReading.FromLogits(Peaks("5TGN556", offset: 0));
        var late = PlateReading.FromLogits(Peaks("5TGN556", offset: 1));
        var other = PlateReading.FromLogits(Peaks("5TGN55", offset: 1));

        var agree = PlateReading.CombineNetworks([early, late]);
        var differ = PlateReading.CombineNetworks([early, other]);

        Assert.Equal("5TGN556", agree.ToLine().Text);
        Assert.Equal(7, agree.ToLine().Characters.Count);
        var likeliest = new[] { early, other }.MaxBy(m => differ.ProbabilityOf(m.Text))!;
        Assert.Equal(likeliest.Text, differ.ToLine().Text);
        Assert.Equal(likeliest.ToLine().Characters.Select(c => c.Confidence), differ.ToLine().Characters.Select(c => c.Confidence));
        Assert.Same(early, PlateReading.CombineNetworks([early]));
        Assert.Equal("", PlateReading.Combine([early, late]).ToLine().Text);
    }

    // Each character at a single step (every sixth, from offset) at logit 3, blanks elsewhere at logit 6.
    private static float[] Peaks(string text, int offset)
    {
        const int t = PlateReader.Steps;
        var raw = new float[t * Classes + 4];
        for (var step = 0; step < t; step++)
        {
            var i = (step - offset) % 6 == 0 ? (step - offset) / 6 - 1 : -1;
            var k = i >= 0 && i < text.Length ? PlateReader.Classes.IndexOf(text[i]) : PlateReader.Blank;
            raw[k * t + step] = k == PlateReader.Blank ? 6f : 3f;
        }
        raw[t * Classes + 2] = 3f;
        return raw;
    }

    [Fact]
    public void Reading_StepsAndRegions_DecodeToTextLineAndKind()
    {
        // Steps: A, B, 1, 2 each over two steps between blanks; region logits favour "br".
        var raw = Logits("AB12", confident: 4f, regions: [0f, 1f, 0.5f, 3f]);

        var reading = PlateReading.FromLogits(raw);

        Assert.Equal("AB12", reading.Text);
        Assert.Equal("br", reading.LikeliestRegion.Region);
        Assert.InRange(reading.LikeliestRegion.Probability, 0.5f, 1f);
        Assert.InRange(reading.NotPlate, 0f, 0.1f);
        var line = reading.ToLine();
        Assert.Equal("AB12", line.Text);
        Assert.All(line.Characters, c => Assert.Equal(c.Value, c.Alternatives[0].Value));
        Assert.All(line.Characters, c => Assert.Equal(5, c.Alternatives.Count));
        Assert.True(reading.ProbabilityOf("AB12") > reading.ProbabilityOf("AB13"));
        Assert.True(reading.ProbabilityOf("AB12") > reading.ProbabilityOf("AB123"));
        Assert.True(reading.ProbabilityOf("AB12") > reading.ProbabilityOf("AB1"));
        Assert.Equal(0, reading.ProbabilityOf("AB-12"));
        Assert.True(line.Characters[0].Box.X < line.Characters[1].Box.X);
    }

    [Fact]
    public void Reading_AllStepsBlank_IsAnEmptyLine()
    {
        var reading = PlateReading.FromLogits(Logits("", confident: 4f, regions: [3f, 0f, 0f, 0f]));

        Assert.Equal("", reading.Text);
        Assert.Same(OcrLine.Empty, reading.ToLine());
        Assert.True(reading.NotPlate > 0.5f);
    }

    [Fact]
    public void Window_OfAOneLineRow_IsTallerThanItsTextQuad_AndCentredOnIt()
    {
        var text = new Quad(new PointF(100, 50), new PointF(300, 50), new PointF(300, 86), new PointF(100, 86));
        var region = new DetectedPlate(text, text, 25, 7, 1, [new BoxF(110, 55, 20, 25)], true);

        var window = PlateReader.Window(region);

        // 36 px of text quad (glyphs + 0.22 of their height above and below) grow to 2 glyph heights: 50 px, same middle.
        Assert.Equal(43f, window.TopLeft.Y, 0.01f);
        Assert.Equal(93f, window.BottomLeft.Y, 0.01f);
        Assert.Equal(43f, window.TopRight.Y, 0.01f);
        Assert.Equal(100f, window.TopLeft.X);
        Assert.Equal(300f, window.TopRight.X);
    }

    [Theory]
    [InlineData("AB-123-CD", PlateStyle.Eu, "eu")]
    [InlineData("7ABC123", PlateStyle.Us, "us")]
    [InlineData("BRA2E19", PlateStyle.BrazilMercosul, "br")]
    [InlineData("ABC-1234", PlateStyle.BrazilOld, "br")]
    public void ShippedReader_ReadsAPlateTheTestRenders_InEachRegionsDesign(string printed, PlateStyle style, string kind)
    {
        using var reader = new PlateReader(RepositoryFiles.ReaderModel);
        using var scene = PlateRenderer.RenderScene(new SceneSpec(640, 400, [new ScenePlacement(new SyntheticPlate(printed, style), 320, 200, 300)]));
        using var gray = new Mat();
        Cv2.CvtColor(scene.Image, gray, ColorConversionCodes.BGR2GRAY);
        var region = new PlateDetector().Detect(gray).First(d => Quad.BoundsIoU(d.PlateQuad.Bounds, scene.Truth[0].Quad.Bounds) > 0.3f);

        var reading = reader.Read(gray, region);

        Assert.Equal(printed.Replace("-", "", StringComparison.Ordinal), reading.Text);
        Assert.Equal(kind, reading.LikeliestRegion.Region);
        Assert.True(reading.NotPlate < 0.5f, $"not a plate: {reading.NotPlate}");
    }

    [Fact]
    public void SeveralViews_ARowTheFirstViewTakesForNoPlate_IsReadInThatViewOnly()
    {
        using var reader = new PlateReader(RepositoryFiles.ReaderModel);
        // Brick-like rows of dark blocks in a grey picture, and a "row of characters" over them.
        using var gray = new Mat(400, 640, MatType.CV_8UC1, new Scalar(170));
        for (var y = 100; y < 300; y += 12)
        {
            for (var x = 100 + (y / 12) % 2 * 10; x < 540; x += 20) gray.Rectangle(new Rect(x, y, 16, 9), new Scalar(60), -1);
        }
        var text = new Quad(new PointF(220, 180), new PointF(420, 180), new PointF(420, 220), new PointF(220, 220));
        var region = new DetectedPlate(text, text, 30, 7, 1, [], true);

        var reading = reader.Read(gray, region);
        using var crop = PlateReader.Crop(gray, PlateReader.Window(region));
        var window = reader.Read(crop);

        Assert.True(window.NotPlate >= 0.7f, $"the first view's no plate: {window.NotPlate}");
        Assert.Single(reading.MemberTexts);
        Assert.Equal(window.NotPlate, reading.NotPlate);
    }

    [Fact]
    public void SeveralViews_CombineThreeReadingsOfTheRow_OneViewReadsTheWindowOnly()
    {
        using var several = new PlateReader(RepositoryFiles.ReaderModel);
        using var one = new PlateReader(RepositoryFiles.ReaderModel, severalViews: false);
        using var scene = PlateRenderer.RenderScene(new SceneSpec(640, 400, [new ScenePlacement(new SyntheticPlate("7ABC123", PlateStyle.Us), 320, 200, 260)]));
        using var gray = new Mat();
        Cv2.CvtColor(scene.Image, gray, ColorConversionCodes.BGR2GRAY);
        var region = new PlateDetector().Detect(gray).First(d => Quad.BoundsIoU(d.PlateQuad.Bounds, scene.Truth[0].Quad.Bounds) > 0.3f);

        var combined = several.Read(gray, region);
        var single = one.Read(gray, region);
        using var crop = PlateReader.Crop(gray, PlateReader.Window(region));
        var window = one.Read(crop);

        Assert.True(several.SeveralViews);
        Assert.False(one.SeveralViews);
        Assert.Equal("7ABC123", combined.Text);
        Assert.Equal("7ABC123", single.Text);
        // One view is exactly the window's reading; three views are an ensemble of three members.
        Assert.Equal(window.ProbabilityOf("7ABC123"), single.ProbabilityOf("7ABC123"), 12);
        Assert.Equal(3, combined.MemberTexts.Count());
        Assert.NotEqual(window.ProbabilityOf("7ABC123"), combined.ProbabilityOf("7ABC123"), 12);
    }

    [Fact]
    public void ShippedReader_OnAPlateFreeTexture_SaysNoPlate()
    {
        using var reader = new PlateReader(RepositoryFiles.ReaderModel);
        // Brick-like rows of dark blocks: the kind of texture the detector proposes as a row of characters.
        using var crop = new Mat(PlateReader.Height, PlateReader.Width, MatType.CV_8UC1, new Scalar(170));
        for (var y = 0; y < PlateReader.Height; y += 12)
        {
            for (var x = (y / 12) % 2 * 10; x < PlateReader.Width; x += 20) crop.Rectangle(new Rect(x, y, 16, 9), new Scalar(60), -1);
        }

        Assert.True(reader.Read(crop).NotPlate > 0.5f);
    }

    [Fact]
    public async Task ShippedReader_ReadFromManyThreadsAtOnce_GivesEachCropItsOwnOutputs()
    {
        // One ONNX Runtime session serves every thread: concurrent reads must neither fail nor mix their pictures.
        using var reader = new PlateReader(RepositoryFiles.ReaderModel);
        var crops = new[] { "AB123CD", "7EAV033", "BRA2E19", "KR1561U" }.Select(text =>
        {
            var crop = new Mat(PlateReader.Height, PlateReader.Width, MatType.CV_8UC1, Scalar.White);
            Cv2.PutText(crop, text, new Point(8, 34), HersheyFonts.HersheySimplex, 1.1, Scalar.Black, 3);
            return crop;
        }).ToArray();
        try
        {
            var alone = crops.Select(reader.Logits).ToArray();
            Assert.NotEqual(alone[0], alone[1]);

            var together = await Task.WhenAll(Enumerable.Range(0, 64).Select(i => Task.Run(() => (i % crops.Length, reader.Logits(crops[i % crops.Length])))));

            foreach (var (k, logits) in together) Assert.Equal(alone[k], logits);
        }
        finally
        {
            foreach (var crop in crops) crop.Dispose();
        }
    }

    [Fact]
    public void NotANetwork_ReaderThrowsInvalidData_RecognizerLogsAndReadsWithTesseract()
    {
        var path = Path.Combine(_dir.FullName, "broken.onnx");
        File.WriteAllBytes(path, TestImages.RandomBytes(2048));
        var log = new ListLogger();

        var ex = Assert.Throws<InvalidDataException>(() => new PlateReader(path));
        Assert.Contains("broken.onnx", ex.Message, StringComparison.Ordinal);
        using var recognizer = Recognizer(path, log);
        Assert.Null(recognizer.ReaderModelPath);
        Assert.Contains(log.Lines, l => l.Contains("cannot be loaded", StringComparison.Ordinal) && l.Contains("broken.onnx", StringComparison.Ordinal));
        Assert.Equal("AB123CD", Assert.Single(recognizer.Recognize(TestImages.SmallScene(".png")).Plates).Text);
    }

    [Fact]
    public void Recognizer_OnnxRuntimeDoesNotLoad_LogsAndReadsWithTesseract()
    {
        // What a machine without ONNX Runtime's native library throws on the first use of its API.
        var log = new ListLogger();
        using var recognizer = Recognizer(RepositoryFiles.ReaderModel, log,
            (_, _) => throw new TypeInitializationException("Microsoft.ML.OnnxRuntime.NativeMethods", new DllNotFoundException("libonnxruntime.so")));

        Assert.Null(recognizer.ReaderModelPath);
        Assert.Contains(log.Lines, l => l.Contains("ONNX Runtime", StringComparison.Ordinal) && l.Contains("Tesseract reads alone", StringComparison.Ordinal));
        Assert.Equal("AB123CD", Assert.Single(recognizer.Recognize(TestImages.SmallScene(".png")).Plates).Text);
    }

    [Fact]
    public void Recognizer_MissingReaderModel_LogsAndReadsWithTesseract()
    {
        var log = new ListLogger();
        using var recognizer = Recognizer(Path.Combine(_dir.FullName, "no-such-model.onnx"), log);

        Assert.Null(recognizer.ReaderModelPath);
        Assert.Contains(log.Lines, l => l.Contains("No plate reader", StringComparison.Ordinal));
        var read = Assert.Single(recognizer.Recognize(TestImages.SmallScene(".png")).Plates);
        Assert.Equal("AB123CD", read.Text);
        // No plate reader looked: no "this is a plate" to weigh, and no second reader.
        Assert.Null(read.PlateProbability);
        Assert.Null(read.OtherReader);
    }

    [Fact]
    public void DamagedCalibration_RecognizerLogs_AndStillReadsWithTheReader()
    {
        var model = Path.Combine(_dir.FullName, "reader.onnx");
        File.Copy(RepositoryFiles.ReaderModel, model);
        File.WriteAllText(Path.Combine(_dir.FullName, "reader.calibration.json"), "{ not json");
        var log = new ListLogger();

        using var recognizer = Recognizer(model, log);

        Assert.Equal(model, recognizer.ReaderModelPath);
        Assert.Contains(log.Lines, l => l.Contains("calibration", StringComparison.Ordinal) && l.Contains("cannot be read", StringComparison.Ordinal));
        var read = Assert.Single(recognizer.Recognize(TestImages.SmallScene(".png")).Plates);
        Assert.Equal("AB123CD", read.Text);
        // The reader looked, and takes the rendered plate for one.
        Assert.InRange(read.PlateProbability!.Value, 0.5f, 1f);
    }

    /// <summary>A recognizer with one Tesseract engine and <paramref name="readerModel"/> as its plate reader's file.</summary>
    private PlateRecognizer Recognizer(string readerModel, ListLogger log, Func<string, bool, PlateReader>? openReader = null)
    {
        var options = new RecognitionOptions { TessdataPath = _dir.FullName, OcrEngines = 1, ReaderModel = readerModel };
        return openReader is null ? new PlateRecognizer(options, log) : new PlateRecognizer(options, log, openReader);
    }

    /// <summary>Raw network outputs (class-major) whose steps spell <paramref name="text"/>: two steps per character, blanks between.</summary>
    private static float[] Logits(string text, float confident, float[] regions)
    {
        const int t = PlateReader.Steps;
        var raw = new float[t * Classes + regions.Length];
        for (var step = 0; step < t; step++)
        {
            var i = step / 3 - 1;
            var k = step % 3 != 0 && i >= 0 && i < text.Length ? PlateReader.Classes.IndexOf(text[i]) : PlateReader.Blank;
            raw[k * t + step] = confident;
            // A runner-up at every step, so that alternatives are ranked.
            raw[(k + 1) % PlateReader.Blank * t + step] = confident / 2;
        }
        regions.CopyTo(raw, t * Classes);
        return raw;
    }

    private sealed class ListLogger : ILogger<PlateRecognizer>
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add(formatter(state, exception));
    }

    public void Dispose() => _dir.Delete(recursive: true);
}
