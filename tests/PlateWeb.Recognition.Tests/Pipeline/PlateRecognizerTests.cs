using OpenCvSharp;
using PlateWeb.Recognition.Detection;
using PlateWeb.Recognition.Imaging;
using PlateWeb.Recognition.Pipeline;
using PlateWeb.Recognition.Synthesis;
using Xunit.Abstractions;

namespace PlateWeb.Recognition.Tests.Pipeline;

public sealed class PlateRecognizerTests(RecognizerFixture fixture, ITestOutputHelper output) : IClassFixture<RecognizerFixture>
{
    private readonly PlateRecognizer _recognizer = fixture.Recognizer;

    private static SyntheticScene Scene(string text, PlateStyle style = PlateStyle.Eu, string band = "F", float rotation = 0,
        float yaw = 0, float blur = 0, float noise = 0, int seed = 7) =>
        PlateRenderer.RenderScene(new SceneSpec(960, 640,
            [new ScenePlacement(new SyntheticPlate(text, style, band), 480, 380, 420, rotation, yaw)], blur, noise, seed));

    private RecognitionResult Recognize(SyntheticScene scene, RecognizeOptions? options = null)
    {
        var result = _recognizer.Recognize(scene.Image, options);
        Dump(result);
        return result;
    }

    /// <summary>Everything the engine said, so that a failing case shows the actual output.</summary>
    private void Dump(RecognitionResult result)
    {
        output.WriteLine($"{result.Width}x{result.Height}: {result.Plates.Count} plate(s), {result.Trace.Count} region(s)");
        foreach (var p in result.Plates)
        {
            output.WriteLine($"  plate {p.Text} ({p.DisplayText}) conf={p.Confidence:0.000} country={p.Country} format={p.Format} raw=\"{p.RawText}\" " +
                $"candidates=[{string.Join(",", p.Candidates.Select(c => c.Text))}] bounds={p.Quad.Bounds}");
        }
        foreach (var t in result.Trace)
        {
            output.WriteLine($"  region chars={t.CharCount} score={t.DetectionScore:0.00} raw=\"{t.RawText}\" kept={t.Kept}: {t.Reason} bounds={t.Quad.Bounds}");
        }
    }

    private static float IoU(Quad a, Quad b) => Quad.BoundsIoU(a.Bounds, b.Bounds);

    /// <summary>Share of <paramref name="inner"/>'s bounds that lies inside <paramref name="outer"/>'s.</summary>
    private static float InsideShare(Quad inner, Quad outer)
    {
        var (ax, ay, aw, ah) = inner.Bounds;
        var (bx, by, bw, bh) = outer.Bounds;
        var ix = Math.Max(0, Math.Min(ax + aw, bx + bw) - Math.Max(ax, bx));
        var iy = Math.Max(0, Math.Min(ay + ah, by + bh) - Math.Max(ay, by));
        return aw * ah <= 0 ? 0 : ix * iy / (aw * ah);
    }

    [Fact]
    public void Recognize_CleanEuPlate_ReadsExactly() => AssertCleanFrenchPlateRead("GH-456-JK");

    // Engine bug seen on 2 plates ending in "CD" at every width 300-480 px and both seeds tried: the detector
    // chains only the first five characters (trace: raw "AB123", 5 chars, bounds 258 px wide of a 420 px plate)
    // and the grammar accepts the partial "AB123" as a German plate (DE, confidence 0.118).
    [Fact]
    public void Recognize_CleanEuPlateEndingInCD_ReadsExactly() => AssertCleanFrenchPlateRead("AB-123-CD");

    private void AssertCleanFrenchPlateRead(string printed)
    {
        using var scene = Scene(printed);

        var result = Recognize(scene);

        var plate = Assert.Single(result.Plates);
        Assert.Equal(scene.Truth[0].Text, plate.Text);
        Assert.Equal(printed, plate.DisplayText);
        Assert.Equal("FR", plate.Country);
        Assert.InRange(plate.Confidence, float.Epsilon, 1f);
        Assert.InRange(plate.Candidates.Count, 1, 10);
        Assert.Equal(plate.Text, plate.Candidates[0].Text);
        Assert.Equal(plate.Text.Length, plate.CharConfidences.Count);
        Assert.All(plate.CharConfidences, c => Assert.InRange(c, 0f, 1f));
        Assert.Equal(960, result.Width);
        Assert.Equal(640, result.Height);
        var iou = IoU(plate.Quad, scene.Truth[0].Quad);
        Assert.True(iou >= 0.3f, $"quad IoU with the true plate is {iou:0.00}");
    }

    [Fact]
    public void Recognize_NothingReadAtFullSize_LooksAgainAtTwoThirds_AndReturnsWhatItFindsInTheImagesCoordinates()
    {
        // A blurred old Brazilian plate: at full size its read is too unsure to store (below Recognition:MinConfidence),
        // at 2/3 the blur shrinks with the picture and it reads. Checked: the second look runs, reads the plate and
        // maps it back onto the picture.
        using var scene = PlateRenderer.RenderScene(new SceneSpec(960, 640,
            [new ScenePlacement(new SyntheticPlate("CJI1273", PlateStyle.BrazilOld, "F"), 480, 380, 240, 0, 0)], 4.5f, 0f, 8));

        var result = _recognizer.Recognize(scene.Image);
        Dump(result);

        var plate = Assert.Single(result.Plates);
        Assert.Equal("CJI1273", plate.Text);
        Assert.Contains(result.Trace, t => t.Kept && t.Reason.StartsWith("at 2/3 size: ", StringComparison.Ordinal));
        Assert.DoesNotContain(result.Trace, t => t.Kept && !t.Reason.StartsWith("at 2/3 size: ", StringComparison.Ordinal));
        Assert.Equal((960, 640), (result.Width, result.Height));
        var iou = IoU(plate.Quad, scene.Truth[0].Quad);
        Assert.True(iou >= 0.3f, $"quad IoU with the true plate is {iou:0.00}");

        // A camera's frames go without it.
        Assert.Empty(_recognizer.Recognize(scene.Image, new RecognizeOptions(SecondLook: false)).Plates);
    }

    [Fact]
    public void Recognize_PlateReadAtFullSize_NoSecondLook()
    {
        using var scene = Scene("AB-123-CD");

        var result = Recognize(scene);

        Assert.Single(result.Plates);
        Assert.DoesNotContain(result.Trace, t => t.Reason.StartsWith("at 2/3 size", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("GH-456-JK", 5f, 0f, 0f, 0f)]
    [InlineData("GH-456-JK", -5f, 0f, 0f, 0f)]
    [InlineData("GH-456-JK", 0f, 0.15f, 0f, 0f)]
    [InlineData("KL-789-MN", 0f, -0.15f, 0f, 0f)]
    [InlineData("GH-456-JK", 0f, 0f, 1.2f, 0f)]
    [InlineData("EF-258-HT", 0f, 0f, 1.2f, 0f)]
    [InlineData("GH-456-JK", 0f, 0f, 0f, 8f)]
    [InlineData("TV-347-WX", 0f, 0f, 0f, 8f)]
    [InlineData("KL-789-MN", -5f, 0f, 0f, 0f)]
    [InlineData("GH-456-JK", 3f, 0.1f, 0.8f, 4f)]
    public void Recognize_DegradedEuPlate_ReadsExactly(string printed, float rotation, float yaw, float blur, float noise)
    {
        using var scene = Scene(printed, rotation: rotation, yaw: yaw, blur: blur, noise: noise);

        var result = Recognize(scene);

        var expected = scene.Truth[0].Text;
        var plate = Assert.Single(result.Plates);
        Assert.Equal(expected, plate.Text);
        var iou = IoU(plate.Quad, scene.Truth[0].Quad);
        Assert.True(iou >= 0.3f, $"quad IoU with the true plate is {iou:0.00}");
    }

    [Fact]
    public void Recognize_GermanPlate_ReadsExactly()
    {
        using var scene = Scene("M-AB 1234", band: "D", rotation: -2, yaw: 0.08f);

        var result = Recognize(scene);

        var plate = Assert.Single(result.Plates);
        Assert.Equal("MAB1234", plate.Text);
        Assert.Equal("DE", plate.Country);
    }

    [Theory]
    [InlineData("AB-123/CD", null, "FR")]   // French square plate: the SIV number over two lines
    [InlineData("M-AB/1234", null, "DE")]   // German two-line plate
    [InlineData("ABC/1234", "BR", "BR")]    // Brazilian motorcycle plate before Mercosul
    [InlineData("QRM/7E33", "BR", "BR")]    // Brazilian Mercosul motorcycle plate
    public void Recognize_TwoLinePlate_ReadsBothLinesInOrder(string printed, string? hint, string country)
    {
        using var scene = PlateRenderer.RenderScene(new SceneSpec(960, 640,
            [new ScenePlacement(new SyntheticPlate(printed, PlateStyle.TwoLine), 480, 380, 260, RotationDeg: 2)], 0.8f, 4, 21));

        var result = Recognize(scene, new RecognizeOptions(CountryHint: hint));

        // One plate: the lines read alone ("AB123", "1234") lose to the whole plate.
        var plate = Assert.Single(result.Plates);
        Assert.Equal(scene.Truth[0].Text, plate.Text);
        Assert.Equal(country, plate.Country);
        // The quad covers both lines: most of the plate, not one line of it.
        Assert.True(InsideShare(scene.Truth[0].Quad, plate.Quad) > 0.6f, $"plate quad {plate.Quad.Bounds}, truth {scene.Truth[0].Quad.Bounds}");
    }

    [Fact]
    public void Recognize_ThreePlatesInOneImage_FindsEach()
    {
        using var scene = PlateRenderer.RenderScene(new SceneSpec(1280, 720,
        [
            new ScenePlacement(new SyntheticPlate("AB-123-CD", PlateStyle.Eu), 330, 200, 360, RotationDeg: -2),
            new ScenePlacement(new SyntheticPlate("GH-456-JK", PlateStyle.Eu), 950, 230, 360, RotationDeg: 2),
            new ScenePlacement(new SyntheticPlate("M-AB 1234", PlateStyle.Eu, "D"), 640, 540, 380),
        ], BlurSigma: 0.6f, NoiseSigma: 3, Seed: 21));

        var result = Recognize(scene);

        Assert.Equal(3, scene.Truth.Count);
        foreach (var (text, quad) in scene.Truth)
        {
            var plate = Assert.Single(result.Plates, p => p.Text == text);
            var iou = IoU(plate.Quad, quad);
            Assert.True(iou >= 0.3f, $"{text}: quad IoU with its true plate is {iou:0.00}");
        }
    }

    [Fact]
    public void Recognize_BackgroundOnly_FindsNoPlate()
    {
        using var scene = PlateRenderer.RenderScene(new SceneSpec(960, 640, [], BlurSigma: 0.8f, NoiseSigma: 4, Seed: 3));

        var result = Recognize(scene);

        Assert.Empty(result.Plates);
    }

    [Fact]
    public void Recognize_LargeSmoothGradient_FindsNoPlate()
    {
        // A photo-like picture without any text: a diagonal sky/road gradient, a soft vignette and sensor noise.
        const int rows = 1200, cols = 1600;
        var pixels = new Vec3b[rows * cols];
        for (var y = 0; y < rows; y++)
        {
            for (var x = 0; x < cols; x++)
            {
                var t = (x + 2.0 * y) / (cols + 2.0 * rows);
                var dx = (x - cols / 2.0) / (cols / 2.0);
                var dy = (y - rows / 2.0) / (rows / 2.0);
                var vignette = 1 - 0.35 * (dx * dx + dy * dy) / 2;
                pixels[y * cols + x] = new Vec3b((byte)(vignette * (200 - 120 * t)), (byte)(vignette * (170 - 80 * t)), (byte)(vignette * (120 - 40 * t)));
            }
        }
        using var image = new Mat(rows, cols, MatType.CV_8UC3);
        image.SetArray(pixels);
        using (var noise = new Mat(image.Size(), MatType.CV_8UC3))
        {
            Cv2.Randn(noise, Scalar.All(0), Scalar.All(3));
            Cv2.Add(image, noise, image);
        }
        Cv2.GaussianBlur(image, image, new Size(0, 0), 1.0);

        var result = _recognizer.Recognize(image);
        Dump(result);

        Assert.Empty(result.Plates);
    }

    public static TheoryData<string, ImageErrorKind> BadInputs() => new()
    {
        { "empty", ImageErrorKind.Empty },
        { "random", ImageErrorKind.Undecodable },
        { "text", ImageErrorKind.Undecodable },
        { "half-jpeg", ImageErrorKind.Truncated },
        { "half-png", ImageErrorKind.Truncated },
        { "png-50000x50000", ImageErrorKind.TooLarge },
    };

    private static byte[] BadInput(string name) => name switch
    {
        "empty" => [],
        "random" => TestImages.RandomBytes(10_000),
        "text" => TestImages.TextFile(),
        "half-jpeg" => TestImages.FirstHalf(TestImages.SmallScene(".jpg")),
        "half-png" => TestImages.FirstHalf(TestImages.SmallScene(".png")),
        "png-50000x50000" => TestImages.PngDeclaring(50_000, 50_000),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void RecognizeBytes_BadInput_ThrowsImageInputException(string input, ImageErrorKind kind)
    {
        var ex = Assert.Throws<ImageInputException>(() => _recognizer.Recognize(BadInput(input)));

        Assert.Equal(kind, ex.Kind);
        Assert.False(string.IsNullOrWhiteSpace(ex.Message));
    }

    [Fact]
    public void RecognizeBytes_AfterBadInputs_StillReads()
    {
        foreach (var (name, _) in BadInputs().Select(row => ((string)row[0], row[1])))
        {
            Assert.Throws<ImageInputException>(() => _recognizer.Recognize(BadInput(name)));
        }
        using var scene = Scene("GH-456-JK");

        var result = _recognizer.Recognize(scene.Encode(".png"));
        Dump(result);

        Assert.Equal("GH456JK", Assert.Single(result.Plates).Text);
    }

    [Theory]
    [InlineData(".png")]
    [InlineData(".jpg")]
    public void RecognizeBytes_CleanPlate_TimingsAndTraceAreConsistent(string extension)
    {
        using var scene = Scene("GH-456-JK");

        var result = _recognizer.Recognize(scene.Encode(extension));
        Dump(result);

        var t = result.Timings;
        Assert.True(t.DecodeMs >= 0 && t.DetectMs >= 0 && t.ReadMs >= 0 && t.TotalMs >= 0, t.ToString());
        Assert.True(t.DecodeMs > 0, "decoding an encoded image takes time");
        Assert.True(t.TotalMs >= t.DetectMs, t.ToString());
        Assert.True(t.TotalMs >= t.DecodeMs + t.DetectMs + t.ReadMs - 0.001, t.ToString());

        Assert.NotEmpty(result.Trace);
        Assert.All(result.Trace, r =>
        {
            Assert.False(string.IsNullOrWhiteSpace(r.Reason));
            Assert.InRange(r.DetectionScore, 0f, 1f);
            Assert.InRange(r.OcrConfidence, 0f, 1f);
            Assert.True(r.CharCount >= 1);
            if (r.Kept)
            {
                Assert.StartsWith("read as ", r.Reason, StringComparison.Ordinal);
            }
            else
            {
                Assert.True(r.Reason.StartsWith("OCR read no characters", StringComparison.Ordinal)
                             || r.Reason.StartsWith("grammar rejected", StringComparison.Ordinal)
                             || r.Reason.StartsWith("duplicate of", StringComparison.Ordinal), r.Reason);
            }

            Assert.Null(r.RectifiedPng);
            Assert.Null(r.BinarizedPng);
        });
        var plate = Assert.Single(result.Plates);
        Assert.Contains(result.Trace, r => r.Kept && r.Reason.StartsWith($"read as {plate.Text}", StringComparison.Ordinal)
                                           && IoU(r.Quad, plate.Quad) > 0.99f);
    }

    [Fact]
    public void Recognize_CaptureImages_FillsDecodablePngs()
    {
        using var scene = Scene("GH-456-JK");

        var result = Recognize(scene, new RecognizeOptions(CaptureImages: true));

        Assert.NotEmpty(result.Trace);
        Assert.All(result.Trace, r =>
        {
            Assert.NotNull(r.RectifiedPng);
            Assert.NotNull(r.BinarizedPng);
            Assert.Equal("png", ImageHeader.Sniff(r.RectifiedPng).Format);
            Assert.Equal("png", ImageHeader.Sniff(r.BinarizedPng).Format);

            using var rectified = TestImages.DecodeGray(r.RectifiedPng);
            using var binarized = TestImages.DecodeGray(r.BinarizedPng);
            Assert.False(rectified.Empty());
            Assert.False(binarized.Empty());
            Assert.Equal(52, rectified.Height);
            Assert.True(rectified.Width >= rectified.Height);
            // The binarized crop is the OCR input: the rectified strip plus a margin, black and white only.
            Assert.Equal(rectified.Height + 20, binarized.Height);
            Assert.Equal(rectified.Width + 20, binarized.Width);
            using var grey = new Mat();
            Cv2.InRange(binarized, new Scalar(1), new Scalar(254), grey);
            Assert.Equal(0, Cv2.CountNonZero(grey));
        });
    }

    [Theory]
    [InlineData("7ABC123", PlateStyle.Us, "US")]
    [InlineData("BRA2E19", PlateStyle.BrazilMercosul, "BR")]
    public void Recognize_PlateWithSmallPrintedText_ReportsOnlyThePlate(string text, PlateStyle style, string country)
    {
        // The state name, "BRASIL" band and town line are text too; they must not come back as plates.
        using var scene = Scene(text, style, rotation: 2);

        var result = Recognize(scene);

        var plate = Assert.Single(result.Plates);
        Assert.Equal(text, plate.Text);
        Assert.Equal(country, plate.Country);
    }

    [Fact]
    public void Recognize_CharactersGluedToAFrameBar_RowIsStillFound()
    {
        // A dealer frame's bar touching the bottom of every character joins them into one blob that
        // no character-shaped filter accepts; the detector's line-cut pass must still find the row.
        // (Reading all seven characters is not asserted: the glyphs that share the bar's pixels,
        // here 2 and 3, lose their bottoms and are not yet recovered. docs/ACCURACY.md.)
        using var scene = Scene("7ABC123", PlateStyle.Us);
        var truth = scene.Truth[0].Quad;
        var (x, y, w, h) = truth.Bounds;
        var barY = (int)(y + h * 0.755f);
        Cv2.Line(scene.Image, new Point((int)x - 20, barY), new Point((int)(x + w) + 20, barY), new Scalar(20, 20, 20), (int)(h * 0.05f));

        var result = Recognize(scene, new RecognizeOptions("US"));

        // A region of at least four characters lying on the plate (its box mostly inside the true one), whose
        // characters are read. (The partial read "ABC1" fits only a German format, so under the US hint it is
        // not stored as a plate: PlateGrammar.OtherRegion.)
        Assert.Contains(result.Trace, t => t.CharCount >= 4 && InsideShare(t.Quad, truth) >= 0.8f
            && t.RawText.Contains("ABC", StringComparison.Ordinal));
    }

    [Fact]
    public void Recognize_GreyMat_ReadsLikeColour()
    {
        using var scene = Scene("GH-456-JK");
        using var grey = new Mat();
        Cv2.CvtColor(scene.Image, grey, ColorConversionCodes.BGR2GRAY);

        var result = _recognizer.Recognize(grey);

        Assert.Equal("GH456JK", Assert.Single(result.Plates).Text);
    }

    [Fact]
    public void Recognize_WithStageReporter_ReportsDetectingThenReading_AndTheVerdictOfEachRegion()
    {
        using var scene = Scene("GH-456-JK");
        var stages = new List<RecognitionStage>();

        var result = Recognize(scene, new RecognizeOptions(Stages: new Collect(stages)));

        Assert.Equal([RecognitionStage.Detecting, RecognitionStage.Reading], stages);
        var kept = Assert.Single(result.Trace, t => t.Kept);
        Assert.Equal(new TraceVerdict(TraceOutcome.Read, "GH456JK", "FR-SIV", kept.Verdict!.Corrections), kept.Verdict);
        Assert.All(result.Trace, t => Assert.NotNull(t.Verdict));
    }

    /// <summary>Synchronous, unlike Progress&lt;T&gt; which posts to a synchronization context.</summary>
    private sealed class Collect(List<RecognitionStage> stages) : IProgress<RecognitionStage>
    {
        public void Report(RecognitionStage value) => stages.Add(value);
    }
}
