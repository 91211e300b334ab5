using OpenCvSharp;
using PlateWeb.Recognition.Ocr;

namespace PlateWeb.Recognition.Glyphs;

/// <summary>
/// Cuts one character out of a strip prepared for OCR (dark ink on white) and draws it the way the
/// glyph classifier was trained: ink bright on black, the ink's bounding box scaled to
/// <see cref="InkHeight"/> pixels high (narrower if it would not fit) and centred in a
/// <see cref="Size"/>-pixel square. tools/glyphs/glyphs.py draws its training glyphs with the same
/// rule (<c>normalize</c>); change both together.
/// </summary>
public static class GlyphCrop
{
    public const int Size = 32;
    public const int InkHeight = 26;
    public const int MaxInkWidth = 28;
    // Ink is any pixel darker than this in the prepared strip (its background is stretched to white).
    private const byte InkBelow = 128;

    /// <summary>The normalized glyph, or null when the box holds no ink.</summary>
    public static Mat? Normalize(Mat prepared, BoxI box)
    {
        // Tesseract's LSTM symbol boxes are approximate along the line: the columns come from the box,
        // widened by a little, and the rows from the ink the columns hold.
        var grow = Math.Max(1, box.Width / 8);
        var x0 = Math.Clamp(box.X - grow, 0, prepared.Width - 1);
        var x1 = Math.Clamp(box.X + box.Width + grow, x0 + 1, prepared.Width);
        var y0 = Math.Clamp(box.Y - box.Height / 4, 0, prepared.Height - 1);
        var y1 = Math.Clamp(box.Y + box.Height + box.Height / 4, y0 + 1, prepared.Height);
        using var region = new Mat(prepared, new Rect(x0, y0, x1 - x0, y1 - y0));
        using var ink = new Mat();
        Cv2.Threshold(region, ink, InkBelow, 255, ThresholdTypes.BinaryInv);
        var bounds = InkBounds(ink, box.X - x0, box.X + box.Width - x0);
        if (bounds is not { } b) return null;

        var scale = Math.Min((float)InkHeight / b.Height, (float)MaxInkWidth / b.Width);
        var w = Math.Clamp((int)MathF.Round(b.Width * scale), 1, MaxInkWidth);
        var h = Math.Clamp((int)MathF.Round(b.Height * scale), 1, InkHeight);
        using var glyph = new Mat(region, b);
        using var inverted = new Mat();
        Cv2.BitwiseNot(glyph, inverted);
        using var scaled = new Mat();
        Cv2.Resize(inverted, scaled, new OpenCvSharp.Size(w, h), 0, 0, scale < 1 ? InterpolationFlags.Area : InterpolationFlags.Linear);
        var canvas = new Mat(Size, Size, MatType.CV_8UC1, Scalar.Black);
        using (var target = new Mat(canvas, new Rect((Size - w) / 2, (Size - h) / 2, w, h)))
        {
            scaled.CopyTo(target);
        }
        return canvas;
    }

    /// <summary>
    /// Bounding box of the ink components whose centre lies between the given columns (so a
    /// neighbour's edge that the widened box takes in is left out).
    /// </summary>
    private static Rect? InkBounds(Mat ink, int left, int right)
    {
        using var labels = new Mat();
        using var stats = new Mat();
        using var centroids = new Mat();
        var n = Cv2.ConnectedComponentsWithStats(ink, labels, stats, centroids, PixelConnectivity.Connectivity8);
        int minX = int.MaxValue, minY = int.MaxValue, maxX = -1, maxY = -1;
        for (var i = 1; i < n; i++)
        {
            int x = stats.At<int>(i, 0), y = stats.At<int>(i, 1), w = stats.At<int>(i, 2), h = stats.At<int>(i, 3);
            var area = stats.At<int>(i, 4);
            var cx = x + w / 2f;
            if (area < 3 || cx < left || cx > right) continue;
            minX = Math.Min(minX, x);
            minY = Math.Min(minY, y);
            maxX = Math.Max(maxX, x + w);
            maxY = Math.Max(maxY, y + h);
        }
        return maxX < 0 ? null : new Rect(minX, minY, maxX - minX, maxY - minY);
    }
}
