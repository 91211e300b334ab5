using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OpenCvSharp;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;
using PlateWeb.Recognition.Detection;
using PlateWeb.Recognition.Glyphs;
using PlateWeb.Recognition.Grammar;
using PlateWeb.Recognition.Imaging;
using PlateWeb.Recognition.Ocr;

namespace PlateWeb.Recognition.Pipeline;

/// <summary>
/// Image bytes in, plate reads out: validate and decode, detect character rows, rectify each,
/// read it with Tesseract, let the grammar turn raw text into a plate. Thread-safe: OCR engines
/// come from a pool (one native handle per thread), everything else is stateless.
/// </summary>
public sealed partial class PlateRecognizer : IDisposable
{
    // Tesseract reads capitals best around 30-40 px high; the text quad adds 22 % above and below.
    private const int RectifiedHeight = 52;
    private const int OcrPadding = 10;

    // A read at least this confident gets no second OCR pass: measured with `platectl eval`, the
    // binarized strip then never wins, and skipping it saves about a third of the reading time.
    private const float SecondOpinionBelow = 0.8f;
    // A strip that stops inside a glyph is lengthened on that side by this many strip heights
    // (0.4 and 0.7 measured the same with `platectl eval`).
    private const float EndExtend = 0.5f;
    // Tesseract's general model is unstable on condensed plate fonts: a few pixels more margin or
    // width change its reading. A plate that fits only a generic format is read again in two more
    // views and the best-supported text wins (`platectl eval`: us +1 plate; eu and br reads and
    // times unchanged, as their reads nearly always fit a specific format). Giving the views to every
    // read, or to reads with corrections, helped the US more but cost Europe a plate and 45 % time.
    private static readonly StripView[] ExtraViews = [new(52, 0.7f, 0.2f), new(60, 0.8f, 0.1f)];
    // Only reads scoring at least this share of the image's best read get the extra views.
    private const float ExtraViewsShare = 0.5f;
    // Broad-glyph width/height that Tesseract's model reads best; 0.6-0.9 measured on the benchmark
    // with `platectl eval` (0.7: best sum of top-1 reads over eu, us and br).
    private const float TargetAspect = 0.7f;

    private readonly RecognitionOptions _options;
    private readonly PlateDetector _detector;
    private readonly PlateGrammar _grammar = new();
    private readonly TesseractEnginePool _ocr;
    private readonly GlyphClassifier? _glyphs;
    private readonly ILogger _logger;

    public PlateRecognizer(RecognitionOptions options, ILogger<PlateRecognizer>? logger = null)
    {
        _options = options;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _detector = new PlateDetector(new DetectorSettings
        {
            MaxCandidates = options.MaxCandidates,
            MaxWorkingSide = options.MaxWorkingSide,
        });
        Tessdata = TessdataLocator.Resolve(options.TessdataPath, options.PlateModel);
        if (Tessdata.IsFallback)
        {
            LogFallbackModel(_logger, options.PlateModel, Tessdata.TessdataPath, Tessdata.Language);
        }
        _ocr = new TesseractEnginePool(Tessdata.ToSettings(), options.OcrEngines > 0 ? options.OcrEngines : Environment.ProcessorCount);
        if (!string.IsNullOrWhiteSpace(options.GlyphModel))
        {
            var path = Path.GetFullPath(options.GlyphModel);
            try
            {
                if (File.Exists(path)) _glyphs = new GlyphClassifier(path, options.GlyphWeight);
                else LogNoGlyphModel(_logger, path);
            }
            catch (InvalidDataException ex)
            {
                // A damaged file must not stop plate reading: Tesseract reads alone, and the log says why.
                LogBadGlyphModel(_logger, ex, path);
            }
        }
    }

    /// <summary>The glyph classifier's file, or null when Tesseract reads alone.</summary>
    public string? GlyphModelPath => _glyphs?.ModelPath;

    /// <summary>The Tesseract model in use.</summary>
    public TessdataLocation Tessdata { get; }

    public PlateGrammar Grammar => _grammar;

    /// <summary>Recognises every plate in an encoded image. Throws <see cref="ImageInputException"/> for bad input.</summary>
    public RecognitionResult Recognize(byte[] imageBytes, RecognizeOptions? options = null, CancellationToken cancellationToken = default)
    {
        var total = Stopwatch.StartNew();
        // Every stage works on grey: decode straight to it.
        using var image = ImageDecoder.Decode(imageBytes, _options.MaxImagePixels, _options.MaxImageBytes, grey: true);
        var decodeMs = total.Elapsed.TotalMilliseconds;
        return RecognizeDecoded(image, options ?? RecognizeOptions.Default, total, decodeMs, cancellationToken);
    }

    /// <summary>Recognises every plate in an already decoded BGR, BGRA or grey image.</summary>
    public RecognitionResult Recognize(Mat image, RecognizeOptions? options = null, CancellationToken cancellationToken = default) =>
        RecognizeDecoded(image, options ?? RecognizeOptions.Default, Stopwatch.StartNew(), 0, cancellationToken);

    private RecognitionResult RecognizeDecoded(Mat image, RecognizeOptions options, Stopwatch total, double decodeMs, CancellationToken ct)
    {
        var t0 = total.Elapsed.TotalMilliseconds;
        options.Stages?.Report(RecognitionStage.Detecting);
        using var converted = image.Channels() == 1 ? null : new Mat();
        if (converted is not null)
        {
            Cv2.CvtColor(image, converted, image.Channels() == 4 ? ColorConversionCodes.BGRA2GRAY : ColorConversionCodes.BGR2GRAY);
        }
        var gray = converted ?? image;
        var detections = _detector.Detect(gray);
        var detectMs = total.Elapsed.TotalMilliseconds - t0;

        var hint = options.CountryHint ?? (string.IsNullOrWhiteSpace(_options.CountryHint) ? null : _options.CountryHint);
        var trace = new List<CandidateTrace>();
        var reads = new List<(PlateRead Read, DetectedPlate Region, bool LightText, int TraceIndex, OcrLine Line, GrammarResult Verdict)>();
        var t1 = total.Elapsed.TotalMilliseconds;
        options.Stages?.Report(RecognitionStage.Reading);
        foreach (var detected in detections)
        {
            ct.ThrowIfCancellationRequested();
            var region = detected;
            Mat rectified, prepared;
            OcrLine line;
            GrammarResult verdict;
            bool chosenLight;
            if (region.SecondLine is not null)
            {
                (rectified, prepared, line, verdict, chosenLight) = ReadTwoLines(gray, region, hint, options, ct);
                // Two-line plates are European or Brazilian, of specific formats; two stacked lines
                // that only fit a generic one are lettering (a sign, a sticker), not a plate.
                if (verdict.Accepted && IsGeneric(verdict.Format))
                {
                    verdict = verdict with { Accepted = false, RejectReason = "two lines that fit no specific plate format" };
                }
            }
            else
            {
                rectified = Rectify(gray, region.TextQuad, region.CharBoxes, out var layout);
                var lightText = TextIsLight(rectified);
                var (cutLeft, cutRight) = GlyphCutByEnds(rectified, layout, lightText);
                if (cutLeft || cutRight)
                {
                    // The detector missed an end character (glued to a frame, a bolt or a sticker) and
                    // the strip stops inside it: read a strip lengthened on that side instead.
                    rectified.Dispose();
                    region = region with { TextQuad = Widen(region.TextQuad, cutLeft ? EndExtend : 0, cutRight ? EndExtend : 0) };
                    rectified = Rectify(gray, region.TextQuad, region.CharBoxes, out layout);
                }
                chosenLight = lightText;
                prepared = PrepareForOcr(rectified, layout, lightText);
                line = Read(prepared, region, options, ct);
                verdict = _grammar.Interpret(line, hint);
                if (!verdict.Accepted)
                {
                    // The polarity guess is the weak spot on low-contrast plates: one retry with the other one.
                    var other = PrepareForOcr(rectified, layout, !lightText);
                    var otherLine = Read(other, region, options, ct);
                    var otherVerdict = _grammar.Interpret(otherLine, hint);
                    if (otherVerdict.Accepted || otherLine.Text.Length > line.Text.Length)
                    {
                        (prepared, other) = (other, prepared);
                        (line, verdict) = (otherLine, otherVerdict);
                        chosenLight = !lightText;
                    }
                    other.Dispose();
                }
                else if (verdict.Confidence < SecondOpinionBelow)
                {
                    // A second opinion on the binarized strip: the two disagree most on blurred and
                    // narrow fonts, and the grammar's score picks the more plausible read.
                    using var bin = new Mat();
                    Cv2.Threshold(prepared, bin, 0, 255, ThresholdTypes.Binary | ThresholdTypes.Otsu);
                    var binLine = Read(bin, region, options, ct);
                    var binVerdict = _grammar.Interpret(binLine, hint);
                    if (binVerdict.Accepted && binVerdict.Candidates[0].Score > verdict.Candidates[0].Score)
                    {
                        (line, verdict) = (binLine, binVerdict);
                    }
                }
            }
            using var rectifiedOwner = rectified;
            using var preparedOwner = prepared;

            string reason;
            TraceVerdict outcome;
            var kept = false;
            if (!verdict.Accepted)
            {
                outcome = string.IsNullOrEmpty(line.Text) ? new TraceVerdict(TraceOutcome.NoCharacters)
                    : new TraceVerdict(TraceOutcome.Rejected, RejectReason: verdict.RejectReason);
                reason = string.IsNullOrEmpty(line.Text) ? "OCR read no characters" : $"grammar rejected \"{line.Text}\": {verdict.RejectReason}";
            }
            else if (reads.FirstOrDefault(r => r.Read.Text == verdict.Text || Overlaps(r.Region, region)) is { Read: not null } twin
                     && twin.Read.Candidates[0].Score >= verdict.Candidates[0].Score && !CompletesLine(region, verdict, twin.Region))
            {
                outcome = new TraceVerdict(TraceOutcome.Duplicate, twin.Read.Text);
                reason = $"duplicate of {twin.Read.Text}";
            }
            else
            {
                reads.RemoveAll(r => r.Read.Text == verdict.Text || Overlaps(r.Region, region));
                reads.Add((ToRead(verdict, line, region), region, chosenLight, trace.Count, line, verdict));
                kept = true;
                outcome = new TraceVerdict(TraceOutcome.Read, verdict.Text, verdict.Format, verdict.Corrections.Count);
                reason = verdict.Corrections.Count == 0 ? $"read as {verdict.Text} ({verdict.Format ?? "no known format"})"
                    : $"read as {verdict.Text} after {verdict.Corrections.Count} correction(s) ({verdict.Format})";
            }
            trace.Add(new CandidateTrace(region.PlateQuad, region.CharCount, region.Score, line.Text, line.Confidence, kept, reason,
                options.CaptureImages ? rectified.ImEncode(".png") : null,
                options.CaptureImages ? Binarize(prepared) : null, outcome));
        }
        // Reads that fit only a generic format are the unstable ones: a second look in other views.
        // After all regions, so that only the image's leading reads pay for it.
        if (reads.Count > 0)
        {
            var best = reads.Max(r => r.Read.Candidates[0].Score);
            for (var i = 0; i < reads.Count; i++)
            {
                var (read, region, light, ti, firstLine, firstVerdict) = reads[i];
                if (read.Candidates[0].Score < ExtraViewsShare * best || region.SecondLine is not null) continue;
                var generic = _grammar.Formats.FirstOrDefault(f => f.Id == firstVerdict.Format)?.IsGeneric ?? true;
                if (!generic) continue;
                var (line, verdict) = Vote(gray, region, light, hint, firstLine, firstVerdict, options, ct);
                if (verdict.Text == read.Text || reads.Any(r => r.Read.Text == verdict.Text)) continue;
                reads[i] = (ToRead(verdict, line, region), region, light, ti, line, verdict);
                trace[ti] = trace[ti] with
                {
                    RawText = line.Text,
                    Reason = $"read as {verdict.Text} ({verdict.Format ?? "no known format"}), the most supported of {ExtraViews.Length + 1} views",
                    Verdict = new TraceVerdict(TraceOutcome.Read, verdict.Text, verdict.Format, verdict.Corrections.Count),
                };
            }
        }
        var readMs = total.Elapsed.TotalMilliseconds - t1;

        var plates = reads.Select(r => r.Read).OrderByDescending(r => r.Candidates[0].Score).ToList();
        var timings = new StageTimings(decodeMs, detectMs, readMs, total.Elapsed.TotalMilliseconds);
        LogRecognised(_logger, plates.Count, detections.Count, timings.TotalMs);
        return new RecognitionResult(image.Width, image.Height, plates, timings, trace);
    }

    /// <summary>
    /// Reads a two-line plate: each line is rectified and cleaned on its own, then the upper line is
    /// put left of the lower one and the two are read as one line. Tesseract reads a line of two or
    /// three characters alone poorly (no context: "CD" came back "CO", "RIO" as nothing); side by side,
    /// at the same height, they read like any one-line plate, and the glyph classifier sees them too.
    /// </summary>
    private (Mat Rectified, Mat Prepared, OcrLine Line, GrammarResult Verdict, bool LightText) ReadTwoLines(Mat gray,
        DetectedPlate region, string? hint, RecognizeOptions options, CancellationToken ct)
    {
        var rectifiedStrips = new List<Mat>(2);
        var preparedStrips = new List<Mat>(2);
        var light = false;
        try
        {
            foreach (var part in new[] { region with { SecondLine = null }, region.SecondLine! })
            {
                var rectified = Rectify(gray, part.TextQuad, part.CharBoxes, out var layout);
                rectifiedStrips.Add(rectified);
                // Both lines are printed alike: the polarity of the upper one holds for both.
                if (rectifiedStrips.Count == 1) light = TextIsLight(rectified);
                preparedStrips.Add(PrepareForOcr(rectified, layout, light));
            }
            var rectifiedRow = new Mat();
            Cv2.HConcat(rectifiedStrips.ToArray(), rectifiedRow);
            // Side by side with the gap of a word space between them: a wider gap of blank plate
            // made Tesseract drop or invent characters next to it ("RIO 2A18" read "RO2A18").
            var gap = (int)(0.3f * RectifiedHeight);
            var pieces = new List<Mat>();
            foreach (var strip in preparedStrips)
            {
                var (from, to) = InkColumns(strip);
                if (to <= from) continue;
                if (pieces.Count > 0) pieces.Add(new Mat(strip.Rows, gap, MatType.CV_8UC1, Scalar.White));
                pieces.Add(strip[new Rect(from, 0, to - from, strip.Rows)].Clone());
            }
            var preparedRow = new Mat();
            if (pieces.Count == 0) preparedStrips[0].CopyTo(preparedRow);
            else
            {
                using var row = new Mat();
                Cv2.HConcat(pieces.ToArray(), row);
                Cv2.CopyMakeBorder(row, preparedRow, 0, 0, OcrPadding, OcrPadding, BorderTypes.Constant, Scalar.White);
            }
            foreach (var piece in pieces) piece.Dispose();
            var line = Read(preparedRow, region, options, ct);
            return (rectifiedRow, preparedRow, line, _grammar.Interpret(line, hint), light);
        }
        finally
        {
            foreach (var m in rectifiedStrips.Concat(preparedStrips)) m.Dispose();
        }
    }

    /// <summary>The first and one-past-last column holding ink (darker than mid-grey) of a prepared strip.</summary>
    private static (int From, int To) InkColumns(Mat strip)
    {
        using var ink = new Mat();
        Cv2.Threshold(strip, ink, 127, 255, ThresholdTypes.BinaryInv);
        using var columns = new Mat();
        Cv2.Reduce(ink, columns, ReduceDimension.Row, ReduceTypes.Max, -1);
        columns.GetArray(out byte[] any);
        var from = Array.FindIndex(any, v => v != 0);
        return from < 0 ? (0, 0) : (from, Array.FindLastIndex(any, v => v != 0) + 1);
    }

    /// <summary>
    /// Tesseract reads the strip; the glyph classifier, when loaded, gives each character a second
    /// opinion (see <see cref="GlyphClassifier"/>).
    /// </summary>
    private OcrLine Read(Mat prepared, DetectedPlate region, RecognizeOptions options, CancellationToken ct)
    {
        var line = _ocr.Recognize(prepared, ct);
        options.StripObserver?.Invoke(new StripObservation(prepared, line, region.PlateQuad));
        // The classifier changes characters, never their number: a line too short or too long for
        // a plate stays junk whatever it says, and most regions of a busy photo are such lines.
        var n = line.Characters.Count(c => char.IsAsciiLetterOrDigit(c.Value));
        return _glyphs is null || n < PlateGrammar.MinPlateLength || n > PlateGrammar.MaxPlateLength ? line : _glyphs.Refine(prepared, line);
    }

    /// <summary>One more way to draw a strip: its height, the glyph width/height it widens to, and how much longer it is (in strip heights).</summary>
    private readonly record struct StripView(int Height, float Aspect, float Extend);

    /// <summary>
    /// Re-reads a plate in <see cref="ExtraViews"/> and keeps the text that the views support most
    /// (sum of the grammar scores each view gives it among its candidates).
    /// </summary>
    private (OcrLine Line, GrammarResult Verdict) Vote(Mat gray, DetectedPlate region, bool lightText, string? hint,
        OcrLine line, GrammarResult verdict, RecognizeOptions options, CancellationToken ct)
    {
        var views = new List<(OcrLine Line, GrammarResult Verdict)> { (line, verdict) };
        foreach (var v in ExtraViews)
        {
            using var strip = Rectify(gray, Widen(region.TextQuad, v.Extend), region.CharBoxes, out var layout, v.Height, v.Aspect);
            using var prepared = PrepareForOcr(strip, layout, lightText);
            var l = Read(prepared, region, options, ct);
            var g = _grammar.Interpret(l, hint);
            if (g.Accepted) views.Add((l, g));
        }
        float Support(string text) => views.Sum(x => x.Verdict.Candidates.FirstOrDefault(c => c.Text == text)?.Score ?? 0f);
        return views.MaxBy(x => Support(x.Verdict.Text));
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

    private static Quad Widen(Quad q, float extend) => Widen(q, extend, extend);

    /// <summary>The quad lengthened at its left and right ends by the given multiples of its height.</summary>
    private static Quad Widen(Quad q, float extendLeft, float extendRight)
    {
        if (extendLeft == 0 && extendRight == 0) return q;
        var dx = q.TopRight.X - q.TopLeft.X;
        var dy = q.TopRight.Y - q.TopLeft.Y;
        var len = MathF.Max(1f, MathF.Sqrt(dx * dx + dy * dy));
        var h = MathF.Sqrt((q.BottomLeft.X - q.TopLeft.X) * (q.BottomLeft.X - q.TopLeft.X) + (q.BottomLeft.Y - q.TopLeft.Y) * (q.BottomLeft.Y - q.TopLeft.Y));
        var (lx, ly) = (dx / len * extendLeft * h, dy / len * extendLeft * h);
        var (rx, ry) = (dx / len * extendRight * h, dy / len * extendRight * h);
        return new Quad(new PointF(q.TopLeft.X - lx, q.TopLeft.Y - ly), new PointF(q.TopRight.X + rx, q.TopRight.Y + ry),
            new PointF(q.BottomRight.X + rx, q.BottomRight.Y + ry), new PointF(q.BottomLeft.X - lx, q.BottomLeft.Y - ly));
    }

    /// <summary>
    /// A two-line region whose read fits a specific format wins over the read of one of its own
    /// lines whatever their scores: a line alone ("4R22" under "BEE") is a fragment of that plate,
    /// and short fragments can fit a short format (French FNI) with a score as low as the pair's.
    /// </summary>
    private bool CompletesLine(DetectedPlate region, GrammarResult verdict, DetectedPlate other)
    {
        if (region.SecondLine is not { } second || other.SecondLine is not null) return false;
        if (IsGeneric(verdict.Format)) return false;
        var line = other.CharBoxesBounds();
        return Quad.BoundsIoU(line, region.CharBoxesBounds()) > 0.5f || Quad.BoundsIoU(line, second.CharBoxesBounds()) > 0.5f;
    }

    private bool IsGeneric(string? format) => _grammar.Formats.FirstOrDefault(f => f.Id == format) is not { IsGeneric: false };

    private static bool Overlaps(DetectedPlate a, DetectedPlate b) =>
        Quad.BoundsIoU(a.PlateQuad.Bounds, b.PlateQuad.Bounds) > 0.3f;

    private static PlateRead ToRead(GrammarResult g, OcrLine line, DetectedPlate region) => new(
        g.Text, g.DisplayText ?? g.Text, g.Confidence, g.CharConfidences, g.Candidates, region.PlateQuad,
        g.Country, g.Format, g.CountryConfidence, g.Explanation, line.Text, g.Corrections);

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

    /// <summary>Connected components of the dark ink (Otsu) of a grey strip: their count (the background's
    /// label 0 included) and their stats, five ints each (left, top, width, height, area).</summary>
    private static (int Count, int[] Stats) InkComponents(Mat strip)
    {
        using var ink = new Mat();
        Cv2.Threshold(strip, ink, 0, 255, ThresholdTypes.BinaryInv | ThresholdTypes.Otsu);
        using var labels = new Mat();
        using var stats = new Mat();
        using var centroids = new Mat();
        var n = Cv2.ConnectedComponentsWithStats(ink, labels, stats, centroids, PixelConnectivity.Connectivity8);
        stats.GetArray(out int[] st);
        return (n, st);
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

    /// <summary>
    /// Polarity from the strip itself, not from the detector pass that found it (a light-on-dark pass
    /// also finds the gaps between dark letters): in the middle band, text is the minority class.
    /// </summary>
    private static bool TextIsLight(Mat strip)
    {
        var band = new Rect(0, strip.Height * 3 / 10, strip.Width, Math.Max(1, strip.Height * 4 / 10));
        using var bin = new Mat();
        Cv2.Threshold(strip[band], bin, 0, 255, ThresholdTypes.Binary | ThresholdTypes.Otsu);
        // Bold dark letters can cover half of the band; only a clearly dark band means light text.
        return Cv2.CountNonZero(bin) < band.Width * band.Height * 0.35;
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

    private static byte[] Binarize(Mat prepared)
    {
        using var bin = new Mat();
        Cv2.Threshold(prepared, bin, 0, 255, ThresholdTypes.Binary | ThresholdTypes.Otsu);
        return bin.ImEncode(".png");
    }

    public void Dispose()
    {
        _ocr.Dispose();
        _glyphs?.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No plate model '{PlateModel}' found; using Tesseract's general model {Language} from {TessdataPath}")]
    private static partial void LogFallbackModel(ILogger logger, string plateModel, string tessdataPath, string language);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No glyph classifier at {GlyphModel}; Tesseract reads alone")]
    private static partial void LogNoGlyphModel(ILogger logger, string glyphModel);

    [LoggerMessage(Level = LogLevel.Error, Message = "The glyph classifier {GlyphModel} cannot be loaded; Tesseract reads alone")]
    private static partial void LogBadGlyphModel(ILogger logger, Exception exception, string glyphModel);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Recognised {PlateCount} plate(s) from {RegionCount} region(s) in {ElapsedMs:0.0} ms")]
    private static partial void LogRecognised(ILogger logger, int plateCount, int regionCount, double elapsedMs);
}
