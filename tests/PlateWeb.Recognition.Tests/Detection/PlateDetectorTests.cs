using OpenCvSharp;
using PlateWeb.Recognition.Detection;
using PlateWeb.Recognition.Synthesis;

namespace PlateWeb.Recognition.Tests.Detection;

public sealed class PlateDetectorTests
{
    private static readonly Rect PlateText = new(220, 270, 200, 40);

    /// <summary>Light background with one row of dark capitals about 30 px high, starting at <see cref="PlateText"/>.</summary>
    private static Mat SceneWithPlateRow()
    {
        var image = new Mat(480, 640, MatType.CV_8UC3, new Scalar(200, 200, 200));
        Cv2.PutText(image, "ABC123", new Point(PlateText.X, PlateText.Bottom - 5), HersheyFonts.HersheySimplex, 1.4, Scalar.Black, 3, LineTypes.AntiAlias);
        return image;
    }

    /// <summary>A light 640 × 480 scene with <paramref name="text"/> in dark capitals in its middle; its baseline origin and size.</summary>
    private static Mat CentredRow(string text, double scale, int thickness, out Point origin, out Size size)
    {
        var image = new Mat(480, 640, MatType.CV_8UC3, new Scalar(200, 200, 200));
        size = Cv2.GetTextSize(text, HersheyFonts.HersheySimplex, scale, thickness, out _);
        origin = new Point(320 - size.Width / 2, 240 + size.Height / 2);
        Cv2.PutText(image, text, origin, HersheyFonts.HersheySimplex, scale, Scalar.Black, thickness, LineTypes.Link8);
        return image;
    }

    private static bool Finds(IReadOnlyList<DetectedPlate> found, Rect text) =>
        found.Any(p => Quad.BoundsIoU(p.TextQuad.Bounds, (text.X, text.Y, text.Width, text.Height)) > 0.3f);

    [Theory]
    [InlineData(15)]
    [InlineData(31)]
    public void LightInk_IsTheComplementOfDarkInk_AsOpenCvThresholdsIt(int block)
    {
        // The detector thresholds each block size once and takes light ink as the complement of dark ink: that holds
        // only while OpenCV's Binary and BinaryInv types split every pixel the same way (a whole constant).
        using var image = SceneWithPlateRow();
        using var grey = new Mat();
        Cv2.CvtColor(image, grey, ColorConversionCodes.BGR2GRAY);
        using var noise = new Mat(grey.Size(), MatType.CV_8UC1);
        Cv2.Randu(noise, 0, 40);
        Cv2.Add(grey, noise, grey);
        using var expected = new Mat();
        Cv2.AdaptiveThreshold(grey, expected, 255, AdaptiveThresholdTypes.MeanC, ThresholdTypes.Binary, block, 7);

        using var dark = PlateDetector.DarkInk(grey, block);
        using var light = PlateDetector.Complement(dark);

        using var differ = new Mat();
        Cv2.Compare(light, expected, differ, CmpTypes.NE);
        Assert.Equal(0, Cv2.CountNonZero(differ));
        Assert.InRange(Cv2.CountNonZero(dark), 1, grey.Rows * grey.Cols - 1);
    }

    [Fact]
    public void Detect_RowOfCapitals_IsFound()
    {
        using var image = SceneWithPlateRow();

        var found = new PlateDetector().Detect(image);

        Assert.True(Finds(found, PlateText), $"regions: {string.Join("; ", found.Select(p => p.TextQuad.Bounds))}");
    }

    [Fact]
    public void Detect_FaintRowOfCapitals_IsFound()
    {
        // Ink 7 grey levels below the plate: under the normal passes' threshold constant.
        using var image = new Mat(480, 640, MatType.CV_8UC3, new Scalar(200, 200, 200));
        Cv2.PutText(image, "ABC123", new Point(PlateText.X, PlateText.Bottom - 5), HersheyFonts.HersheySimplex, 1.4, new Scalar(193, 193, 193), 3, LineTypes.Link8);

        var found = new PlateDetector().Detect(image);

        Assert.True(Finds(found, PlateText), $"regions: {string.Join("; ", found.Select(p => p.TextQuad.Bounds))}");
    }

    [Fact]
    public void Detect_PlateRowNextToRaggedRowOfBigOutlines_IsNotTakenForItsDecoration()
    {
        // Lamp parts or bumper slots around a plate: four tall outlines of uneven height, sparse, right
        // above the characters. They chain into a row of "big characters" that scores far below the
        // plate, so the plate is not suppressed as the small text of that row.
        using var image = SceneWithPlateRow();
        var heights = new[] { 58, 75, 58, 75 };
        for (var i = 0; i < heights.Length; i++)
        {
            var x = PlateText.X + i * 60;
            Cv2.Rectangle(image, new Rect(x, PlateText.Y - 10 - heights[i], 20, heights[i]), Scalar.Black, 3);
        }

        var found = new PlateDetector().Detect(image);

        Assert.True(Finds(found, PlateText), $"regions: {string.Join("; ", found.Select(p => $"{p.TextQuad.Bounds} h={p.CharHeight:0} score={p.Score:0.00}"))}");
    }

    [Fact]
    public void Detect_RowGluedToSteppedFrameEdges_IsFound()
    {
        // A thin frame seen a few degrees off level is, in pixels, a staircase of 12 px runs. Touching
        // the glyphs above and below, it glues them into one wide component; its runs are shorter than
        // the long-run cut's kernel (16 px here), so only the short cut of glued components frees them.
        using var image = CentredRow("ABC1234", 0.8, 2, out var origin, out var size);
        var glyphs = new Rect(origin.X, origin.Y - size.Height, size.Width, size.Height);
        const int run = 12;
        for (var x = glyphs.X - 10; x < glyphs.Right + 10; x += run)
        {
            var step = (x - glyphs.X + 10) / run % 2;
            Cv2.Line(image, new Point(x, glyphs.Bottom + 1 + step), new Point(x + run - 1, glyphs.Bottom + 1 + step), Scalar.Black, 1);
            Cv2.Line(image, new Point(x, glyphs.Top - 2 - step), new Point(x + run - 1, glyphs.Top - 2 - step), Scalar.Black, 1);
        }

        var found = new PlateDetector().Detect(image);

        Assert.True(found.Any(p => p.CharCount >= 6 && Quad.BoundsIoU(p.TextQuad.Bounds, (glyphs.X, glyphs.Y, glyphs.Width, glyphs.Height)) > 0.3f),
            $"regions: {string.Join("; ", found.Select(p => $"{p.TextQuad.Bounds} n={p.CharCount}"))}");
    }

    [Fact]
    public void Detect_GlyphsGluedToAFrameAbove_DoNotMakeTheRowTaller()
    {
        // Two neighbouring glyphs glued to pieces of a frame or banner above them, 8 and 16 px tall: boxes of 1.27
        // and 1.53 times the glyph height, chained into the row through each other. The row's height comes from the
        // glyph-sized boxes; the taller box, more than 1.3 times the glyph height, counts for its length only.
        const string text = "ABC1234";
        using var image = CentredRow(text, 1.2, 3, out var origin, out var size);
        var top = origin.Y - size.Height;
        int X(int i) => origin.X + Cv2.GetTextSize(text[..i], HersheyFonts.HersheySimplex, 1.2, 3, out _).Width;
        Cv2.Rectangle(image, new Rect(X(3) + 2, top - 8, X(4) - X(3) - 4, 10), Scalar.Black, -1);
        Cv2.Rectangle(image, new Rect(X(4) + 2, top - 16, X(5) - X(4) - 4, 18), Scalar.Black, -1);

        var row = new PlateDetector().Detect(image).Where(p => p.CharCount >= 6).MaxBy(p => p.CharCount);

        Assert.NotNull(row);
        // The glyph-sized boxes reach 8 px above the glyphs (the first glued one), plus the quad's 0.22 glyph heights.
        var textTop = row.TextQuad.Bounds.Y;
        Assert.InRange(textTop, top - 8 - 0.22f * row.CharHeight - 3, top);
        Assert.True(row.TextQuad.Bounds.Height < 1.44f * row.CharHeight + 8 + 4, $"text quad {row.TextQuad.Bounds}, glyphs {row.CharHeight}");
    }

    [Fact]
    public void Detect_SmallBlurredPlateWithTouchingGlyphs_IsFoundAtDoubleResolution()
    {
        // Grey 12 px characters set without gaps, half a pixel from a black frame, blurred as by a cheap lens: at
        // the working size their strokes merge into blobs that are no characters (the other passes
        // find nothing), twice the resolution separates them. Drawn 4x larger and reduced by area
        // averaging so that the narrow gaps become grey, as in a photo.
        const int k = 4;
        const double capHeight = 12;
        using var large = new Mat(480 * k, 640 * k, MatType.CV_8UC3, new Scalar(200, 200, 200));
        var scale = capHeight * k / 22.0; // Hershey simplex capitals are 22 units high at scale 1
        var (x, baseline) = (300 * k, 240 * k + (int)(capHeight * k / 2));
        var left = x;
        foreach (var glyph in "ABC1234")
        {
            var width = Cv2.GetTextSize(glyph.ToString(), HersheyFonts.HersheySimplex, scale, 8, out _).Width;
            Cv2.PutText(large, glyph.ToString(), new Point(x, baseline), HersheyFonts.HersheySimplex, scale, Scalar.All(80), 8, LineTypes.AntiAlias);
            x += width - 8;
        }
        var top = baseline - (int)(capHeight * k);
        Cv2.Rectangle(large, new Rect(left - 14, top - 6, x - left + 28, baseline - top + 12), Scalar.Black, 6);
        using var image = new Mat();
        Cv2.Resize(large, image, new Size(640, 480), 0, 0, InterpolationFlags.Area);
        Cv2.GaussianBlur(image, image, new Size(0, 0), 1.2);
        var glyphs = new Rect(left / k, top / k, (x - left) / k, (baseline - top) / k);

        var found = new PlateDetector().Detect(image);

        Assert.True(Finds(found, glyphs), $"regions: {string.Join("; ", found.Select(p => $"{p.TextQuad.Bounds} n={p.CharCount}"))}");
    }

    [Fact]
    public void Detect_TwoLinePlate_PairsTheLinesUpperFirst()
    {
        using var scene = PlateRenderer.RenderScene(new SceneSpec(960, 640,
            [new ScenePlacement(new SyntheticPlate("ABC/1234", PlateStyle.TwoLine), 480, 380, 260)], 0.8f, 4, 5));

        var found = new PlateDetector().Detect(scene.Image);

        var pair = Assert.Single(found, p => p.SecondLine is not null);
        Assert.Equal(7, pair.CharCount);
        Assert.Equal(3, pair.CharBoxes.Count);
        Assert.Equal(4, pair.SecondLine!.CharBoxes.Count);
        Assert.True(pair.CharBoxesBounds().Y < pair.SecondLine.CharBoxesBounds().Y, "upper line first");
        // The pair's plate quad covers both lines.
        Assert.True(pair.PlateQuad.Bounds.Height > pair.SecondLine.PlateQuad.Bounds.Height + pair.SecondLine.CharHeight,
            $"pair {pair.PlateQuad.Bounds}, lower line {pair.SecondLine.PlateQuad.Bounds}");
    }

    [Fact]
    public void Detect_OneLinePlate_HasNoTwoLineCandidate()
    {
        using var image = SceneWithPlateRow();

        var found = new PlateDetector().Detect(image);

        Assert.NotEmpty(found);
        Assert.DoesNotContain(found, p => p.SecondLine is not null);
    }
}
