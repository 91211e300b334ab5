using OpenCvSharp;
using PlateWeb.Recognition.Ocr;

namespace PlateWeb.Recognition.Tests.Ocr;

public sealed class TesseractEngineTests : IDisposable
{
    private readonly TesseractEngine _engine = new(OcrTestSettings.English);

    public void Dispose() => _engine.Dispose();

    [Fact]
    public void NativeVersion_IsTesseract5()
    {
        Assert.StartsWith("5.", TesseractEngine.NativeVersion, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AB123CD", HersheyFonts.HersheyDuplex)]
    [InlineData("AB123CD", HersheyFonts.HersheySimplex)]
    [InlineData("XY7890Q", HersheyFonts.HersheyDuplex)]
    [InlineData("KL45MN", HersheyFonts.HersheySimplex)]
    public void Recognize_CleanLine_ReadsExactly(string text, HersheyFonts font)
    {
        using var image = PlateImages.RenderLine(text, font);

        var line = _engine.Recognize(image);

        Assert.Equal(text, line.Text);
        Assert.Equal(text.Length, line.Characters.Count);
        Assert.Equal(text, string.Concat(line.Characters.Select(c => c.Value)));
    }

    [Fact]
    public void Recognize_CleanLine_ConfidencesInUnitRange()
    {
        using var image = PlateImages.RenderLine("AB123CD");

        var line = _engine.Recognize(image);

        Assert.InRange(line.Confidence, 0.5f, 1f);
        Assert.Equal(line.Characters.Average(c => c.Confidence), line.Confidence, 5);
        Assert.All(line.Characters, c =>
        {
            Assert.InRange(c.Confidence, 0f, 1f);
            Assert.All(c.Alternatives, a => Assert.InRange(a.Confidence, 0f, 1f));
        });
    }

    [Fact]
    public void Recognize_CleanLine_AlternativesRankedBestFirst()
    {
        using var image = PlateImages.RenderLine("AB123CD");

        var line = _engine.Recognize(image);

        Assert.All(line.Characters, c =>
        {
            Assert.NotEmpty(c.Alternatives);
            Assert.InRange(c.Alternatives.Count, 1, OcrTestSettings.English.MaxAlternatives);
            Assert.Equal(new CharChoice(c.Value, c.Confidence), c.Alternatives[0]);
            Assert.Equal(c.Alternatives.Count, c.Alternatives.Select(a => a.Value).Distinct().Count());
            for (var i = 2; i < c.Alternatives.Count; i++)
            {
                Assert.True(c.Alternatives[i - 1].Confidence >= c.Alternatives[i].Confidence, $"'{c.Value}' alternatives not ranked");
            }
        });

        // lstm_choice_mode=2 must actually yield LSTM alternatives, not just the best reading.
        Assert.Contains(line.Characters, c => c.Alternatives.Count > 1);
    }

    [Fact]
    public void Recognize_CleanLine_BoxesInBoundsAndLeftToRight()
    {
        using var image = PlateImages.RenderLine("AB123CD");

        var line = _engine.Recognize(image);

        var previousX = -1;
        foreach (var c in line.Characters)
        {
            var b = c.Box;
            Assert.True(b.Width > 0 && b.Height > 0, $"'{c.Value}' has empty box {b}");
            Assert.InRange(b.X, 0, image.Width - 1);
            Assert.InRange(b.Y, 0, image.Height - 1);
            Assert.InRange(b.X + b.Width, 1, image.Width);
            Assert.InRange(b.Y + b.Height, 1, image.Height);
            Assert.True(b.X > previousX, $"'{c.Value}' box {b} not right of previous x {previousX}");
            previousX = b.X;
        }
    }

    [Fact]
    public void Recognize_LowercaseAndDash_ReturnsOnlyWhitelistedCharacters()
    {
        using var image = PlateImages.RenderLine("ab-12");

        var line = _engine.Recognize(image);

        Assert.NotEmpty(line.Characters);
        var allowed = TesseractSettings.PlateCharacters;
        Assert.All(line.Characters, c =>
        {
            Assert.Contains(c.Value, allowed);
            Assert.All(c.Alternatives, a => Assert.Contains(a.Value, allowed));
        });
        Assert.DoesNotContain(line.Text, char.IsLower);
        Assert.DoesNotContain('-', line.Text);
    }

    [Fact]
    public void Recognize_BgrAndNonContinuousMats_MatchGrey()
    {
        using var grey = PlateImages.RenderLine("AB123CD");
        using var bgr = new Mat();
        Cv2.CvtColor(grey, bgr, ColorConversionCodes.GRAY2BGR);
        using var framed = new Mat(grey.Rows + 20, grey.Cols + 40, MatType.CV_8UC1, Scalar.All(255));
        using (var target = framed[new Rect(20, 10, grey.Cols, grey.Rows)])
        {
            grey.CopyTo(target);
        }

        using var roi = framed[new Rect(20, 10, grey.Cols, grey.Rows)];
        Assert.False(roi.IsContinuous());

        var fromGrey = _engine.Recognize(grey);
        var fromBgr = _engine.Recognize(bgr);
        var fromRoi = _engine.Recognize(roi);

        Assert.Equal("AB123CD", fromGrey.Text);
        Assert.Equal(fromGrey.Text, fromBgr.Text);
        Assert.Equal(fromGrey.Text, fromRoi.Text);
        Assert.Equal(fromGrey.Characters.Select(c => c.Box), fromRoi.Characters.Select(c => c.Box));
    }

    [Fact]
    public void Recognize_SpanWithPaddedStride_ReadsExactly()
    {
        using var grey = PlateImages.RenderLine("XY7890Q");
        var cols = grey.Cols;
        var rows = grey.Rows;
        var stride = cols + 13;
        var buffer = new byte[stride * rows];
        for (var y = 0; y < rows; y++)
        {
            System.Runtime.InteropServices.Marshal.Copy(grey.Ptr(y), buffer, y * stride, cols);
        }

        var line = _engine.Recognize(buffer, cols, rows, bytesPerPixel: 1, bytesPerLine: stride);

        Assert.Equal("XY7890Q", line.Text);
    }

    [Fact]
    public void Recognize_UniformImage_ReturnsEmptyLine()
    {
        using var blank = new Mat(100, 300, MatType.CV_8UC1, Scalar.All(255));

        var line = _engine.Recognize(blank);

        Assert.Equal(string.Empty, line.Text);
        Assert.Empty(line.Characters);
        Assert.Equal(0f, line.Confidence);
    }

    [Fact]
    public void Recognize_RepeatedCalls_AreIndependent()
    {
        using var first = PlateImages.RenderLine("AB123CD");
        using var second = PlateImages.RenderLine("KL45MN");

        Assert.Equal("AB123CD", _engine.Recognize(first).Text);
        Assert.Equal("KL45MN", _engine.Recognize(second).Text);
        Assert.Equal("AB123CD", _engine.Recognize(first).Text);
    }

    [Fact]
    public void Recognize_BufferTooSmall_ThrowsArgumentException()
    {
        var buffer = new byte[99];

        Assert.Throws<ArgumentException>(() => _engine.Recognize(buffer, 10, 10, 1, 10));
    }

    [Fact]
    public void Recognize_AfterDispose_ThrowsObjectDisposed()
    {
        var engine = new TesseractEngine(OcrTestSettings.English);
        engine.Dispose();
        using var image = PlateImages.RenderLine("AB1");

        Assert.Throws<ObjectDisposedException>(() => engine.Recognize(image));
    }

    [Fact]
    public void Ctor_BadTessdataPath_ThrowsTesseractExceptionNamingPathAndLanguage()
    {
        var path = Path.Combine(Path.GetTempPath(), "plateweb-no-tessdata-" + Guid.NewGuid().ToString("N"));

        var ex = Assert.Throws<TesseractException>(() => new TesseractEngine(new TesseractSettings(path, "eng")));

        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Contains("'eng'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("apt-get install tesseract-ocr-eng", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ctor_CorruptTraineddata_ThrowsTesseractExceptionInsteadOfCrashing()
    {
        var dir = Directory.CreateTempSubdirectory("plateweb-tessdata-").FullName;
        try
        {
            File.WriteAllBytes(Path.Combine(dir, "junk.traineddata"), [1, 2, 3, 4, 5, 6, 7, 8]);

            var ex = Assert.Throws<TesseractException>(() => new TesseractEngine(new TesseractSettings(dir, "junk")));

            Assert.Contains("not a valid traineddata", ex.Message, StringComparison.Ordinal);
            Assert.Contains(dir, ex.Message, StringComparison.Ordinal);
            Assert.Contains("'junk'", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Ctor_UnknownVariable_ThrowsTesseractExceptionNamingIt()
    {
        var settings = OcrTestSettings.English with
        {
            Variables = new Dictionary<string, string> { ["no_such_tesseract_variable"] = "1" },
        };

        var ex = Assert.Throws<TesseractException>(() => new TesseractEngine(settings));

        Assert.Equal("TessBaseAPISetVariable", ex.NativeCall);
        Assert.Contains("no_such_tesseract_variable", ex.Message, StringComparison.Ordinal);
    }
}
