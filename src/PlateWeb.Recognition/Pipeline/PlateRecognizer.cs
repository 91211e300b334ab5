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
    // Tesseract reads capitals best around 30-40 px high; the text quad adds 22 % above and below.
    private const int RectifiedHeight = 52;
    private const int OcrPadding = 10;

    private readonly RecognitionOptions _options;
    private readonly PlateDetector _detector;
    private readonly PlateGrammar _grammar = new();
    private readonly TesseractEnginePool _ocr;
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
    }

    /// <summary>The Tesseract model in use.</summary>
    public TessdataLocation Tessdata { get; }

    public PlateGrammar Grammar => _grammar;

    /// <summary>Recognises every plate in an encoded image. Throws <see cref="ImageInputException"/> for bad input.</summary>
    public RecognitionResult Recognize(byte[] imageBytes, RecognizeOptions? options = null, CancellationToken cancellationToken = default)
    {
        var total = Stopwatch.StartNew();
        using var image = ImageDecoder.Decode(imageBytes, _options.MaxImagePixels, _options.MaxImageBytes);
        var decodeMs = total.Elapsed.TotalMilliseconds;
        return RecognizeDecoded(image, options ?? RecognizeOptions.Default, total, decodeMs, cancellationToken);
    }

    /// <summary>Recognises every plate in an already decoded BGR image.</summary>
    public RecognitionResult Recognize(Mat image, RecognizeOptions? options = null, CancellationToken cancellationToken = default) =>
        RecognizeDecoded(image, options ?? RecognizeOptions.Default, Stopwatch.StartNew(), 0, cancellationToken);

    private RecognitionResult RecognizeDecoded(Mat image, RecognizeOptions options, Stopwatch total, double decodeMs, CancellationToken ct)
    {
        var t0 = total.Elapsed.TotalMilliseconds;
        var detections = _detector.Detect(image);
        var detectMs = total.Elapsed.TotalMilliseconds - t0;

        var hint = options.CountryHint ?? (string.IsNullOrWhiteSpace(_options.CountryHint) ? null : _options.CountryHint);
        var trace = new List<CandidateTrace>();
        var reads = new List<(PlateRead Read, DetectedPlate Region)>();
        using var gray = new Mat();
        Cv2.CvtColor(image, gray, image.Channels() == 4 ? ColorConversionCodes.BGRA2GRAY : ColorConversionCodes.BGR2GRAY);

        var t1 = total.Elapsed.TotalMilliseconds;
        foreach (var region in detections)
        {
            ct.ThrowIfCancellationRequested();
            using var rectified = Rectify(gray, region.TextQuad);
            using var prepared = PrepareForOcr(rectified, region.DarkOnLight);
            var line = _ocr.Recognize(prepared, ct);
            var verdict = _grammar.Interpret(line, hint);

            string reason;
            var kept = false;
            if (!verdict.Accepted)
            {
                reason = string.IsNullOrEmpty(line.Text) ? "OCR read no characters" : $"grammar rejected \"{line.Text}\": {verdict.RejectReason}";
            }
            else if (reads.FirstOrDefault(r => r.Read.Text == verdict.Text || Overlaps(r.Region, region)) is { Read: not null } twin
                     && twin.Read.Confidence >= verdict.Confidence)
            {
                reason = $"duplicate of {twin.Read.Text}";
            }
            else
            {
                reads.RemoveAll(r => r.Read.Text == verdict.Text || Overlaps(r.Region, region));
                reads.Add((ToRead(verdict, line, region), region));
                kept = true;
                reason = verdict.Corrections.Count == 0 ? $"read as {verdict.Text} ({verdict.Format ?? "no known format"})"
                    : $"read as {verdict.Text} after {verdict.Corrections.Count} correction(s) ({verdict.Format})";
            }
            trace.Add(new CandidateTrace(region.PlateQuad, region.CharCount, region.Score, line.Text, line.Confidence, kept, reason,
                options.CaptureImages ? rectified.ImEncode(".png") : null,
                options.CaptureImages ? Binarize(prepared) : null));
        }
        var readMs = total.Elapsed.TotalMilliseconds - t1;

        var plates = reads.Select(r => r.Read).OrderByDescending(r => r.Confidence).ToList();
        var timings = new StageTimings(decodeMs, detectMs, readMs, total.Elapsed.TotalMilliseconds);
        LogRecognised(_logger, plates.Count, detections.Count, timings.TotalMs);
        return new RecognitionResult(image.Width, image.Height, plates, timings, trace);
    }

    private static bool Overlaps(DetectedPlate a, DetectedPlate b) =>
        Quad.BoundsIoU(a.PlateQuad.Bounds, b.PlateQuad.Bounds) > 0.3f;

    private static PlateRead ToRead(GrammarResult g, OcrLine line, DetectedPlate region) => new(
        g.Text, g.DisplayText ?? g.Text, g.Confidence, g.CharConfidences, g.Candidates, region.PlateQuad,
        g.Country, g.Format, g.CountryConfidence, g.Explanation, line.Text, g.Corrections);

    /// <summary>Perspective-warps the text quad to an upright strip <see cref="RectifiedHeight"/> pixels high.</summary>
    internal static Mat Rectify(Mat gray, Quad quad)
    {
        static float Dist(PointF a, PointF b) => MathF.Sqrt((a.X - b.X) * (a.X - b.X) + (a.Y - b.Y) * (a.Y - b.Y));
        var srcW = Math.Max(Dist(quad.TopLeft, quad.TopRight), Dist(quad.BottomLeft, quad.BottomRight));
        var srcH = Math.Max(Dist(quad.TopLeft, quad.BottomLeft), Dist(quad.TopRight, quad.BottomRight));
        var h = RectifiedHeight;
        var w = Math.Clamp((int)Math.Round(srcW * h / Math.Max(1f, srcH)), h, h * 16);
        var src = quad.Points.Select(p => new Point2f(p.X, p.Y)).ToArray();
        Point2f[] dst = [new(0, 0), new(w, 0), new(w, h), new(0, h)];
        using var m = Cv2.GetPerspectiveTransform(src, dst);
        var output = new Mat();
        // Upscaling small plates needs cubic interpolation; downscaling large ones needs area averaging.
        var flags = srcH < h ? InterpolationFlags.Cubic : InterpolationFlags.Area;
        Cv2.WarpPerspective(gray, output, m, new Size(w, h), flags, BorderTypes.Replicate);
        return output;
    }

    /// <summary>Dark text on a light background, contrast stretched, with a white margin: what Tesseract expects.</summary>
    internal static Mat PrepareForOcr(Mat rectified, bool darkOnLight)
    {
        using var stretched = new Mat();
        Cv2.Normalize(rectified, stretched, 0, 255, NormTypes.MinMax);
        if (!darkOnLight) Cv2.BitwiseNot(stretched, stretched);
        var padded = new Mat();
        Cv2.CopyMakeBorder(stretched, padded, OcrPadding, OcrPadding, OcrPadding, OcrPadding, BorderTypes.Constant, Scalar.White);
        return padded;
    }

    private static byte[] Binarize(Mat prepared)
    {
        using var bin = new Mat();
        Cv2.Threshold(prepared, bin, 0, 255, ThresholdTypes.Binary | ThresholdTypes.Otsu);
        return bin.ImEncode(".png");
    }

    public void Dispose() => _ocr.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "No plate model '{PlateModel}' found; using Tesseract's general model {Language} from {TessdataPath}")]
    private static partial void LogFallbackModel(ILogger logger, string plateModel, string tessdataPath, string language);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Recognised {PlateCount} plate(s) from {RegionCount} region(s) in {ElapsedMs:0.0} ms")]
    private static partial void LogRecognised(ILogger logger, int plateCount, int regionCount, double elapsedMs);
}
