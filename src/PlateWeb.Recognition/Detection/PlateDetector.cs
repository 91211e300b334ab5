// One file: the detector's passes (two block sizes, two polarities, two scales, runs cut, glyphs freed, the 2x and
// gentle passes) feed one row grouping, and their constants were tuned together on the benchmark (docs/ACCURACY.md);
// the component labelling is already its own class (InkRuns).

using OpenCvSharp;
using PlateWeb.Recognition.Imaging;

namespace PlateWeb.Recognition.Detection;

/// <summary>Settings of the character-grouping detector; pixel sizes refer to the working image.</summary>
public sealed record DetectorSettings
{
    /// <summary>The longest side of the image is reduced to this before detection (speed; plates stay readable).</summary>
    public int MaxWorkingSide { get; init; } = 1280;

    /// <summary>
    /// Pixel budget of the working image: a 1280×720 frame is read at full size, a square
    /// 1280×1280 photo is reduced (its plates are large) so detection time follows the budget.
    /// </summary>
    public long MaxWorkingPixels { get; init; } = 1_000_000;

    /// <summary>Smallest character height considered, in working pixels.</summary>
    public int MinCharHeight { get; init; } = 9;

    /// <summary>A plate needs at least this many character-like blobs in a row.</summary>
    public int MinChars { get; init; } = 4;

    /// <summary>At most this many candidates are handed to OCR, best first.</summary>
    public int MaxCandidates { get; init; } = 8;
}

/// <summary>
/// One region that looks like a row of characters: the plate quad (an estimate of the whole plate, for
/// display and scoring) and the text quad (tight around the characters, what OCR reads).
/// </summary>
public sealed record DetectedPlate(Quad PlateQuad, Quad TextQuad, float CharHeight, int CharCount, float Score,
    IReadOnlyList<BoxF> CharBoxes, bool DarkOnLight)
{
    /// <summary>
    /// The lower line of a two-line plate (motorcycle and square plates); this record's text quad and
    /// boxes are then the upper line's, its plate quad covers both and its count is both lines'.
    /// </summary>
    public DetectedPlate? SecondLine { get; init; }

    /// <summary>Axis-aligned bounds of the character boxes.</summary>
    public (float X, float Y, float Width, float Height) CharBoxesBounds()
    {
        var x0 = CharBoxes.Min(b => b.X);
        var y0 = CharBoxes.Min(b => b.Y);
        return (x0, y0, CharBoxes.Max(b => b.X + b.Width) - x0, CharBoxes.Max(b => b.Y + b.Height) - y0);
    }
}

/// <summary>An axis-aligned box in image coordinates.</summary>
public readonly record struct BoxF(float X, float Y, float Width, float Height);

/// <summary>
/// Finds plates by their characters rather than by their outline: plate borders are often missing,
/// dirty or merged with the bumper, but a plate is always a short row of blobs of equal height on a
/// contrasting background. Adaptive thresholding at two block sizes and both polarities feeds
/// connected components; components of similar height that sit on one line are chained.
/// </summary>
public sealed class PlateDetector(DetectorSettings settings)
{
    public PlateDetector() : this(new DetectorSettings()) { }

    public DetectorSettings Settings { get; } = settings;

    /// <summary>Detects candidate plates in a BGR or grey image.</summary>
    public IReadOnlyList<DetectedPlate> Detect(Mat image)
    {
        // Every Mat below is new: the caller's image is only read.
        using var converted = Grey.View(image, out var gray);

        var scale = Math.Min(1.0, Math.Min(Settings.MaxWorkingSide / (double)Math.Max(gray.Width, gray.Height),
            Math.Sqrt(Settings.MaxWorkingPixels / ((double)gray.Width * gray.Height))));
        using var resized = scale < 1.0 ? new Mat() : null;
        if (resized is not null) Cv2.Resize(gray, resized, new Size(), scale, scale, InterpolationFlags.Area);
        var work = resized ?? gray;

        var found = new List<DetectedPlate>();
        var shortRows = new List<DetectedPlate>();
        // Small characters need a small block; large ones a block bigger than the stroke width.
        var pyramid = new List<(Mat Img, double Factor)> { (work, 1.0) };
        using var half = new Mat();
        if (Math.Max(work.Width, work.Height) >= 900)
        {
            Cv2.PyrDown(work, half);
            pyramid.Add((half, 2.0));
        }

        foreach (var (img, factor) in pyramid)
        {
            // Each block size's two polarities: light ink is exactly the complement of dark ink (the same local
            // means against the same whole constant), so each threshold is computed once.
            using var dark15 = DarkInk(img, 15);
            using var dark31 = DarkInk(img, 31);
            using var light15 = Complement(dark15);
            using var light31 = Complement(dark31);
            foreach (var darkOnLight in new[] { true, false })
            {
                foreach (var block in new[] { 15, 31 })
                {
                    // The dark block-31 picture is changed below, after its complement was taken.
                    var bin = (darkOnLight, block) switch { (true, 15) => dark15, (true, _) => dark31, (false, 15) => light15, _ => light31 };
                    using var runs = InkRuns.Of(bin);
                    var blobs = CharBlobs(runs, img.Height, out var mayHoldGlyphs);
                    AddRows(found, blobs, (float)(factor / scale), darkOnLight, shortRows: shortRows);
                    if (darkOnLight && block == 31)
                    {
                        // On both levels: the half-size one finds larger glued glyphs (US car3, 30 px
                        // characters among sign-writing) for a few ms per photo.
                        AddFreedRows(found, bin, runs, mayHoldGlyphs, blobs, img.Height, (float)(factor / scale));
                        // Characters glued to a frame edge or a slogan band form one big component.
                        // Cutting long horizontal ink runs frees them (the normal pass still has
                        // the intact glyphs; the better row wins in suppression).
                        using var lines = new Mat();
                        using var kernel = Cv2.GetStructuringElement(MorphShapes.Rect, new Size(LineKernel(img.Width), 1));
                        Cv2.MorphologyEx(bin, lines, MorphTypes.Open, kernel);
                        Cv2.Subtract(bin, lines, bin);
                        AddRows(found, FindCharBlobs(bin, img.Height), (float)(factor / scale), darkOnLight, CutRowPenalty);
                    }
                }
            }
        }

        // Small, blurred plates (characters of 9-18 working px) whose glyphs touch each other or the
        // frame: at working size the strokes merge into blobs that are no characters; at twice the
        // size the interpolated samples in the narrow gaps stay lighter than the ink and separate
        // them (US car21: 12 px characters on a 63 px plate). Run only when no row so far has as
        // many characters as a short plate: the pass costs about as much as all the others together,
        // and its rows of small text elsewhere in a picture compete with the plate's (run on every
        // image without a clear row, it cost 2 US reads to dealer-frame and watermark text).
        var clearRow = found.Count > 0 && found.Max(p => p.Score) >= FaintPassBelow;
        if (!found.Any(p => p.CharCount >= ShortPlateChars))
        {
            using var big = new Mat();
            Cv2.Resize(work, big, new Size(), 2, 2, InterpolationFlags.Linear);
            var toImage = (float)(0.5 / scale);
            // Larger characters were resolved at working size; smaller ones are below MinCharHeight there.
            float minH = 2 * Settings.MinCharHeight, maxH = 4 * Settings.MinCharHeight;
            using var darkBig = DarkInk(big, 15);
            using var lightBig = Complement(darkBig);
            foreach (var darkOnLight in new[] { true, false })
            {
                var bin = darkOnLight ? darkBig : lightBig;
                using var runs = InkRuns.Of(bin);
                var blobs = CharBlobs(runs, big.Height, out var mayHoldGlyphs).Where(b => b.H >= minH && b.H <= maxH).ToList();
                AddRows(found, blobs, toImage, darkOnLight, UpscaledRowPenalty);
                if (darkOnLight) AddFreedRows(found, bin, runs, mayHoldGlyphs, blobs, big.Height, toImage, minH, maxH);
            }
        }

        // Faded or dirty plates seen through haze: ink only a few grey levels below the plate falls
        // under the constant of 7. A gentler constant finds them but also more texture, so its rows
        // rank a little lower; a light blur first keeps sensor noise from chaining into rows (rendered
        // scenes with noise σ 8 did). Run only when no row so far looks clearly like a plate: it
        // costs about a tenth of the detection time, and a clear row means the plate was not faint.
        if (!clearRow)
        {
            using var smooth = new Mat();
            Cv2.GaussianBlur(work, smooth, new Size(3, 3), 0);
            using var faint = new Mat();
            Cv2.AdaptiveThreshold(smooth, faint, 255, AdaptiveThresholdTypes.MeanC, ThresholdTypes.BinaryInv, 31, 3);
            AddRows(found, FindCharBlobs(faint, work.Height), (float)(1.0 / scale), darkOnLight: true, FaintRowPenalty);
        }

        var kept = Suppress(found, Settings.MaxCandidates);
        kept.AddRange(PairLines(kept, found, shortRows));
        return kept;
    }

    /// <summary>Ink darker than its <paramref name="block"/>-pixel neighbourhood's mean by more than 7 grey levels, white on black.</summary>
    internal static Mat DarkInk(Mat img, int block)
    {
        var bin = new Mat();
        Cv2.AdaptiveThreshold(img, bin, 255, AdaptiveThresholdTypes.MeanC, ThresholdTypes.BinaryInv, block, 7);
        return bin;
    }

    /// <summary>
    /// The light-ink picture of <see cref="DarkInk"/>: what AdaptiveThreshold's Binary type gives with the same block and
    /// constant (a pixel is one or the other, as the constant is whole).
    /// </summary>
    internal static Mat Complement(Mat dark)
    {
        var light = new Mat();
        Cv2.BitwiseNot(dark, light);
        return light;
    }

    // Most two-line candidates added per image.
    private const int MaxTwoLine = 2;

    /// <summary>
    /// Two-line plates (motorcycles, square plates: "AB-123" over "CD", "ABC" over "1234"): a kept
    /// row with another row of the same polarity and character height right above or below it,
    /// centred on it, together of a plate's length. The lower line is often too short to be a row on
    /// its own, so rows of 2-3 characters are partners too. The pair is an extra candidate: the
    /// single rows stay, and the recognizer keeps whichever reads as the more plausible plate.
    /// </summary>
    private static List<DetectedPlate> PairLines(List<DetectedPlate> kept, List<DetectedPlate> rows, List<DetectedPlate> shortRows)
    {
        var pairs = new List<DetectedPlate>();
        foreach (var row in kept)
        {
            DetectedPlate? best = null;
            var bestDistance = float.MaxValue;
            var (rx, ry, rw, rh) = row.CharBoxesBounds();
            foreach (var other in rows.Concat(shortRows))
            {
                if (ReferenceEquals(other, row) || other.DarkOnLight != row.DarkOnLight) continue;
                var count = row.CharCount + other.CharCount;
                if (count < TwoLineMinChars || count > TwoLineMaxChars) continue;
                var hMax = Math.Max(row.CharHeight, other.CharHeight);
                if (hMax / Math.Min(row.CharHeight, other.CharHeight) > 1.25f) continue;
                var (ox, oy, ow, oh) = other.CharBoxesBounds();
                var distance = Math.Abs(oy + oh / 2 - (ry + rh / 2));
                if (distance < 1.15f * hMax || distance > 1.9f * hMax) continue;
                // Centred on each other: the narrower line lies within the wider one.
                var overlap = Math.Min(rx + rw, ox + ow) - Math.Max(rx, ox);
                if (overlap < 0.8f * Math.Min(rw, ow)) continue;
                if (Math.Abs(ox + ow / 2 - (rx + rw / 2)) > 0.35f * Math.Max(rw, ow)) continue;
                if (distance < bestDistance) (best, bestDistance) = (other, distance);
            }
            if (best is null) continue;
            var (top, bottom) = best.CharBoxesBounds().Y < ry ? (best, row) : (row, best);
            var pair = top with
            {
                PlateQuad = new Quad(top.PlateQuad.TopLeft, top.PlateQuad.TopRight, bottom.PlateQuad.BottomRight, bottom.PlateQuad.BottomLeft),
                CharCount = top.CharCount + bottom.CharCount,
                Score = Math.Min(top.Score, bottom.Score),
                SecondLine = bottom,
            };
            if (pairs.Any(p => Quad.BoundsIoU(p.PlateQuad.Bounds, pair.PlateQuad.Bounds) > 0.6f)) continue;
            pairs.Add(pair);
            if (pairs.Count == MaxTwoLine) break;
        }
        return pairs;
    }

    // Characters of a two-line plate, both lines together (BR motorcycles 7, FR square plates 7, DE 5-8).
    private const int TwoLineMinChars = 5;
    private const int TwoLineMaxChars = 9;

    // Best row score under which the faint pass runs (rows of clear plates score 0.85-0.99).
    private const float FaintPassBelow = 0.85f;

    private static int LineKernel(int width) => Math.Max(15, width / 40);

    // Rows found only after cutting lines have damaged glyph boxes; an intact row of the same plate should win.
    private const float CutRowPenalty = 0.8f;

    // Rows found only with the gentle threshold constant; the normal passes' rows of the same plate should win.
    private const float FaintRowPenalty = 0.9f;

    // Rows found only at twice the working resolution; a working-size row of the same plate should win.
    private const float UpscaledRowPenalty = 0.9f;

    // Fewest characters of a common plate (US vanity and older EU plates have 5; MinChars admits 4
    // so that a plate with one glyph lost still forms a row). A row assembled partly from cut-free
    // pieces needs this many, since cutting texture (grilles, brickwork) makes chance rows of four.
    private const int ShortPlateChars = 5;

    // Longer than any bar of a glyph up to about 14 px high (bars span at most ~0.7 of the height)
    // yet shorter than the runs a 2 px frame edge tilted 10° breaks into (about 11 px). On the
    // benchmark 8 px lost a plate with 30 px characters (its glyphs were shredded) and 12 px one
    // with 15 px characters beside a tilted frame; 10 found both.
    private const int GlueCutKernel = 10;

    private void AddRows(List<DetectedPlate> found, List<Blob> blobs, float toImage, bool darkOnLight, float scoreFactor = 1f,
        List<DetectedPlate>? shortRows = null)
    {
        foreach (var group in GroupIntoRows(blobs))
        {
            if (group.Count < Settings.MinChars)
            {
                // Too short for a plate, but it may be one line of a two-line plate.
                if (shortRows is not null && BuildPlate(group, toImage, darkOnLight, minSpan: 1.0f) is { } line) shortRows.Add(line);
                continue;
            }
            var plate = BuildPlate(group, toImage, darkOnLight);
            if (plate is not null) found.Add(scoreFactor == 1f ? plate : plate with { Score = plate.Score * scoreFactor });
        }
    }

    internal readonly record struct Blob(float X, float Y, float W, float H)
    {
        public float Cx => X + W / 2;
        public float Cy => Y + H / 2;
        public float Right => X + W;
    }

    internal List<Blob> FindCharBlobs(Mat bin, int imageHeight)
    {
        using var runs = InkRuns.Of(bin);
        return CharBlobs(runs, imageHeight, out _);
    }

    /// <summary>
    /// Labels <paramref name="runs"/> and returns its character-like components;
    /// <paramref name="mayHoldGlyphs"/> receives the index of each component that is no character
    /// but could hold glued ones: at least a character high and at least as wide as the glue cut.
    /// </summary>
    private List<Blob> CharBlobs(InkRuns runs, int imageHeight, out List<int> mayHoldGlyphs)
    {
        runs.Label();
        var blobs = new List<Blob>();
        mayHoldGlyphs = [];
        var maxH = Math.Max(Settings.MinCharHeight + 1, imageHeight / 4);
        var boxes = runs.Boxes;
        for (var i = 0; i < boxes.Length; i++)
        {
            var (x, y, w, h, area) = boxes[i];
            if (h < Settings.MinCharHeight) continue;
            if (IsCharShaped(w, h, area, maxH)) blobs.Add(new Blob(x, y, w, h));
            // The glue cut only removes runs of at least GlueCutKernel pixels: a narrower component
            // comes out of it whole, still no character, so it cannot free one.
            else if (w >= GlueCutKernel) mayHoldGlyphs.Add(i);
        }
        return blobs;
    }

    /// <summary>
    /// Characters glued to a plate's frame, to a dealer's script above them or to a band below are
    /// part of one big component that is no character. Where the plate is tilted a few degrees the
    /// frame's edges break into short horizontal runs, so the long-run cut misses them. Cutting every
    /// run longer than <see cref="GlueCutKernel"/> frees such glyphs but also breaks intact characters
    /// that have long bars, so only pieces of components that were no character before the cut count
    /// ("freed" glyphs). They are chained with the intact characters of the same threshold, and only
    /// rows that hold a freed glyph and at least <see cref="ShortPlateChars"/> characters are added.
    /// </summary>
    private void AddFreedRows(List<DetectedPlate> found, Mat bin, InkRuns runs, List<int> mayHoldGlyphs,
        List<Blob> intact, int imageHeight, float toImage, float minH = 0, float maxH = float.MaxValue)
    {
        if (mayHoldGlyphs.Count == 0) return;
        using var lines = new Mat();
        using var cut = new Mat();
        using var kernel = Cv2.GetStructuringElement(MorphShapes.Rect, new Size(GlueCutKernel, 1));
        Cv2.MorphologyEx(bin, lines, MorphTypes.Open, kernel);
        Cv2.Subtract(bin, lines, cut);
        var freed = new HashSet<Blob>();
        // Cutting only removes ink, so every piece lies inside one uncut component, and pieces of
        // different components cannot touch: one labelling of the candidates' cut ink finds what
        // labelling each component alone would.
        var keep = new bool[runs.ComponentCount];
        foreach (var component in mayHoldGlyphs) keep[component] = true;
        using var pieces = runs.Within(cut, keep);
        foreach (var piece in CharBlobs(pieces, imageHeight, out _))
        {
            if (piece.H >= minH && piece.H <= maxH) freed.Add(piece);
        }
        if (freed.Count == 0) return;

        var blobs = new List<Blob>(intact.Count + freed.Count);
        blobs.AddRange(intact);
        blobs.AddRange(freed);
        foreach (var group in GroupIntoRows(blobs))
        {
            // Rows of intact characters only are the normal pass's rows.
            if (group.Count < ShortPlateChars || !group.Any(freed.Contains)) continue;
            var plate = BuildPlate(group, toImage, darkOnLight: true);
            if (plate is not null) found.Add(plate with { Score = plate.Score * CutRowPenalty });
        }
    }

    // Two boxes side by side are neighbours in a row only when the taller is at most this many times the other.
    private const float NeighbourHeightRatio = 1.3f;

    private static bool IsCharShaped(int w, int h, int area, int maxH)
    {
        if (h > maxH || w < 2) return false;
        var aspect = w / (float)h;
        // Digits and capitals are taller than wide; '1' and 'I' can be very narrow.
        if (aspect < 0.08f || aspect > 1.05f) return false;
        var fill = area / (float)(w * h);
        return fill >= 0.12f && fill <= 0.92f;
    }

    private List<List<Blob>> GroupIntoRows(List<Blob> blobs)
    {
        blobs.Sort((a, b) => a.X.CompareTo(b.X));
        var parent = Enumerable.Range(0, blobs.Count).ToArray();
        int Find(int i) { while (parent[i] != i) i = parent[i] = parent[parent[i]]; return i; }

        for (var i = 0; i < blobs.Count; i++)
        {
            var a = blobs[i];
            for (var j = i + 1; j < blobs.Count; j++)
            {
                var b = blobs[j];
                var hMax = Math.Max(a.H, b.H);
                if (b.X - a.Right > 1.5f * hMax) break; // sorted by X: nothing further can be a neighbour
                if (b.Cx - a.Cx < 0.25f * Math.Min(a.H, b.H)) continue; // stacked, not side by side
                if (hMax / Math.Min(a.H, b.H) > NeighbourHeightRatio) continue;
                if (Math.Abs(a.Cy - b.Cy) > 0.3f * hMax) continue;
                // Overlapping boxes are fragments of one glyph or noise, not neighbours.
                if (b.X < a.Right - 0.3f * Math.Min(a.W, b.W)) continue;
                parent[Find(i)] = Find(j);
            }
        }

        var groups = new Dictionary<int, List<Blob>>();
        for (var i = 0; i < blobs.Count; i++)
        {
            var root = Find(i);
            if (!groups.TryGetValue(root, out var list)) groups[root] = list = [];
            list.Add(blobs[i]);
        }
        // Groups of 2-3 are kept for the lines of two-line plates; callers that want rows filter them.
        return groups.Values.Where(g => g.Count >= 2 && g.Count <= 14).ToList();
    }

    private static DetectedPlate? BuildPlate(List<Blob> group, float toImage, bool darkOnLight, float minSpan = 1.5f)
    {
        group.Sort((a, b) => a.X.CompareTo(b.X));
        var heights = group.Select(b => b.H).OrderBy(h => h).ToArray();
        var h = heights[heights.Length / 2];

        // Least-squares slope of the character centres gives the text direction.
        var mx = group.Average(b => b.Cx);
        var my = group.Average(b => b.Cy);
        var sxx = group.Sum(b => (b.Cx - mx) * (b.Cx - mx));
        var sxy = group.Sum(b => (b.Cx - mx) * (b.Cy - my));
        var slope = sxx > 1e-3 ? sxy / sxx : 0;
        if (Math.Abs(slope) > 0.6) return null; // steeper than ~30°: not a plate row
        var angle = Math.Atan(slope);
        var (ux, uy) = ((float)Math.Cos(angle), (float)Math.Sin(angle));
        var (vx, vy) = (-uy, ux);

        // The row's length spans every box; its height only the boxes of about the row's glyph height. A glyph
        // glued to a frame or a banner above it makes a box taller than any neighbour of a middle-sized glyph
        // could be (the rows chain boxes within NeighbourHeightRatio of each other): counted in full, it made the
        // row twice the glyphs' height, and the readers read the glyphs at half their size (us/car3, under
        // "IT AIN'T EASY"; docs/ACCURACY.md).
        float uMin = float.MaxValue, uMax = float.MinValue, vMin = float.MaxValue, vMax = float.MinValue;
        foreach (var b in group)
        {
            var glued = b.H > NeighbourHeightRatio * h;
            foreach (var (px, py) in new[] { (b.X, b.Y), (b.Right, b.Y), (b.X, b.Y + b.H), (b.Right, b.Y + b.H) })
            {
                var u = (px - mx) * ux + (py - my) * uy;
                var v = (px - mx) * vx + (py - my) * vy;
                uMin = Math.Min(uMin, u); uMax = Math.Max(uMax, u);
                if (glued) continue;
                vMin = Math.Min(vMin, v); vMax = Math.Max(vMax, v);
            }
        }

        var width = uMax - uMin;
        if (width < minSpan * h) return null;
        // Gaps: a plate's characters are evenly packed; a chain of far-apart blobs is texture.
        var span = width / h;
        var density = group.Sum(b => b.W) / width;
        if (density < 0.3f) return null;

        Quad Box(float padU, float padV) => new(
            P(uMin - padU, vMin - padV), P(uMax + padU, vMin - padV), P(uMax + padU, vMax + padV), P(uMin - padU, vMax + padV));
        PointF P(float u, float v) => new((mx + u * ux + v * vx) * toImage, (my + u * uy + v * vy) * toImage);

        // Wide side margins: the recognizer blanks what is not a character, and may find one the detector missed.
        var text = Box(0.6f * h, 0.22f * h);
        // A plate extends beyond its characters: margins, an EU band, a frame (ratios from EU/US/BR plates).
        var plate = Box(0.45f * h, 0.35f * h);
        var consistency = 1f - (heights[^1] - heights[0]) / heights[^1];
        var score = Math.Min(group.Count, 8) / 8f * 0.6f + consistency * 0.25f + Math.Min(density, 0.8f) / 0.8f * 0.15f;
        if (span > 12) score *= 0.6f;
        var boxes = group.Select(b => new BoxF(b.X * toImage, b.Y * toImage, b.W * toImage, b.H * toImage)).ToList();
        return new DetectedPlate(plate, text, h * toImage, group.Count, score, boxes, darkOnLight);
    }

    /// <summary>
    /// Small text right above or below a row of much larger characters is the plate's own
    /// decoration (state name, town, "BRASIL", a dealer's frame), not another plate. Only a row
    /// that looks nearly as much like a plate counts as the bigger one: a ragged chain of bumper
    /// edges or lamp parts around a plate is not its text.
    /// </summary>
    private static bool IsDecorationOf(DetectedPlate small, DetectedPlate big)
    {
        if (big.CharHeight < 1.4f * small.CharHeight) return false;
        if (big.Score < small.Score - 0.15f) return false;
        var (sx, sy, sw, sh) = small.CharBoxesBounds();
        var (bx, by, bw, bh) = big.CharBoxesBounds();
        var overlap = Math.Min(sx + sw, bx + bw) - Math.Max(sx, bx);
        if (overlap < 0.5f * sw) return false;
        var distance = Math.Abs((sy + sh / 2) - (by + bh / 2));
        return distance < 1.6f * big.CharHeight;
    }

    private static List<DetectedPlate> Suppress(List<DetectedPlate> found, int max)
    {
        var kept = new List<DetectedPlate>();
        foreach (var p in found.OrderByDescending(p => p.Score).ThenByDescending(p => p.CharHeight))
        {
            var box = p.TextQuad.Bounds;
            if (kept.Any(k => Quad.BoundsIoU(k.TextQuad.Bounds, box) > 0.4f)) continue;
            if (found.Any(big => IsDecorationOf(p, big))) continue;
            kept.Add(p);
            if (kept.Count == max) break;
        }
        return kept;
    }
}
