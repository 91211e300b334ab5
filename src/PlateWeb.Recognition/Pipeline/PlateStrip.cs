// One file: the strip's steps (rectify, whiten, cut bars and bands, blank between glyphs, the polarity and cut-glyph
// checks) all work on one CharLayout and were tuned together with `platectl eval`; apart, each would hide the order
// and the shared layout the others rely on.

using OpenCvSharp;
using PlateWeb.Recognition.Detection;

namespace PlateWeb.Recognition.Pipeline;

/// <summary>
/// A plate's text as the OCR gets it: the text quad warped to an upright strip
/// (<see cref="Rectify"/>), then cleaned (<see cref="PrepareForOcr"/>): ink black on a white
/// background, frame bars, borders, bands, dashes and emblems whitened, a white margin around.
/// Also the strip checks the recognizer makes before reading: polarity, glyphs cut by an end.
/// </summary>
internal static class PlateStrip
{
    // Tesseract reads capitals best around 30-40 px high; the text quad adds 22 % above and below.
    internal const int RectifiedHeight = 52;
    internal const int OcrPadding = 10;

    // Broad-glyph width/height that Tesseract's model reads best; 0.6-0.9 measured on the benchmark
    // with `platectl eval` (0.7: best sum of top-1 reads over eu, us and br).
    internal const float TargetAspect = 0.7f;

    /// <summary>Perspective-warps the text quad to an upright strip <see cref="RectifiedHeight"/> pixels high.</summary>
    internal static Mat Rectify(Mat gray, Quad quad, IReadOnlyList<BoxF> charBoxes, out CharLayout layout,
        int height = RectifiedHeight, float targetAspect = TargetAspect)
    {
        static float Dist(PointF a, PointF b) => MathF.Sqrt((a.X - b.X) * (a.X - b.X) + (a.Y - b.Y) * (a.Y - b.Y));
        var srcW = Math.Max(Dist(quad.TopLeft, quad.TopRight), Dist(quad.BottomLeft, quad.BottomRight));
        var srcH = Math.Max(Dist(quad.TopLeft, quad.BottomLeft), Dist(quad.TopRight, quad.BottomRight));
        var h = height;
        var w = Math.Clamp((int)Math.Round(WidthStretch(charBoxes, targetAspect) * srcW * h / Math.Max(1f, srcH)), h, h * 16);
        var src = quad.Points.Select(p => new Point2f(p.X, p.Y)).ToArray();
        Point2f[] dst = [new(0, 0), new(w, 0), new(w, h), new(0, h)];
        using var m = Cv2.GetPerspectiveTransform(src, dst);
        var output = new Mat();
        // Upscaling small plates needs cubic interpolation; downscaling large ones needs area averaging.
        var flags = srcH < h ? InterpolationFlags.Cubic : InterpolationFlags.Area;
        Cv2.WarpPerspective(gray, output, m, new Size(w, h), flags, BorderTypes.Replicate);

        // Where each detected character lies along the rectified strip.
        var corners = charBoxes.SelectMany(b => new[] { new Point2f(b.X, b.Y), new Point2f(b.X + b.Width, b.Y),
            new Point2f(b.X + b.Width, b.Y + b.Height), new Point2f(b.X, b.Y + b.Height) }).ToArray();
        var mapped = corners.Length == 0 ? [] : Cv2.PerspectiveTransform(corners, m);
        var spans = Enumerable.Range(0, charBoxes.Count)
            .Select(i => (mapped.Skip(i * 4).Take(4).Min(p => p.X), mapped.Skip(i * 4).Take(4).Max(p => p.X)))
            .OrderBy(s => s.Item1).ToList();
        // Median character top and bottom: one glyph glued to an underline or a dealer's slogan
        // must not stretch the band over them.
        var tops = Enumerable.Range(0, charBoxes.Count).Select(i => mapped.Skip(i * 4).Take(4).Min(p => p.Y)).Order().ToArray();
        var bottoms = Enumerable.Range(0, charBoxes.Count).Select(i => mapped.Skip(i * 4).Take(4).Max(p => p.Y)).Order().ToArray();
        layout = mapped.Length == 0
            ? new CharLayout(spans, 0, h)
            : new CharLayout(spans, tops[tops.Length / 2], bottoms[bottoms.Length / 2]);
        return output;
    }

    /// <summary>Where the detected characters lie in a rectified strip: their columns and the band of rows they fill.</summary>
    internal sealed record CharLayout(IReadOnlyList<(float Left, float Right)> Spans, float Top, float Bottom);

    /// <summary>
    /// How much wider than true to make the strip. Tesseract's general model misreads condensed
    /// plate fonts (US plates: 9→S, 6→G, dropped 1s) and reads them far better drawn wider; the
    /// wide glyphs of EU and Brazilian plates are left as they are. Judged from the broader glyphs
    /// (75th percentile of width / height, so 1s and Is do not count).
    /// </summary>
    private static float WidthStretch(IReadOnlyList<BoxF> charBoxes, float targetAspect)
    {
        if (charBoxes.Count < 3) return 1f;
        var aspects = charBoxes.Select(b => b.Width / Math.Max(1f, b.Height)).Order().ToArray();
        var broad = aspects[(int)(aspects.Length * 0.75f)];
        return Math.Clamp(targetAspect / Math.Max(0.05f, broad), 1f, 1.6f);
    }

    /// <summary>Dark text on a light background, contrast stretched, with a white margin: what Tesseract expects.</summary>
    internal static Mat PrepareForOcr(Mat rectified, CharLayout layout, bool lightText)
    {
        using var stretched = new Mat();
        if (lightText) Cv2.BitwiseNot(rectified, stretched);
        else rectified.CopyTo(stretched);
        WhitenBackground(stretched);
        RemoveLongHorizontalRuns(stretched, layout);
        layout = RefineBand(stretched, layout);
        BlankBetweenCharacters(stretched, layout);
        BlankOutsideBand(stretched, layout);
        var padded = new Mat();
        Cv2.CopyMakeBorder(stretched, padded, OcrPadding, OcrPadding, OcrPadding, OcrPadding, BorderTypes.Constant, Scalar.White);
        return padded;
    }

    /// <summary>
    /// Stretches the strip so that ink is black and the plate's own background is pure white, the
    /// same white that blanked columns and the padding get: a grey plate next to white padding would
    /// otherwise pull Tesseract's global threshold and turn the background black.
    /// </summary>
    private static void WhitenBackground(Mat strip)
    {
        var band = new Rect(0, strip.Height * 3 / 10, strip.Width, Math.Max(1, strip.Height * 4 / 10));
        using var roi = strip[band];
        using var bin = new Mat();
        var t = Cv2.Threshold(roi, bin, 0, 255, ThresholdTypes.Binary | ThresholdTypes.Otsu);
        roi.GetArray(out byte[] pixels);
        var light = pixels.Where(p => p > t).Select(p => (int)p).Order().ToArray();
        var dark = pixels.Where(p => p <= t).Select(p => (int)p).Order().ToArray();
        if (light.Length == 0 || dark.Length == 0) return;
        // Background = median of the light class; ink = 20th percentile of the dark class.
        var white = light[light.Length / 2];
        var black = dark[dark.Length / 5];
        if (white - black < 8) return;
        var alpha = 255.0 / (white - black);
        strip.ConvertTo(strip, MatType.CV_8UC1, alpha, -black * alpha);
    }

    /// <summary>
    /// Whitens ink runs longer than any glyph's horizontal stroke: a frame bar or an underline
    /// touching the characters otherwise reads as extra strokes, or hides the glyphs altogether.
    /// </summary>
    private static void RemoveLongHorizontalRuns(Mat strip, CharLayout layout)
    {
        var charHeight = Math.Max(8f, layout.Bottom - layout.Top);
        using var ink = new Mat();
        Cv2.Threshold(strip, ink, 0, 255, ThresholdTypes.BinaryInv | ThresholdTypes.Otsu);
        using var lines = new Mat();
        using var kernel = Cv2.GetStructuringElement(MorphShapes.Rect, new Size((int)(1.8f * charHeight), 1));
        Cv2.MorphologyEx(ink, lines, MorphTypes.Open, kernel);
        if (Cv2.CountNonZero(lines) == 0) return;
        using var grow = Cv2.GetStructuringElement(MorphShapes.Rect, new Size(1, 3));
        Cv2.Dilate(lines, lines, grow);
        strip.SetTo(Scalar.White, lines);
    }

    /// <summary>
    /// The character band as the strip itself shows it: the median top and bottom of the glyph-like
    /// ink components, when there are enough of them. Detector boxes can be short (a pass that cut
    /// a frame bar also cut the glyph bottoms it touched).
    /// </summary>
    private static CharLayout RefineBand(Mat strip, CharLayout layout)
    {
        var glyphs = GlyphLikeComponents(strip, layout);
        if (glyphs.Count < 3) return layout;
        var tops = glyphs.Select(g => g.Top).Order().ToArray();
        var bottoms = glyphs.Select(g => g.Bottom).Order().ToArray();
        return layout with { Top = tops[tops.Length / 2], Bottom = bottoms[bottoms.Length / 2] };
    }

    /// <summary>
    /// Whitens the strip outside the characters and in wide gaps between them: plate borders, the EU
    /// band, dashes, emblems and stickers otherwise come back from OCR as extra characters. A column
    /// with a tall ink stroke that does not run through the whole strip (a border does) is a
    /// character, found by the detector or not: gaps holding one are kept, and the kept zone grows
    /// outward over such strokes to take back end characters the detector missed.
    /// </summary>
    private static void BlankBetweenCharacters(Mat strip, CharLayout layout)
    {
        var spans = layout.Spans;
        if (spans.Count == 0) return;
        var h = strip.Height;
        var w = strip.Width;
        var charHeight = h / 1.44f; // the text quad adds 22 % of the character height above and below
        var pad = 0.12f * charHeight;
        var tall = TallStrokeColumns(strip, charHeight);
        bool AnyTall(float from, float to)
        {
            for (var x = Math.Max(0, (int)from); x < Math.Min(w, (int)Math.Ceiling(to)); x++) if (tall[x]) return true;
            return false;
        }
        void Blank(float from, float to)
        {
            var x0 = Math.Clamp((int)Math.Round(from), 0, w);
            var x1 = Math.Clamp((int)Math.Round(to), 0, w);
            if (x1 > x0) strip[new Rect(x0, 0, x1 - x0, h)].SetTo(Scalar.White);
        }

        // Grow the kept zone over neighbouring glyphs the detector missed (glued to a frame, or
        // broken): ink components of character height standing in the character band.
        var left = spans[0].Left;
        var right = spans[^1].Right;
        var reach = 0.9f * charHeight; // a dash or an emblem can sit between two characters
        var glyphs = GlyphLikeComponents(strip, layout);
        for (var grown = true; grown;)
        {
            grown = false;
            foreach (var (gl, gr, _, _) in glyphs)
            {
                if (gl >= right && gl - right < reach) { right = gr; grown = true; }
                else if (gr <= left && left - gr < reach) { left = gl; grown = true; }
            }
        }

        Blank(0, left - pad);
        Blank(right + pad, w);
        var prevRight = spans[0].Right;
        foreach (var s in spans.Skip(1))
        {
            var gap = s.Left - prevRight;
            if (gap > 0.35f * charHeight && !AnyTall(prevRight + pad, s.Left - pad)) Blank(prevRight + pad, s.Left - pad);
            prevRight = Math.Max(prevRight, s.Right);
        }
    }

    /// <summary>
    /// Whitens the rows above and below the characters: frame bars and the edges of a sticker or
    /// bumper there make Tesseract look for a second line, or for none.
    /// </summary>
    private static void BlankOutsideBand(Mat strip, CharLayout layout)
    {
        if (layout.Spans.Count == 0) return;
        var pad = 0.1f * (layout.Bottom - layout.Top);
        var top = Math.Clamp((int)Math.Floor(layout.Top - pad), 0, strip.Height);
        var bottom = Math.Clamp((int)Math.Ceiling(layout.Bottom + pad), 0, strip.Height);
        if (top > 0) strip[new Rect(0, 0, strip.Width, top)].SetTo(Scalar.White);
        if (bottom < strip.Height) strip[new Rect(0, bottom, strip.Width, strip.Height - bottom)].SetTo(Scalar.White);
    }

    /// <summary>Column ranges of ink components shaped like a glyph and standing in the character band.</summary>
    private static List<(float Left, float Right, float Top, float Bottom)> GlyphLikeComponents(Mat strip, CharLayout layout)
    {
        var charHeight = Math.Max(8f, layout.Bottom - layout.Top);
        var (n, st) = InkComponents(strip);
        var list = new List<(float, float, float, float)>();
        for (var i = 1; i < n; i++)
        {
            int x = st[i * 5], y = st[i * 5 + 1], cw = st[i * 5 + 2], ch = st[i * 5 + 3];
            if (ch < 0.55f * charHeight || ch > 1.2f * charHeight || cw > 1.6f * charHeight) continue;
            // A component cut by the strip's edge is the plate's border or its surroundings.
            if (x <= 0 || x + cw >= strip.Width) continue;
            if (y < layout.Top - 0.2f * charHeight || y + ch > layout.Bottom + 0.2f * charHeight) continue;
            list.Add((x, x + cw, y, y + ch));
        }
        return list;
    }

    /// <summary>Connected components of the dark ink (Otsu) of a grey strip: their count (the background's
    /// label 0 included) and their stats, five ints each (left, top, width, height, area).</summary>
    private static (int Count, int[] Stats) InkComponents(Mat strip) => OtsuComponents(strip, dark: true);

    /// <summary>
    /// Connected components of a grey picture's dark (or light) side of its Otsu threshold: their count (the
    /// background's label 0 included) and their stats, five ints each (left, top, width, height, area).
    /// </summary>
    internal static (int Count, int[] Stats) OtsuComponents(Mat grey, bool dark)
    {
        using var ink = new Mat();
        Cv2.Threshold(grey, ink, 0, 255, (dark ? ThresholdTypes.BinaryInv : ThresholdTypes.Binary) | ThresholdTypes.Otsu);
        using var labels = new Mat();
        using var stats = new Mat();
        using var centroids = new Mat();
        var n = Cv2.ConnectedComponentsWithStats(ink, labels, stats, centroids, PixelConnectivity.Connectivity8);
        stats.GetArray(out int[] st);
        return (n, st);
    }

    /// <summary>
    /// Columns holding a character-like stroke: a dark run of 60-115 % of a character's height that
    /// stays within the character band (a border or the EU band runs above and below it).
    /// </summary>
    private static bool[] TallStrokeColumns(Mat strip, float charHeight)
    {
        using var bin = new Mat();
        Cv2.Threshold(strip, bin, 0, 255, ThresholdTypes.BinaryInv | ThresholdTypes.Otsu);
        var w = bin.Width;
        var h = bin.Height;
        var tall = new bool[w];
        bin.GetArray(out byte[] data);
        var bandTop = (h - charHeight) / 2 - 0.15f * charHeight;
        var bandBottom = (h + charHeight) / 2 + 0.15f * charHeight;
        for (var x = 0; x < w; x++)
        {
            int best = 0, bestEnd = 0, run = 0;
            for (var y = 0; y < h; y++)
            {
                run = data[y * w + x] != 0 ? run + 1 : 0;
                if (run > best) (best, bestEnd) = (run, y);
            }
            var start = bestEnd - best + 1;
            tall[x] = best >= 0.6f * charHeight && best <= 1.15f * charHeight && start >= bandTop && bestEnd <= bandBottom;
        }
        return tall;
    }

    /// <summary>
    /// Polarity from the strip itself, not from the detector pass that found it (a light-on-dark pass
    /// also finds the gaps between dark letters): in the middle band, text is the minority class.
    /// </summary>
    internal static bool TextIsLight(Mat strip)
    {
        var band = new Rect(0, strip.Height * 3 / 10, strip.Width, Math.Max(1, strip.Height * 4 / 10));
        using var bin = new Mat();
        Cv2.Threshold(strip[band], bin, 0, 255, ThresholdTypes.Binary | ThresholdTypes.Otsu);
        // Bold dark letters can cover half of the band; only a clearly dark band means light text.
        return Cv2.CountNonZero(bin) < band.Width * band.Height * 0.35;
    }

    /// <summary>
    /// Whether an ink component of character height, standing in the character band, is cut by the
    /// strip's left or right end.
    /// </summary>
    internal static (bool Left, bool Right) GlyphCutByEnds(Mat rectified, CharLayout layout, bool lightText)
    {
        var charHeight = Math.Max(8f, layout.Bottom - layout.Top);
        using var strip = new Mat();
        if (lightText) Cv2.BitwiseNot(rectified, strip);
        else rectified.CopyTo(strip);
        var (n, st) = InkComponents(strip);
        bool left = false, right = false;
        for (var i = 1; i < n; i++)
        {
            int x = st[i * 5], y = st[i * 5 + 1], cw = st[i * 5 + 2], ch = st[i * 5 + 3];
            if (ch < 0.6f * charHeight || ch > 1.2f * charHeight || cw > 0.9f * charHeight || cw < 0.12f * charHeight) continue;
            if (y < layout.Top - 0.2f * charHeight || y + ch > layout.Bottom + 0.2f * charHeight) continue;
            if (x <= 0) left = true;
            if (x + cw >= strip.Width) right = true;
        }
        return (left, right);
    }

    /// <summary>The first and one-past-last column holding ink (darker than mid-grey) of a prepared strip.</summary>
    internal static (int From, int To) InkColumns(Mat strip)
    {
        using var ink = new Mat();
        Cv2.Threshold(strip, ink, 127, 255, ThresholdTypes.BinaryInv);
        using var columns = new Mat();
        Cv2.Reduce(ink, columns, ReduceDimension.Row, ReduceTypes.Max, -1);
        columns.GetArray(out byte[] any);
        var from = Array.FindIndex(any, v => v != 0);
        return from < 0 ? (0, 0) : (from, Array.FindLastIndex(any, v => v != 0) + 1);
    }
}
