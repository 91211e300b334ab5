// One file: the recognizer's path for one image (decode, detect, the reading passes per region, calibration,
// timings, stage reports). Its steps already live in their own classes (ReadingPasses, PlateStrip, ReaderDecoding);
// what is left here is the order they run in, which reads best in one place.

using System.Globalization;
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
/// Image bytes in, plate reads out: validate and decode, detect character rows, then run each region
/// through the reading passes (<see cref="IReadingPass"/>: the plate reader, the strip, Tesseract and
/// its retries) over one <see cref="CandidateRead"/>, the grammar's better-scored read standing.
/// Thread-safe: OCR engines come from a pool (one native handle per thread), the plate reader's one ONNX Runtime
/// session serves every thread, everything else is stateless.
/// </summary>
public sealed partial class PlateRecognizer : IDisposable
{
    // Tesseract's general model is unstable on condensed plate fonts: a few pixels more margin or
    // width change its reading. A plate that fits only a generic format is read again in two more
    // views and the best-supported text wins (`platectl eval`: us +1 plate; eu and br reads and
    // times unchanged, as their reads nearly always fit a specific format). Giving the views to every
    // read, or to reads with corrections, helped the US more but cost Europe a plate and 45 % time.
    private static readonly StripView[] ExtraViews = [new(52, 0.7f, 0.2f), new(60, 0.8f, 0.1f)];
    // Only reads scoring at least this share of the image's best read get the extra views.
    private const float ExtraViewsShare = 0.5f;
    // The detector's passes (two block sizes, two pyramid levels) leave gaps between character sizes: a
    // clear 30-pixel Brazilian row in a 954-pixel scene was found at 2/3 and 3/2 of the size but not at
    // its own. An image where nothing was read is looked at once more at 2/3 (under half the pixels);
    // on the validation scenes this found 7 of 25 plates that were not read (docs/ACCURACY.md).
    private const double SecondScale = 2.0 / 3;
    // Below this shorter side the smaller copy's characters fall under the detector's minimum.
    private const int SecondScaleMinSide = 300;

    private readonly RecognitionOptions _options;
    private readonly PlateDetector _detector;
    private readonly PlateGrammar _grammar = PlateGrammar.Default;
    private readonly TesseractEnginePool _ocr;
    private readonly PlateReader? _reader;
    private readonly IReadOnlyList<IReadingPass> _passes;
    private readonly ConfidenceCalibration _calibration = ConfidenceCalibration.None;
    private readonly ILogger _logger;

    public PlateRecognizer(RecognitionOptions options, ILogger<PlateRecognizer>? logger = null)
        : this(options, logger, static (path, views) => new PlateReader(path, views))
    {
    }

    /// <param name="openReader">Opens the plate reader's file (tests make it fail as a machine can).</param>
    internal PlateRecognizer(RecognitionOptions options, ILogger<PlateRecognizer>? logger, Func<string, bool, PlateReader> openReader)
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
                if (File.Exists(path)) _reader = openReader(path, options.ReaderViews);
                else LogNoReaderModel(_logger, path);
            }
            catch (InvalidDataException ex)
            {
                // A damaged file must not stop plate reading: Tesseract reads alone, and the log says why.
                LogBadReaderModel(_logger, ex, path);
            }
            catch (Exception ex) when (ex is DllNotFoundException or TypeInitializationException or EntryPointNotFoundException or BadImageFormatException)
            {
                // ONNX Runtime's native library did not load (a machine it was not built for, a file removed from
                // the build): the same, Tesseract reads alone.
                LogNoReaderRuntime(_logger, ex, path);
            }
            var calibration = Path.ChangeExtension(path, ".calibration.json");
            if (_reader is not null && options.CalibrateConfidence && File.Exists(calibration))
            {
                try
                {
                    _calibration = ConfidenceCalibration.Load(calibration);
                }
                catch (Exception ex) when (ex is InvalidDataException or System.Text.Json.JsonException)
                {
                    // Reads go on; only their confidences stay as the readers give them.
                    LogBadCalibration(_logger, ex, calibration);
                }
            }
        }
        // The ways of reading a region, in order; each offers its read and the grammar's better one stands.
        // The strip comes first: where it stops inside a glyph the row is lengthened, and both readers read that.
        var passes = new List<IReadingPass> { new StripPass() };
        if (_reader is not null) passes.Add(new PlateReaderPass(_reader));
        if (_reader is null || options.TesseractSecondOpinion)
        {
            passes.AddRange([new TesseractPass(), new OtherPolarityPass(), new BinarizedPass(), new FusionPass()]);
        }
        _passes = passes;
    }

    /// <summary>The reading passes, in the order they run over each region.</summary>
    internal IReadOnlyList<IReadingPass> Passes => _passes;

    /// <summary>The plate reader's file, or null when Tesseract reads alone.</summary>
    public string? ReaderModelPath => _reader?.ModelPath;

    /// <summary>The Tesseract model in use.</summary>
    public TessdataLocation Tessdata { get; }

    public PlateGrammar Grammar => _grammar;

    /// <summary>Recognises every plate in an encoded image. Throws <see cref="ImageInputException"/> for bad input.</summary>
    public RecognitionResult Recognize(byte[] imageBytes, RecognizeOptions? options = null, CancellationToken cancellationToken = default)
    {
        var total = Stopwatch.StartNew();
        // Every stage works on grey: decode straight to it. Colour is decoded again only for a European plate's band.
        using var image = ImageDecoder.Decode(imageBytes, _options.MaxImagePixels, _options.MaxImageBytes, grey: true);
        var decodeMs = total.Elapsed.TotalMilliseconds;
        using var colour = new ColourPicture(() => ImageDecoder.Decode(imageBytes, _options.MaxImagePixels, _options.MaxImageBytes));
        return RecognizeDecoded(image, options ?? RecognizeOptions.Default, total, decodeMs, colour, cancellationToken);
    }

    /// <summary>Recognises every plate in an already decoded BGR, BGRA or grey image.</summary>
    public RecognitionResult Recognize(Mat image, RecognizeOptions? options = null, CancellationToken cancellationToken = default)
    {
        using var colour = new ColourPicture(image);
        return RecognizeDecoded(image, options ?? RecognizeOptions.Default, Stopwatch.StartNew(), 0, colour, cancellationToken);
    }

    private RecognitionResult RecognizeDecoded(Mat image, RecognizeOptions options, Stopwatch total, double decodeMs, ColourPicture? colour,
        CancellationToken ct)
    {
        var t0 = total.Elapsed.TotalMilliseconds;
        options.Stages?.Report(RecognitionStage.Detecting);
        using var converted = Grey.View(image, out var gray);
        var detections = _detector.Detect(gray);
        var detectMs = total.Elapsed.TotalMilliseconds - t0;

        var hint = options.CountryHint ?? (string.IsNullOrWhiteSpace(_options.CountryHint) ? null : _options.CountryHint);
        var trace = new List<CandidateTrace>();
        var reads = new List<KeptRead>();
        var t1 = total.Elapsed.TotalMilliseconds;
        options.Stages?.Report(RecognitionStage.Reading);
        var context = new ReadingContext(gray, _grammar, (strip, region) => Read(strip, region, options, ct), ct,
            _reader is null || !_options.ReadEuBand || colour is null ? null : row => ReadBand(colour, row));
        foreach (var detected in detections)
        {
            using var candidate = new CandidateRead(detected, hint);
            foreach (var pass in _passes)
            {
                ct.ThrowIfCancellationRequested();
                pass.Run(candidate, context);
            }
            var region = candidate.Region;
            BandDecides(candidate);
            // Two-line plates are European or Brazilian, of specific formats; two stacked lines
            // that only fit a generic one are lettering (a sign, a sticker), not a plate.
            if (region.SecondLine is not null && candidate.Verdict.Accepted && IsGeneric(candidate.Verdict.Format))
            {
                candidate.Reject("two lines that fit no specific plate format");
            }
            // Tesseract's read, in a format of another region than the hint (the user's, or the plate reader's own kind
            // of plate), of a region the plate reader read as a plate and found no format in: lettering near a plate
            // (a dealer's frame, a sticker) that Tesseract fitted to a short foreign format ("MLL1" as German on a US
            // photo). A plate of another region is read by the plate reader itself, and its read is not touched here.
            if (candidate.Verdict.Accepted && !candidate.ByReader && candidate.Reader is { Verdict.Accepted: false }
                && _grammar.Formats.FirstOrDefault(f => f.Id == candidate.Verdict.Format) is { } format
                && PlateGrammar.OtherRegion(format.Country, candidate.Hint))
            {
                candidate.Reject($"Tesseract's read fits only a format of another region than {candidate.Hint}, and the plate reader found no plate format here");
            }
            var readBy = candidate.ByReader ? PlateRead.PlateReader : PlateRead.Tesseract;
            var plateProbability = candidate.Reader is { } r ? 1 - r.Reading.NotPlate : (float?)null;
            var confidence = _calibration.Apply(readBy, candidate.Verdict.Confidence, plateProbability);
            if (candidate.Verdict.Accepted && confidence < _options.MinConfidence)
            {
                candidate.Reject(string.Create(CultureInfo.InvariantCulture,
                    $"confidence {confidence:0.00} below the minimum {_options.MinConfidence:0.00} (Recognition:MinConfidence)"));
            }
            var (line, verdict) = (candidate.Line, candidate.Verdict);

            string reason;
            TraceVerdict outcome;
            var kept = false;
            if (!verdict.Accepted)
            {
                outcome = string.IsNullOrEmpty(line.Text) ? new TraceVerdict(TraceOutcome.NoCharacters)
                    : new TraceVerdict(TraceOutcome.Rejected, RejectReason: verdict.RejectReason);
                reason = string.IsNullOrEmpty(line.Text) ? "OCR read no characters" : $"grammar rejected \"{line.Text}\": {verdict.RejectReason}";
            }
            else if (reads.FirstOrDefault(r => r.Read.Text == verdict.Text || Overlaps(r.Region, region)) is { } twin
                     && twin.Read.Candidates[0].Score >= verdict.Candidates[0].Score && !CompletesLine(region, verdict, twin.Region))
            {
                outcome = new TraceVerdict(TraceOutcome.Duplicate, twin.Read.Text);
                reason = $"duplicate of {twin.Read.Text}";
            }
            else
            {
                reads.RemoveAll(r => r.Read.Text == verdict.Text || Overlaps(r.Region, region));
                reads.Add(new KeptRead(ToRead(verdict, line, region, readBy, plateProbability) with { OtherReader = OtherReader(candidate), Band = candidate.Band?.Code }, region,
                    candidate.LightText, trace.Count, line, verdict, candidate.ByReader, candidate.Reader?.Verdict));
                kept = true;
                outcome = new TraceVerdict(TraceOutcome.Read, verdict.Text, verdict.Format, verdict.Corrections.Count);
                reason = verdict.Corrections.Count == 0 ? $"read as {verdict.Text} ({verdict.Format ?? "no known format"})"
                    : $"read as {verdict.Text} after {verdict.Corrections.Count} correction(s) ({verdict.Format})";
            }
            trace.Add(new CandidateTrace(region.PlateQuad, region.CharCount, region.Score, line.Text, line.Confidence, kept, reason,
                options.CaptureImages ? candidate.Rectified?.ImEncode(".png") : null,
                options.CaptureImages && candidate.Prepared is { } prepared ? Binarize(prepared) : null, outcome));
        }
        // Reads that fit only a generic format are the unstable ones: a second look in other views.
        // After all regions, so that only the image's leading reads pay for it.
        if (reads.Count > 0)
        {
            var best = reads.Max(r => r.Read.Candidates[0].Score);
            for (var i = 0; i < reads.Count; i++)
            {
                var (read, region, light, ti, firstLine, firstVerdict, byReader, readerVerdict) = reads[i];
                // The plate reader's reads are not Tesseract's unstable ones: no extra views for them. Nor for a read whose
                // country its EU band gave: its format is the generic one only because the grammar has none of that country.
                if (byReader || read.Band is not null || read.Candidates[0].Score < ExtraViewsShare * best || region.SecondLine is not null) continue;
                var generic = _grammar.Formats.FirstOrDefault(f => f.Id == firstVerdict.Format)?.IsGeneric ?? true;
                if (!generic) continue;
                var (line, verdict) = Vote(gray, region, light, hint, firstLine, firstVerdict, options, ct);
                if (verdict.Text == read.Text || reads.Any(r => r.Read.Text == verdict.Text)) continue;
                reads[i] = reads[i] with
                {
                    Read = ToRead(verdict, line, region, PlateRead.Tesseract, read.PlateProbability) with { OtherReader = OtherReaderOf(verdict.Text, readerVerdict), Band = read.Band },
                    Line = line,
                    Verdict = verdict,
                    ByReader = false,
                };
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
        if (plates.Count == 0 && options.SecondLook && Math.Min(gray.Width, gray.Height) >= SecondScaleMinSide)
        {
            using var smaller = new Mat();
            Cv2.Resize(gray, smaller, new Size(), SecondScale, SecondScale, InterpolationFlags.Area);
            // One look more, not two. The stages were reported once; strips at the smaller size would give observers
            // quads off the picture.
            // No colour there: its rows are in the smaller picture's pixels.
            var again = RecognizeDecoded(smaller, options with { SecondLook = false, Stages = null, StripObserver = null }, total, 0, null, ct);
            var back = (float)(1 / SecondScale);
            plates = again.Plates.Select(p => p with { Quad = p.Quad.Scale(back) }).ToList();
            trace.AddRange(again.Trace.Select(t => t with { Quad = t.Quad.Scale(back), Reason = "at 2/3 size: " + t.Reason }));
            detectMs += again.Timings.DetectMs;
            readMs += again.Timings.ReadMs;
        }
        var timings = new StageTimings(decodeMs, detectMs, readMs, total.Elapsed.TotalMilliseconds);
        LogRecognised(_logger, plates.Count, detections.Count, timings.TotalMs);
        return new RecognitionResult(image.Width, image.Height, plates, timings, trace);
    }

    /// <summary>Tesseract reads a prepared strip.</summary>
    private OcrLine Read(Mat prepared, DetectedPlate region, RecognizeOptions options, CancellationToken ct)
    {
        var line = _ocr.Recognize(prepared, ct);
        options.StripObserver?.Invoke(new StripObservation(prepared, line, region.PlateQuad));
        return line;
    }

    /// <summary>
    /// The code in the EU band left of a one-line row: its letters cut out (<see cref="EuBand"/>) and read by the plate
    /// reader; null where no band is found or no code stands out. Tesseract, tried first, read these letters (5 to 10
    /// pixels high in a photo) one time in six (docs/ACCURACY.md).
    /// </summary>
    private BandCode? ReadBand(ColourPicture colour, Quad row)
    {
        if (_reader is null || colour.Get() is not { } bgr) return null;
        using var letters = EuBand.FindLetters(bgr, row);
        if (letters is null) return null;
        using var crop = EuBand.AsRow(letters);
        return EuBand.Code(_reader.Read(crop));
    }

    /// <summary>
    /// The band says whose plate it is. A country the grammar has formats of was the hint the plate was read under
    /// (<see cref="PlateReaderPass"/>); where the read that stands is in another country's own format (Tesseract's, or
    /// the two readers' fused), the band is set aside. A read that fits only the generic European layout, or a country
    /// the grammar has no format of (a Greek or Maltese plate), takes the band's country under the generic European
    /// format where its code stood out (<see cref="BandCode.Sure"/>), rather than a Brazilian or German format the
    /// characters happen to fit.
    /// </summary>
    private void BandDecides(CandidateRead candidate)
    {
        if (candidate.Band is not { } band || EuBand.CountryOf(band.Code) is not { } country
            || candidate.Verdict is not { Accepted: true } verdict || verdict.Country == country)
        {
            return;
        }
        // Nothing checks the country of a generic read but the code itself: only a code that stood out is taken (the
        // reader's own "M" for a Czech "CZ" held half the codes' probability). A read in another country's own format
        // is that country's, and the band misread.
        var known = _grammar.Formats.Any(f => f.Country == country);
        if (!band.Sure || (known && !PlateReaderPass.IsGenericEuropean(_grammar, verdict))
            || _grammar.Match(verdict.Text).FirstOrDefault(m => m.Format.IsGeneric && m.Format.Country == "EU") is not { } generic)
        {
            candidate.Band = null;
            return;
        }
        candidate.Choose(candidate.Line, verdict with
        {
            Country = country,
            Format = generic.Format.Id,
            DisplayText = generic.DisplayText,
            Explanation = $"{generic.Explanation}; country from the EU band \"{band.Code}\"",
        }, candidate.Standing, candidate.ByReader);
    }

    /// <summary>
    /// The picture in colour, for the EU band: the caller's when it is in colour, else decoded from the file the first
    /// time a band is looked for (most pictures have no European plate and never pay for it). Disposes what it made.
    /// </summary>
    private sealed class ColourPicture : IDisposable
    {
        private readonly Func<Mat>? _decode;
        private readonly Mat? _given;
        private Mat? _made;
        private bool _tried;

        public ColourPicture(Func<Mat> decode) => _decode = decode;

        public ColourPicture(Mat image) => _given = image;

        /// <summary>The picture as BGR, or null when there is no colour (a grey picture, or one that no longer decodes).</summary>
        public Mat? Get()
        {
            if (_given is not null)
            {
                if (_given.Channels() == 3) return _given;
                if (_given.Channels() != 4) return null;
                return _made ??= _given.CvtColor(ColorConversionCodes.BGRA2BGR);
            }
            if (_tried) return _made;
            _tried = true;
            Mat decoded;
            try
            {
                decoded = _decode!();
            }
            catch (Exception ex) when (ex is ImageInputException or OpenCvSharpException)
            {
                // The grey decode of the same bytes succeeded; should the colour one fail, the plates are read without a band.
                return null;
            }
            if (decoded.Channels() == 3) return _made = decoded;
            decoded.Dispose();
            return null;
        }

        public void Dispose() => _made?.Dispose();
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
            using var strip = PlateStrip.Rectify(gray, region.TextQuad.Widen(v.Extend, v.Extend), region.CharBoxes, out var layout, v.Height, v.Aspect);
            using var prepared = PlateStrip.PrepareForOcr(strip, layout, lightText);
            var l = Read(prepared, region, options, ct);
            var g = _grammar.Interpret(l, hint);
            if (g.Accepted) views.Add((l, g));
        }
        float Support(string text) => views.Sum(x => x.Verdict.Candidates.FirstOrDefault(c => c.Text == text)?.Score ?? 0f);
        return views.MaxBy(x => Support(x.Verdict.Text));
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

    /// <summary>
    /// A region's read kept for the image so far, with what the extra views and the duplicate check need: its region,
    /// polarity, trace entry, the line and verdict it came from, whose it is and the plate reader's own verdict.
    /// </summary>
    private sealed record KeptRead(PlateRead Read, DetectedPlate Region, bool LightText, int TraceIndex, OcrLine Line, GrammarResult Verdict,
        bool ByReader, GrammarResult? ReaderVerdict);

    /// <summary>What the reader that did not give the candidate's best read made of the region.</summary>
    private static string? OtherReader(CandidateRead candidate) =>
        OtherReaderOf(candidate.Verdict.Text, candidate.ByReader ? candidate.Tesseract?.Verdict : candidate.Reader?.Verdict);

    internal static string? OtherReaderOf(string text, GrammarResult? other) => other switch
    {
        null => null,
        { Accepted: false } => PlateRead.NoPlateText,
        _ when other.Text == text => PlateRead.Agrees,
        _ => PlateRead.Differs,
    };

    private bool IsGeneric(string? format) => _grammar.Formats.FirstOrDefault(f => f.Id == format) is not { IsGeneric: false };

    private static bool Overlaps(DetectedPlate a, DetectedPlate b) =>
        Quad.BoundsIoU(a.PlateQuad.Bounds, b.PlateQuad.Bounds) > 0.3f;

    private PlateRead ToRead(GrammarResult g, OcrLine line, DetectedPlate region, string readBy, float? plateProbability) => new(
        g.Text, g.DisplayText ?? g.Text, _calibration.Apply(readBy, g.Confidence, plateProbability), g.CharConfidences, g.Candidates,
        region.PlateQuad, g.Country, g.Format, g.CountryConfidence, g.Explanation, line.Text, g.Corrections)
    {
        ReadBy = readBy,
        PlateProbability = plateProbability,
    };

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

    [LoggerMessage(Level = LogLevel.Error, Message = "The confidence calibration {Calibration} cannot be read; confidences stay raw")]
    private static partial void LogBadCalibration(ILogger logger, Exception exception, string calibration);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No plate reader at {ReaderModel}; Tesseract reads alone")]
    private static partial void LogNoReaderModel(ILogger logger, string readerModel);

    [LoggerMessage(Level = LogLevel.Error, Message = "The plate reader {ReaderModel} cannot be loaded; Tesseract reads alone")]
    private static partial void LogBadReaderModel(ILogger logger, Exception exception, string readerModel);

    [LoggerMessage(Level = LogLevel.Error, Message = "ONNX Runtime, which runs the plate reader {ReaderModel}, cannot be loaded on this machine; Tesseract reads alone")]
    private static partial void LogNoReaderRuntime(ILogger logger, Exception exception, string readerModel);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Recognised {PlateCount} plate(s) from {RegionCount} region(s) in {ElapsedMs:0.0} ms")]
    private static partial void LogRecognised(ILogger logger, int plateCount, int regionCount, double elapsedMs);
}
