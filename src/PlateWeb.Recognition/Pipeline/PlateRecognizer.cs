using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OpenCvSharp;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;
using PlateWeb.Recognition.Detection;
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
    // The plate reader's read is kept without asking Tesseract when the grammar is at least this sure
    // of it (`platectl eval`, docs/ACCURACY.md: below it, Tesseract's read sometimes wins).
    private const float TrustReaderAbove = 0.9f;
    // A region the plate reader takes for no plate with at least this probability is dropped unread.
    private const float NotPlateAbove = 0.5f;
    // Without a country hint, the plate reader's kind of plate (EU, US, BR) becomes the hint when it is
    // at least this sure: the grammar alone takes the first format a text fits (old Brazilian ABC1234
    // plates fit the German format).
    private const float RegionHintAbove = 0.7f;

    private readonly RecognitionOptions _options;
    private readonly PlateDetector _detector;
    private readonly PlateGrammar _grammar = new();
    private readonly TesseractEnginePool _ocr;
    private readonly PlateReader? _reader;
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
        if (!string.IsNullOrWhiteSpace(options.ReaderModel))
        {
            var path = Path.GetFullPath(options.ReaderModel);
            try
            {
                if (File.Exists(path)) _reader = new PlateReader(path);
                else LogNoReaderModel(_logger, path);
            }
            catch (InvalidDataException ex)
            {
                // A damaged file must not stop plate reading: Tesseract reads alone, and the log says why.
                LogBadReaderModel(_logger, ex, path);
            }
        }
    }

    /// <summary>The plate reader's file, or null when Tesseract reads alone.</summary>
    public string? ReaderModelPath => _reader?.ModelPath;

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
        var reads = new List<(PlateRead Read, DetectedPlate Region, bool LightText, int TraceIndex, OcrLine Line, GrammarResult Verdict, bool ByReader)>();
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
            // The plate reader looks first: the whole plate at once, what kind of plate it is, or none.
            var regionHint = hint;
            OcrLine? readerLine = null;
            GrammarResult? readerVerdict = null;
            // The grammar's own verdict on the reader's greedy line: on the same scale as its verdicts on
            // Tesseract's lines, so it is what the two readers are compared by.
            GrammarResult? readerGreedy = null;
            var notPlate = false;
            if (_reader is not null)
            {
                var reading = _reader.Read(gray, region);
                notPlate = reading.NotPlate >= NotPlateAbove;
                if (hint is null && !notPlate && reading.LikeliestRegion is { Probability: >= RegionHintAbove } kind)
                {
                    regionHint = kind.Region.ToUpperInvariant();
                }
                readerLine = reading.ToLine();
                readerGreedy = _grammar.Interpret(readerLine, regionHint);
                readerVerdict = ReaderDecoding.Decode(_grammar, reading, readerLine, readerGreedy, regionHint);
            }
            var trusted = !notPlate && readerGreedy is { Accepted: true, Confidence: >= TrustReaderAbove };
            var ocr = !trusted && !notPlate && (_options.TesseractSecondOpinion || _reader is null);
            if (region.SecondLine is not null)
            {
                (rectified, prepared, line, verdict, chosenLight) = ReadTwoLines(gray, region, regionHint, options, ocr, ct);
            }
            else
            {
                rectified = PlateStrip.Rectify(gray, region.TextQuad, region.CharBoxes, out var layout);
                var lightText = PlateStrip.TextIsLight(rectified);
                var (cutLeft, cutRight) = PlateStrip.GlyphCutByEnds(rectified, layout, lightText);
                if (cutLeft || cutRight)
                {
                    // The detector missed an end character (glued to a frame, a bolt or a sticker) and
                    // the strip stops inside it: read a strip lengthened on that side instead.
                    rectified.Dispose();
                    region = region with { TextQuad = Widen(region.TextQuad, cutLeft ? EndExtend : 0, cutRight ? EndExtend : 0) };
                    rectified = PlateStrip.Rectify(gray, region.TextQuad, region.CharBoxes, out layout);
                }
                chosenLight = lightText;
                prepared = PlateStrip.PrepareForOcr(rectified, layout, lightText);
                line = ocr ? Read(prepared, region, options, ct) : OcrLine.Empty;
                verdict = _grammar.Interpret(line, regionHint);
                if (ocr && !verdict.Accepted)
                {
                    // The polarity guess is the weak spot on low-contrast plates: one retry with the other one.
                    var other = PlateStrip.PrepareForOcr(rectified, layout, !lightText);
                    var otherLine = Read(other, region, options, ct);
                    var otherVerdict = _grammar.Interpret(otherLine, regionHint);
                    if (otherVerdict.Accepted || otherLine.Text.Length > line.Text.Length)
                    {
                        (prepared, other) = (other, prepared);
                        (line, verdict) = (otherLine, otherVerdict);
                        chosenLight = !lightText;
                    }
                    other.Dispose();
                }
                else if (ocr && verdict.Confidence < SecondOpinionBelow)
                {
                    // A second opinion on the binarized strip: the two disagree most on blurred and
                    // narrow fonts, and the grammar's score picks the more plausible read.
                    using var bin = new Mat();
                    Cv2.Threshold(prepared, bin, 0, 255, ThresholdTypes.Binary | ThresholdTypes.Otsu);
                    var binLine = Read(bin, region, options, ct);
                    var binVerdict = _grammar.Interpret(binLine, regionHint);
                    if (binVerdict.Accepted && binVerdict.Candidates[0].Score > verdict.Candidates[0].Score)
                    {
                        (line, verdict) = (binLine, binVerdict);
                    }
                }
            }
            using var rectifiedOwner = rectified;
            using var preparedOwner = prepared;
            var byReader = false;
            if (readerVerdict is { Accepted: true } && readerGreedy is not null && readerLine is not null && !notPlate
                && (trusted || !verdict.Accepted || readerGreedy.Candidates[0].Score >= verdict.Candidates[0].Score))
            {
                // The plate reader's read, unless Tesseract's scores higher with the grammar.
                (line, verdict, byReader) = (readerLine, readerVerdict, true);
            }
            else if (notPlate)
            {
                line = readerLine ?? line;
                verdict = verdict with { Accepted = false, RejectReason = "the plate reader sees no plate here" };
            }
            // Two-line plates are European or Brazilian, of specific formats; two stacked lines
            // that only fit a generic one are lettering (a sign, a sticker), not a plate.
            if (region.SecondLine is not null && verdict.Accepted && IsGeneric(verdict.Format))
            {
                verdict = verdict with { Accepted = false, RejectReason = "two lines that fit no specific plate format" };
            }

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
                reads.Add((ToRead(verdict, line, region), region, chosenLight, trace.Count, line, verdict, byReader));
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
                var (read, region, light, ti, firstLine, firstVerdict, byReader) = reads[i];
                // The plate reader's reads are not Tesseract's unstable ones: no extra views for them.
                if (byReader || read.Candidates[0].Score < ExtraViewsShare * best || region.SecondLine is not null) continue;
                var generic = _grammar.Formats.FirstOrDefault(f => f.Id == firstVerdict.Format)?.IsGeneric ?? true;
                if (!generic) continue;
                var (line, verdict) = Vote(gray, region, light, hint, firstLine, firstVerdict, options, ct);
                if (verdict.Text == read.Text || reads.Any(r => r.Read.Text == verdict.Text)) continue;
                reads[i] = (ToRead(verdict, line, region), region, light, ti, line, verdict, false);
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
        DetectedPlate region, string? hint, RecognizeOptions options, bool ocr, CancellationToken ct)
    {
        var rectifiedStrips = new List<Mat>(2);
        var preparedStrips = new List<Mat>(2);
        var light = false;
        try
        {
            foreach (var part in new[] { region with { SecondLine = null }, region.SecondLine! })
            {
                var rectified = PlateStrip.Rectify(gray, part.TextQuad, part.CharBoxes, out var layout);
                rectifiedStrips.Add(rectified);
                // Both lines are printed alike: the polarity of the upper one holds for both.
                if (rectifiedStrips.Count == 1) light = PlateStrip.TextIsLight(rectified);
                preparedStrips.Add(PlateStrip.PrepareForOcr(rectified, layout, light));
            }
            var rectifiedRow = new Mat();
            Cv2.HConcat(rectifiedStrips.ToArray(), rectifiedRow);
            // Side by side with the gap of a word space between them: a wider gap of blank plate
            // made Tesseract drop or invent characters next to it ("RIO 2A18" read "RO2A18").
            var gap = (int)(0.3f * PlateStrip.RectifiedHeight);
            var pieces = new List<Mat>();
            foreach (var strip in preparedStrips)
            {
                var (from, to) = PlateStrip.InkColumns(strip);
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
                Cv2.CopyMakeBorder(row, preparedRow, 0, 0, PlateStrip.OcrPadding, PlateStrip.OcrPadding, BorderTypes.Constant, Scalar.White);
            }
            foreach (var piece in pieces) piece.Dispose();
            var line = ocr ? Read(preparedRow, region, options, ct) : OcrLine.Empty;
            return (rectifiedRow, preparedRow, line, _grammar.Interpret(line, hint), light);
        }
        finally
        {
            foreach (var m in rectifiedStrips.Concat(preparedStrips)) m.Dispose();
        }
    }

    /// <summary>Tesseract reads a prepared strip.</summary>
    private OcrLine Read(Mat prepared, DetectedPlate region, RecognizeOptions options, CancellationToken ct)
    {
        var line = _ocr.Recognize(prepared, ct);
        options.StripObserver?.Invoke(new StripObservation(prepared, line, region.PlateQuad));
        return line;
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
            using var strip = PlateStrip.Rectify(gray, Widen(region.TextQuad, v.Extend), region.CharBoxes, out var layout, v.Height, v.Aspect);
            using var prepared = PlateStrip.PrepareForOcr(strip, layout, lightText);
            var l = Read(prepared, region, options, ct);
            var g = _grammar.Interpret(l, hint);
            if (g.Accepted) views.Add((l, g));
        }
        float Support(string text) => views.Sum(x => x.Verdict.Candidates.FirstOrDefault(c => c.Text == text)?.Score ?? 0f);
        return views.MaxBy(x => Support(x.Verdict.Text));
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

    private static byte[] Binarize(Mat prepared)
    {
        using var bin = new Mat();
        Cv2.Threshold(prepared, bin, 0, 255, ThresholdTypes.Binary | ThresholdTypes.Otsu);
        return bin.ImEncode(".png");
    }

    public void Dispose()
    {
        _ocr.Dispose();
        _reader?.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No plate model '{PlateModel}' found; using Tesseract's general model {Language} from {TessdataPath}")]
    private static partial void LogFallbackModel(ILogger logger, string plateModel, string tessdataPath, string language);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No plate reader at {ReaderModel}; Tesseract reads alone")]
    private static partial void LogNoReaderModel(ILogger logger, string readerModel);

    [LoggerMessage(Level = LogLevel.Error, Message = "The plate reader {ReaderModel} cannot be loaded; Tesseract reads alone")]
    private static partial void LogBadReaderModel(ILogger logger, Exception exception, string readerModel);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Recognised {PlateCount} plate(s) from {RegionCount} region(s) in {ElapsedMs:0.0} ms")]
    private static partial void LogRecognised(ILogger logger, int plateCount, int regionCount, double elapsedMs);
}
