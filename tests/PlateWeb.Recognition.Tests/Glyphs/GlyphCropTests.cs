using OpenCvSharp;
using PlateWeb.Recognition.Glyphs;
using PlateWeb.Recognition.Ocr;

namespace PlateWeb.Recognition.Tests.Glyphs;

public sealed class GlyphCropTests
{
    /// <summary>A strip as the pipeline prepares it: dark characters on white.</summary>
    private static Mat Strip(string text, out List<BoxI> boxes, double scale = 1.4, int gap = 6)
    {
        var strip = new Mat(60, 40 + text.Length * 40, MatType.CV_8UC1, Scalar.White);
        boxes = [];
        var x = 20;
        foreach (var c in text)
        {
            var s = c.ToString();
            var size = Cv2.GetTextSize(s, HersheyFonts.HersheySimplex, scale, 3, out _);
            strip.PutText(s, new Point(x, 45), HersheyFonts.HersheySimplex, scale, Scalar.Black, 3);
            using var ink = new Mat();
            using (var column = new Mat(strip, new Rect(x - 2, 0, size.Width + 4, strip.Height)))
            {
                Cv2.Threshold(column, ink, 128, 255, ThresholdTypes.BinaryInv);
            }
            var r = Cv2.BoundingRect(ink);
            boxes.Add(new BoxI(x - 2 + r.X, r.Y, r.Width, r.Height));
            x += size.Width + gap;
        }
        return strip;
    }

    [Fact]
    public void Normalize_Glyph_IsScaledToTheInkHeightAndCentredBrightOnBlack()
    {
        using var strip = Strip("H", out var boxes);

        using var glyph = GlyphCrop.Normalize(strip, boxes[0]);

        Assert.NotNull(glyph);
        Assert.Equal(GlyphCrop.Size, glyph.Rows);
        Assert.Equal(GlyphCrop.Size, glyph.Cols);
        using var ink = new Mat();
        Cv2.Threshold(glyph, ink, 128, 255, ThresholdTypes.Binary);
        var r = Cv2.BoundingRect(ink);
        Assert.InRange(r.Height, GlyphCrop.InkHeight - 1, GlyphCrop.InkHeight);
        Assert.InRange(r.X - (GlyphCrop.Size - r.X - r.Width), -2, 2);
        Assert.Equal(0, glyph.At<byte>(0, 0));
    }

    [Fact]
    public void Normalize_BoxSlightlyWide_LeavesTheNeighboursOut()
    {
        using var strip = Strip("1M", out var boxes, gap: 3);
        // Tesseract's LSTM boxes are loose: give the 1 a box reaching into the M.
        var loose = boxes[0] with { Width = boxes[0].Width + 4 };

        using var glyph = GlyphCrop.Normalize(strip, loose);

        Assert.NotNull(glyph);
        using var ink = new Mat();
        Cv2.Threshold(glyph, ink, 128, 255, ThresholdTypes.Binary);
        var r = Cv2.BoundingRect(ink);
        // A 1 alone is narrow: had the M's edge been taken, the ink would span most of the square.
        Assert.True(r.Width < GlyphCrop.Size / 2, $"ink {r.Width} px wide");
    }

    [Fact]
    public void Normalize_BlankBox_IsNull()
    {
        using var strip = new Mat(60, 200, MatType.CV_8UC1, Scalar.White);

        Assert.Null(GlyphCrop.Normalize(strip, new BoxI(50, 10, 20, 40)));
    }
}
