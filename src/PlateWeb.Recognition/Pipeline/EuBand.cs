using OpenCvSharp;
using PlateWeb.Recognition.Detection;

namespace PlateWeb.Recognition.Pipeline;

/// <summary>
/// The blue band on the left of a European plate and the country code printed in it ("F", "D", "SK", "NL"…):
/// what the plate itself says about its country. The characters alone often cannot: a French SIV "AB-123-CD", an
/// Italian "AB 123CD" and a Slovak "AB-123CD" are the same seven characters. The band is found by its colour
/// left of the row of characters; its white letters are cut out and read by the plate reader, which scores each code of
/// the list as the formats' texts are scored (<see cref="PlateWeb.Recognition.Ocr.PlateReading.ProbabilityOf(string)"/>).
/// </summary>
internal static class EuBand
{
    /// <summary>The codes printed in the band (the international vehicle registration codes), and their ISO country.</summary>
    public static readonly IReadOnlyDictionary<string, string> Countries = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["A"] = "AT",
        ["B"] = "BE",
        ["BG"] = "BG",
        ["CY"] = "CY",
        ["CZ"] = "CZ",
        ["D"] = "DE",
        ["DK"] = "DK",
        ["E"] = "ES",
        ["EST"] = "EE",
        ["F"] = "FR",
        ["FIN"] = "FI",
        ["GR"] = "GR",
        ["H"] = "HU",
        ["HR"] = "HR",
        ["I"] = "IT",
        ["IRL"] = "IE",
        ["L"] = "LU",
        ["LT"] = "LT",
        ["LV"] = "LV",
        ["M"] = "MT",
        ["NL"] = "NL",
        ["P"] = "PT",
        ["PL"] = "PL",
        ["RO"] = "RO",
        ["S"] = "SE",
        ["SK"] = "SK",
        ["SLO"] = "SI",
        ["GB"] = "GB",
        ["UK"] = "GB",
    };

    // The patch looked at, in heights of the row's text quad (its glyphs and 0.22 of their height above and below):
    // from this far left of the row's start to well into it (the detector's row may begin inside the band), and from
    // above the quad's top to below its bottom. An EU plate is about as high as the quad, its band about 0.4 of that
    // wide, next to the first glyph.
    private const float LeftReach = 1.2f;
    private const float IntoRow = 0.8f;
    private const float AboveAndBelow = 0.4f;
    private const int PatchHeight = 72;

    // Hue (OpenCV's 0-180) of the band's blue, and its least saturation and brightness.
    private const int HueFrom = 95;
    private const int HueTo = 130;
    private const int MinSaturation = 80;
    private const int MinValue = 40;

    // The least share of a patch column that is blue for the column to be part of a band (a band fills about half of
    // the patch's height, less in the columns of its letters and stars).
    private const float MinBlueColumn = 0.25f;

    // The likeliest code stands where it holds at least this share of every code's probability.
    private const double CodeShare = 0.9;

    /// <summary>
    /// The band's letters left of a one-line row, dark on white, cut close; null when no band is
    /// there (no blue column of a band's size and height next to the row, or nothing white in its lower half).
    /// </summary>
    public static Mat? FindLetters(Mat bgr, Quad textQuad)
    {
        if (bgr.Channels() != 3) throw new ArgumentException("a BGR picture expected", nameof(bgr));
        using var patch = Patch(bgr, textQuad, out var h);
        if (patch is null) return null;
        using var hsv = patch.CvtColor(ColorConversionCodes.BGR2HSV);
        var band = FindBand(hsv, h);
        if (band is not { } b) return null;
        return CutLetters(hsv, b);
    }

    /// <summary>The patch left of the row, upright, <see cref="PatchHeight"/> pixels high; <paramref name="h"/> is a glyph's height in it.</summary>
    private static Mat? Patch(Mat bgr, Quad q, out float h)
    {
        var left = Dist(q.TopLeft, q.BottomLeft);
        var right = Dist(q.TopRight, q.BottomRight);
        var length = Dist(q.TopLeft, q.TopRight);
        h = 0;
        if (left < 4 || length < 1) return null;
        // Along the row, and down across it (the left side: the band stands next to the first glyph).
        var ux = (q.TopRight.X - q.TopLeft.X) / length;
        var uy = (q.TopRight.Y - q.TopLeft.Y) / length;
        var (dx, dy) = (q.BottomLeft.X - q.TopLeft.X, q.BottomLeft.Y - q.TopLeft.Y);
        var gh = (left + right) / 2;
        Point2f At(float along, float down) => new(q.TopLeft.X + ux * along * gh + dx * down, q.TopLeft.Y + uy * along * gh + dy * down);
        Point2f[] src = [At(-LeftReach, -AboveAndBelow), At(IntoRow, -AboveAndBelow), At(IntoRow, 1 + AboveAndBelow), At(-LeftReach, 1 + AboveAndBelow)];
        var scale = PatchHeight / ((1 + 2 * AboveAndBelow) * left);
        var width = Math.Max(8, (int)MathF.Round((LeftReach + IntoRow) * gh * scale));
        Point2f[] dst = [new(0, 0), new(width, 0), new(width, PatchHeight), new(0, PatchHeight)];
        using var m = Cv2.GetPerspectiveTransform(src, dst);
        var patch = new Mat();
        Cv2.WarpPerspective(bgr, patch, m, new Size(width, PatchHeight), left * scale > 1 ? InterpolationFlags.Cubic : InterpolationFlags.Area,
            BorderTypes.Constant, Scalar.Black);
        h = PatchHeight / (1 + 2 * AboveAndBelow);
        return patch;
    }

    /// <summary>The band in the patch: the blue run of columns nearest the row, of a band's width, standing about a plate's height.</summary>
    private static Rect? FindBand(Mat hsv, float h)
    {
        using var mask = new Mat();
        Cv2.InRange(hsv, new Scalar(HueFrom, MinSaturation, MinValue), new Scalar(HueTo, 255, 255), mask);
        var (w, rows) = (mask.Width, mask.Height);
        mask.GetArray(out byte[] blue);
        var columns = new float[w];
        for (var y = 0; y < rows; y++)
        {
            for (var x = 0; x < w; x++) if (blue[y * w + x] != 0) columns[x] += 1f / rows;
        }
        // Runs of blue columns, the one nearest the row first. The band's letters and stars take part of its columns,
        // so a gap of a column or two does not end a run.
        bool Blue(int x) => columns[x] >= MinBlueColumn;
        for (var end = w - 1; end >= 0; end--)
        {
            if (!Blue(end)) continue;
            var start = end;
            while (start > 0 && (Blue(start - 1) || (start > 2 && (Blue(start - 2) || Blue(start - 3))))) start--;
            while (!Blue(start)) start++;
            var runWidth = end - start + 1;
            if (runWidth >= 0.15f * h && runWidth <= 0.8f * h)
            {
                // Rows of the run that are mostly blue: the band's top and bottom.
                int top = -1, bottom = -1;
                for (var y = 0; y < rows; y++)
                {
                    var count = 0;
                    for (var x = start; x <= end; x++) if (blue[y * w + x] != 0) count++;
                    if (count >= 0.3f * runWidth)
                    {
                        if (top < 0) top = y;
                        bottom = y;
                    }
                }
                if (top >= 0 && bottom - top + 1 >= 0.65f * h && BlueAbove(blue, w, start, end, top, bottom))
                {
                    return new Rect(start, top, runWidth, bottom - top + 1);
                }
            }
            end = start;
        }
        return null;
    }

    /// <summary>
    /// Whether the upper part of a blue run is mostly blue, as a band is around its stars: a coat of arms (the Slovak
    /// one, blue hills under a white cross on red, between a plate's letters) is blue at the bottom only, and its
    /// cross read as an "H".
    /// </summary>
    private static bool BlueAbove(byte[] blue, int w, int start, int end, int top, int bottom)
    {
        var rows = Math.Max(1, (int)((bottom - top + 1) * 0.4f));
        var count = 0;
        for (var y = top; y < top + rows; y++)
        {
            for (var x = start; x <= end; x++) if (blue[y * w + x] != 0) count++;
        }
        return count >= 0.5f * rows * (end - start + 1);
    }

    /// <summary>The white letters in the band's lower half, dark on white, cut close; null when none stand there.</summary>
    private static Mat? CutLetters(Mat hsv, Rect band)
    {
        // Inside the band only (its sides are where the plate's white begins), from a little under its middle down.
        var lowerTop = band.Y + (int)(band.Height * 0.45f);
        var roiRect = new Rect(band.X + 1, lowerTop, band.Width - 2, band.Bottom - lowerTop);
        if (roiRect.Width < 3 || roiRect.Height < 3) return null;
        using var roi = hsv[roiRect];
        // Brightness less saturation: white letters high, the saturated blue low.
        var channels = roi.Split();
        using var g8 = new Mat();
        try
        {
            using var sf = new Mat();
            using var vf = new Mat();
            channels[1].ConvertTo(sf, MatType.CV_32FC1, 0.8);
            channels[2].ConvertTo(vf, MatType.CV_32FC1);
            using var g = new Mat();
            Cv2.Subtract(vf, sf, g);
            g.ConvertTo(g8, MatType.CV_8UC1);
        }
        finally
        {
            foreach (var c in channels) c.Dispose();
        }
        // The white letters: the light side of the lower half's Otsu threshold.
        var (n, st) = PlateStrip.OtsuComponents(g8, dark: false);
        int bx0 = int.MaxValue, by0 = int.MaxValue, bx1 = -1, by1 = -1;
        var (rw, rh) = (g8.Width, g8.Height);
        for (var i = 1; i < n; i++)
        {
            var (x, y, cw, ch) = (st[i * 5], st[i * 5 + 1], st[i * 5 + 2], st[i * 5 + 3]);
            // A letter stands clear of the band's bottom edge, and is a good part of the lower half's height (the plate's
            // white beside the band, where a side column holds some, runs the whole height).
            if (y + ch >= rh) continue;
            if (ch < 0.2f * rh || ch > 0.9f * rh || cw >= rw) continue;
            (bx0, by0, bx1, by1) = (Math.Min(bx0, x), Math.Min(by0, y), Math.Max(bx1, x + cw), Math.Max(by1, y + ch));
        }
        if (bx1 < 0) return null;
        var box = new Rect(bx0 - 1, by0 - 1, bx1 - bx0 + 2, by1 - by0 + 2).Intersect(new Rect(0, 0, rw, rh));
        using var letters = g8[box];
        using var norm = new Mat();
        Cv2.Normalize(letters, norm, 0, 255, NormTypes.MinMax);
        var dark = new Mat();
        Cv2.BitwiseNot(norm, dark);
        return dark;
    }

    /// <summary>
    /// The letters picture (<see cref="FindLetters"/>) laid out as the plate reader sees a row: the letters as tall as a
    /// plate's glyphs, half their height of white above and below, centred in the reader's 4:1 window.
    /// </summary>
    public static Mat AsRow(Mat letters)
    {
        var gh = Ocr.PlateReader.Height / 2;
        var w = Math.Max(1, (int)Math.Round(letters.Width * gh / (double)letters.Height));
        using var scaled = new Mat();
        Cv2.Resize(letters, scaled, new Size(Math.Min(w, Ocr.PlateReader.Width - 8), gh), 0, 0,
            letters.Height > gh ? InterpolationFlags.Area : InterpolationFlags.Cubic);
        var row = new Mat(Ocr.PlateReader.Height, Ocr.PlateReader.Width, MatType.CV_8UC1, Scalar.White);
        var x = (row.Width - scaled.Width) / 2;
        using (var target = row[new Rect(x, (row.Height - gh) / 2, scaled.Width, gh)]) scaled.CopyTo(target);
        return row;
    }

    /// <summary>
    /// The code the plate reader read in a band's letters (<see cref="AsRow"/>): each code of the list scored by the
    /// reader's probability of exactly that text, the likeliest kept where it is the reader's own read of the letters or
    /// holds at least 90 % of the codes' total (then it is <see cref="BandCode.Sure"/>).
    /// The reader learnt plates of five to eight characters, so it gives a lone letter a small probability; but among
    /// the codes, its likeliest is the code as a person reads it (docs/ACCURACY.md).
    /// </summary>
    public static BandCode? Code(Ocr.PlateReading reading)
    {
        var (best, bestP, total) = ((string?)null, 0.0, 0.0);
        foreach (var code in Countries.Keys)
        {
            var p = reading.ProbabilityOf(code);
            total += p;
            if (p > bestP) (best, bestP) = (code, p);
        }
        if (best is null) return null;
        // No other code comes near it; or it is the reader's own read of the letters (a lone L or M shares its letter
        // with LT, LV or MT's neighbours, and holds only 0.5 to 0.8 of the codes' probability).
        var sure = bestP / total >= CodeShare;
        return sure || reading.Text == best ? new BandCode(best, sure) : null;
    }

    /// <summary>The country of a band's code, or null when it is no code of the list.</summary>
    public static string? CountryOf(string text) => Countries.TryGetValue(text.Trim().ToUpperInvariant(), out var c) ? c : null;

    private static float Dist(PointF a, PointF b) => MathF.Sqrt((a.X - b.X) * (a.X - b.X) + (a.Y - b.Y) * (a.Y - b.Y));
}

/// <summary>A code read in an EU band; <paramref name="Sure"/> when it held at least 90 % of the codes' probability.</summary>
internal readonly record struct BandCode(string Code, bool Sure);
