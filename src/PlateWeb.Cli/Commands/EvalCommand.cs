using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using PlateWeb.Recognition.Detection;
using PlateWeb.Recognition.Grammar;
using PlateWeb.Recognition.Pipeline;
using static PlateWeb.Cli.CliOptions;

namespace PlateWeb.Cli.Commands;

/// <summary>
/// `platectl eval DIR`: scores the engine on a folder laid out like alpr-bench (one sub-folder per set,
/// NAME.jpg beside NAME.txt with "file x y w h TEXT" lines) and explains the failures by cause.
/// </summary>
public static class EvalCommand
{
    private static readonly Option<string> Out = Text("--out", "DIR", "Where the results go (default eval-out).");
    private static readonly Option<bool> NoHint = Switch("--no-hint", "No country hint (--country gives one; default from the set's name).");
    private static readonly Option<string> MinConfidence = Text("--min-confidence", "X", "Score only plates at or above X (0 to 1).");

    public static CliVerb Verb { get; } = new("Score a benchmark folder, or a folder of images without plates (docs/ACCURACY.md).",
        [.. Engine(), Out, NoHint, MinConfidence]);

    /// <summary>Why a plate was not read right, in the order a developer should look at them.</summary>
    public enum Cause { Read, NotDetected, DetectedNotRead, Confusion, ExtraOrMissing, WrongCharacters }

    /// <summary>A region or read matches a true plate at this overlap (the benchmark's detection rule).</summary>
    public const float MatchIoU = 0.3f;

    public sealed record Truth(string File, float X, float Y, float W, float H, string Text)
    {
        public (float X, float Y, float Width, float Height) Box => (X, Y, W, H);
    }

    /// <param name="TopConfidence">Confidence of the top-1 read; null when nothing was read.</param>
    /// <param name="TopOverlaps">Whether the top-1 read overlaps this plate (IoU ≥ 0.3): it enters the reliability table.</param>
    /// <param name="TopCountry">The top-1 read's country.</param>
    public sealed record PlateOutcome(string Set, string File, string Expected, string? Got, bool Detected, bool Top1, bool TopN, Cause Cause, double Ms,
        float? TopConfidence = null, bool TopOverlaps = false, string? TopCountry = null);

    /// <param name="NonPlates">Returned plates (after --min-confidence) that overlap no true plate.</param>
    public sealed record SetScore(string Set, int Images, int Plates, int Detected, int Top1, int TopN, double MedianMs, double P95Ms, int NonPlates = 0);

    /// <summary>A returned plate that overlaps no true plate: junk, or a plate the truth file does not list.</summary>
    public sealed record NonPlate(string Set, string File, PlateRead Read);

    /// <summary>A set's per-image stage times (ms), for where the time goes.</summary>
    public sealed record SetStages(string Set, IReadOnlyList<StageTimings> Images);

    /// <summary>What one set adds to the report beyond its scores.</summary>
    private sealed record SetCalibration(string Set, ReliabilityTable Reliability, IReadOnlyList<ThresholdRow> Sweep);

    public static Task<int> RunAsync(CliContext ctx)
    {
        if (ctx.Positional.Count != 1 || !Directory.Exists(ctx.Positional[0]))
        {
            Console.Error.WriteLine("platectl eval: give one benchmark folder (sub-folders of NAME.jpg + NAME.txt), or one folder of images without plates.");
            return Task.FromResult(2);
        }
        var noHint = ctx.Parse.GetValue(NoHint);
        if (noHint && ctx.Value("--country") is not null)
        {
            Console.Error.WriteLine("platectl eval: --no-hint and --country contradict each other; give one.");
            return Task.FromResult(2);
        }
        var minConfidence = 0f;
        if (ctx.Parse.GetValue(MinConfidence) is { } mc
            && (!float.TryParse(mc, NumberStyles.Float, CultureInfo.InvariantCulture, out minConfidence) || minConfidence is < 0 or > 1))
        {
            Console.Error.WriteLine("platectl eval: --min-confidence takes a number from 0 to 1, for example 0.4.");
            return Task.FromResult(2);
        }
        var root = ctx.Positional[0];
        var outDir = ctx.Parse.GetValue(Out) ?? Path.Combine(Environment.CurrentDirectory, "eval-out");
        Directory.CreateDirectory(outDir);

        var sets = Directory.EnumerateFiles(root, "*.txt").Any()
            ? [root]
            : Directory.EnumerateDirectories(root).Where(d => Directory.EnumerateFiles(d, "*.txt").Any()).OrderBy(d => d, StringComparer.Ordinal).ToList();
        // A folder of images without truth files (street scenes with no plate): every returned plate is a non-plate.
        if (sets.Count == 0 && ImageFiles.Expand([root]).Any()) sets = [root];
        if (sets.Count == 0)
        {
            Console.Error.WriteLine($"platectl eval: no ground-truth .txt files and no images under {root}.");
            return Task.FromResult(1);
        }

        var loggers = ctx.Loggers;
        var options = ctx.RecognitionOptions();
        // appsettings.json may name a default hint; --no-hint means none at all.
        if (noHint) options.CountryHint = null;
        using var recognizer = new PlateRecognizer(options, loggers.CreateLogger<PlateRecognizer>());
        // Times are single-threaded: OpenCV's own loops would otherwise spread over every core.
        using var oneThread = OpenCvThreads.Limit(1);
        var outcomes = new List<PlateOutcome>();
        var scores = new List<SetScore>();
        var calibrations = new List<SetCalibration>();
        var nonPlateReads = new List<NonPlate>();
        var stages = new List<SetStages>();
        using var perImage = new StreamWriter(Path.Combine(outDir, "results.jsonl"));
        foreach (var setDir in sets)
        {
            var set = Path.GetFileName(setDir.TrimEnd('/'));
            var images = Images(setDir);
            // Like OpenALPR's "-c us|eu|br": a set named after a region reads with that region's formats first.
            var hint = noHint ? null : ctx.Value("--country") ?? set.ToUpperInvariant() switch { "US" => "US", "BR" => "BR", "EU" => "EU", _ => null };
            var progress = new ProgressBar($"eval {set}", images.Count);
            var times = new List<double>();
            var reads = new List<ImageRead>();
            var nonPlates = 0;
            var stageTimes = new List<StageTimings>();
            foreach (var (file, truths) in images)
            {
                var path = Path.Combine(setDir, file);
                var (result, error, ms) = ReadCommand.ReadOne(recognizer, path, countryHint: hint);
                times.Add(ms);
                // results.jsonl keeps what the engine returned; --min-confidence only changes the scoring.
                perImage.WriteLine(ReadCommand.JsonLine(path, result, error, ms));
                reads.Add(new ImageRead(file, truths, result));
                var kept = Calibration.Above(result, minConfidence);
                var junk = Calibration.NonPlateReads(truths, kept?.Plates ?? []).ToList();
                nonPlates += junk.Count;
                nonPlateReads.AddRange(junk.Select(p => new NonPlate(set, file, p)));
                if (result is not null) stageTimes.Add(result.Timings);
                foreach (var truth in truths)
                {
                    outcomes.Add(Score(set, truth, kept, truths.Count, ms));
                }
                progress.Advance(file);
            }
            var mine = outcomes.Where(o => o.Set == set).ToList();
            times.Sort();
            scores.Add(new SetScore(set, images.Count, mine.Count, mine.Count(o => o.Detected), mine.Count(o => o.Top1),
                mine.Count(o => o.TopN), Percentile(times, 0.5), Percentile(times, 0.95), nonPlates));
            stages.Add(new SetStages(set, stageTimes));
            calibrations.Add(new SetCalibration(set, Calibration.Reliability(mine), Calibration.Sweep(set, reads, Calibration.Thresholds)));
        }

        var model = recognizer.Tessdata.Language
            + "; plate reader: " + (recognizer.ReaderModelPath is { } pr ? Path.GetFileName(pr) : "none");
        var reading = (noHint ? "no country hint" : ctx.Value("--country") is { } c ? $"country hint {c}" : "country hint from the set's name")
            + (minConfidence > 0 ? string.Create(CultureInfo.InvariantCulture, $"; plates under {minConfidence:0.##} dropped before scoring") : "");
        var report = Report(scores, outcomes, model, reading) + StageReport(stages) + CalibrationReport(scores, outcomes, calibrations, noHint);
        Console.WriteLine(report);
        File.WriteAllText(Path.Combine(outDir, "report.md"), report);
        File.WriteAllText(Path.Combine(outDir, "failures.md"), Failures(outcomes, nonPlateReads));
        var diagram = Path.Combine(outDir, "reliability.png");
        if (calibrations.Any(c => c.Reliability.Count > 0))
        {
            File.WriteAllBytes(diagram, ReliabilityDiagram.Png(calibrations.Where(c => c.Reliability.Count > 0).Select(c => (c.Set, c.Reliability)).ToList()));
        }
        else
        {
            // A folder without truth files has no reads to judge; an old diagram must not stay beside this report.
            File.Delete(diagram);
        }
        Console.WriteLine($"Per-image results: {Path.Combine(outDir, "results.jsonl")}; failures by cause: {Path.Combine(outDir, "failures.md")}"
            + (File.Exists(diagram) ? $"; reliability diagram: {diagram}" : ""));
        return Task.FromResult(0);
    }

    /// <summary>A set's images with their true plates: those the truth files name, or every image when there are none.</summary>
    private static List<(string File, IReadOnlyList<Truth> Truths)> Images(string setDir)
    {
        var truths = LoadTruth(setDir);
        if (truths.Count == 0 && !Directory.EnumerateFiles(setDir, "*.txt").Any())
        {
            return ImageFiles.Expand([setDir]).Select(f => (Path.GetRelativePath(setDir, f), (IReadOnlyList<Truth>)[])).ToList();
        }
        return truths.GroupBy(t => t.File).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, (IReadOnlyList<Truth>)g.ToList())).ToList();
    }

    public static List<Truth> LoadTruth(string setDir)
    {
        var list = new List<Truth>();
        foreach (var txt in Directory.EnumerateFiles(setDir, "*.txt"))
        {
            foreach (var line in File.ReadLines(txt))
            {
                var f = line.Split('\t');
                if (f.Length < 6 || !File.Exists(Path.Combine(setDir, f[0]))) continue;
                list.Add(new Truth(f[0], Num(f[1]), Num(f[2]), Num(f[3]), Num(f[4]), PlateGrammar.Normalize(f[5])));
            }
        }
        return list;

        static float Num(string s) => float.Parse(s, CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Scores one true plate. With one plate in the image, top-1 is the engine's most confident read
    /// (the benchmark's rule); with several, it is the read whose outline overlaps that plate.
    /// Detection counts any region the detector proposed, read or not.
    /// </summary>
    public static PlateOutcome Score(string set, Truth truth, RecognitionResult? result, int platesInImage, double ms)
    {
        var detected = result?.Trace.Any(t => Quad.BoundsIoU(t.Quad.Bounds, truth.Box) >= MatchIoU) ?? false;
        var plates = result?.Plates ?? [];
        var top = platesInImage == 1
            ? plates.FirstOrDefault()
            : plates.Where(p => Calibration.Overlaps(p, truth)).OrderByDescending(p => p.Confidence).FirstOrDefault();
        var got = top?.Text;
        var top1 = got == truth.Text;
        var topN = plates.Any(p => p.Candidates.Any(c => c.Text == truth.Text));
        Cause cause;
        if (top1) cause = Cause.Read;
        else if (!detected) cause = Cause.NotDetected;
        else if (got is null) cause = Cause.DetectedNotRead;
        else if (got.Length == truth.Text.Length && PlateGrammar.Skeleton(got) == PlateGrammar.Skeleton(truth.Text)) cause = Cause.Confusion;
        else if (Math.Abs(got.Length - truth.Text.Length) == 1 && PlateMatcher.FuzzyEquals(got, truth.Text)) cause = Cause.ExtraOrMissing;
        else cause = Cause.WrongCharacters;
        return new PlateOutcome(set, truth.File, truth.Text, got, detected, top1, topN, cause, ms,
            top?.Confidence, top is not null && Calibration.Overlaps(top, truth), top?.Country);
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Floor(p * sorted.Count))];

    private static string Report(List<SetScore> scores, List<PlateOutcome> outcomes, string model, string reading)
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"OCR model: {model}; {Environment.ProcessorCount} cores, one thread per image (OpenCV, ONNX Runtime and Tesseract); {reading}");
        sb.AppendLine();
        sb.AppendLine("| set | images | plates | detection recall | top-1 exact | top-N | median ms | p95 ms |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var s in scores)
        {
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| {s.Set} | {s.Images} | {s.Plates} | {Pct(s.Detected, s.Plates)} | {Pct(s.Top1, s.Plates)} | {Pct(s.TopN, s.Plates)} | {s.MedianMs:0} | {s.P95Ms:0} |");
        }
        sb.AppendLine();
        sb.AppendLine("| set | " + string.Join(" | ", Enum.GetNames<Cause>().Skip(1)) + " |");
        sb.AppendLine("|---|" + string.Concat(Enumerable.Repeat("---:|", Enum.GetValues<Cause>().Length - 1)));
        foreach (var s in scores)
        {
            var mine = outcomes.Where(o => o.Set == s.Set).ToList();
            sb.AppendLine($"| {s.Set} | " + string.Join(" | ", Enum.GetValues<Cause>().Skip(1).Select(c => mine.Count(o => o.Cause == c))) + " |");
        }
        return sb.ToString();
    }

    /// <summary>
    /// Reliability of the top-1 read per set, stored non-plates, the country of exact reads (with
    /// --no-hint) and what each storage threshold would keep.
    /// </summary>
    private static string CalibrationReport(List<SetScore> scores, List<PlateOutcome> outcomes, List<SetCalibration> calibrations, bool noHint)
    {
        var sb = new StringBuilder();
        sb.AppendLine();
        sb.AppendLine("Stored reads: top-1 reads overlapping their true plate (IoU ≥ 0.3), their expected calibration error, the ECE a "
            + "perfectly calibrated reader giving the same confidences would measure by chance on as many reads (median, and 9 "
            + "draws in 10 up to), and returned plates overlapping no true plate:");
        sb.AppendLine();
        sb.AppendLine(noHint
            ? "| set | images | top reads on a plate | ECE | ECE by chance | non-plates | non-plates per image | exact reads with the right country |"
            : "| set | images | top reads on a plate | ECE | ECE by chance | non-plates | non-plates per image |");
        sb.AppendLine(noHint ? "|---|---:|---:|---:|---:|---:|---:|---:|" : "|---|---:|---:|---:|---:|---:|---:|");
        foreach (var s in scores)
        {
            var r = calibrations.Single(c => c.Set == s.Set).Reliability;
            var line = string.Create(CultureInfo.InvariantCulture,
                $"| {s.Set} | {s.Images} | {r.Count} | {(r.Count == 0 ? "-" : r.Ece.ToString("0.000", CultureInfo.InvariantCulture))} | {(r.Count == 0 ? "-" : $"{r.Chance.Median:0.000} (≤ {r.Chance.P90:0.000})")} | {s.NonPlates} | {(s.Images == 0 ? 0 : (double)s.NonPlates / s.Images):0.00} |");
            if (noHint)
            {
                var exact = outcomes.Where(o => o.Set == s.Set && o.Top1).ToList();
                var right = exact.Select(o => Calibration.CountryIsRight(s.Set, o.TopCountry)).ToList();
                line += right.Any(x => x is null) ? " - |" : $" {right.Count(x => x == true)} of {exact.Count} ({Pct(right.Count(x => x == true), exact.Count)}) |";
            }
            sb.AppendLine(line);
        }
        foreach (var c in calibrations)
        {
            if (c.Reliability.Count > 0)
            {
                sb.AppendLine();
                sb.AppendLine(CultureInfo.InvariantCulture,
                    $"Reliability, {c.Set} (top-1 confidence; ECE {c.Reliability.Ece:0.000}; a perfectly calibrated reader would measure {c.Reliability.Chance.Median:0.000} by chance, up to {c.Reliability.Chance.P90:0.000} in 9 draws of 10):");
                sb.AppendLine();
                sb.AppendLine("| confidence | plates | mean confidence | exact |");
                sb.AppendLine("|---|---:|---:|---:|");
                foreach (var b in c.Reliability.Bins)
                {
                    sb.AppendLine(b.Count == 0
                        ? string.Create(CultureInfo.InvariantCulture, $"| {b.Lower * 100:0}-{b.Upper * 100:0} % | 0 | - | - |")
                        : string.Create(CultureInfo.InvariantCulture, $"| {b.Lower * 100:0}-{b.Upper * 100:0} % | {b.Count} | {b.MeanConfidence * 100:0.0} % | {b.Accuracy * 100:0.0} % |"));
                }
            }
            sb.AppendLine();
            sb.AppendLine(CultureInfo.InvariantCulture, $"Storage threshold, {c.Set} (plates under the minimum confidence dropped, from every plate the engine returned):");
            sb.AppendLine();
            sb.AppendLine("| min confidence | top-1 exact | non-plates per image |");
            sb.AppendLine("|---:|---:|---:|");
            foreach (var t in c.Sweep)
            {
                sb.AppendLine(CultureInfo.InvariantCulture,
                    $"| {(t.Threshold == 0 ? "none" : t.Threshold.ToString("0.0", CultureInfo.InvariantCulture))} | {(t.Plates == 0 ? "-" : $"{Pct(t.Top1, t.Plates)} ({t.Top1})")} | {t.NonPlatesPerImage:0.00} ({t.NonPlates}) |");
            }
        }
        return sb.ToString();
    }

    private static string Pct(int n, int of) => of == 0 ? "-" : string.Create(CultureInfo.InvariantCulture, $"{100.0 * n / of:0.0} %");

    /// <summary>Every miss grouped by cause, then every non-plate (to look at: some are plates the truth files do not list).</summary>
    public static string Failures(List<PlateOutcome> outcomes, IReadOnlyList<NonPlate> nonPlates)
    {
        var sb = new StringBuilder("# Failures by cause\n");
        foreach (var group in outcomes.Where(o => o.Cause != Cause.Read).GroupBy(o => o.Cause).OrderBy(g => g.Key))
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"\n## {group.Key} ({group.Count()})\n");
            foreach (var o in group.OrderBy(o => o.Set).ThenBy(o => o.File, StringComparer.Ordinal))
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"- {o.Set}/{o.File}: expected {o.Expected}, got {o.Got ?? "nothing"}{(o.TopN ? " (in top-N)" : "")}");
            }
        }
        if (nonPlates.Count > 0)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"\n## NonPlates ({nonPlates.Count})\n");
            sb.AppendLine("Returned plates that overlap no true plate: lettering or texture, or a plate in the background that the truth file does not list.\n");
            foreach (var n in nonPlates.OrderBy(n => n.Set).ThenBy(n => n.File, StringComparer.Ordinal))
            {
                var q = n.Read.Quad.Bounds;
                sb.AppendLine(CultureInfo.InvariantCulture,
                    $"- {n.Set}/{n.File}: {n.Read.Text} at {n.Read.Confidence:P0} ({n.Read.Format ?? "no format"}, read by {n.Read.ReadBy}), box x {q.X:0} y {q.Y:0} w {q.Width:0} h {q.Height:0}");
            }
        }
        return sb.ToString();
    }

    /// <summary>
    /// Where the time goes: each stage's median per image and its share of all the sets' time (decode is the
    /// file's decoding, detect finds the plates, read is every reading pass and the grammar).
    /// </summary>
    public static string StageReport(IReadOnlyList<SetStages> stages)
    {
        var sb = new StringBuilder();
        sb.AppendLine();
        sb.AppendLine("Where the time goes (median ms per image, and the stage's share of the set's total time):");
        sb.AppendLine();
        sb.AppendLine("| set | decode | detect | read |");
        sb.AppendLine("|---|---:|---:|---:|");
        foreach (var s in stages.Where(s => s.Images.Count > 0))
        {
            var total = Math.Max(1e-9, s.Images.Sum(t => t.DecodeMs + t.DetectMs + t.ReadMs));
            sb.AppendLine($"| {s.Set} | {Cell(t => t.DecodeMs)} | {Cell(t => t.DetectMs)} | {Cell(t => t.ReadMs)} |");

            string Cell(Func<StageTimings, double> stage)
            {
                var sorted = s.Images.Select(stage).Order().ToList();
                return string.Create(CultureInfo.InvariantCulture, $"{Percentile(sorted, 0.5):0.0} ({sorted.Sum() / total:P0})");
            }
        }
        return sb.ToString();
    }

    /// <summary>The outcomes as JSON, for tools that track progress between runs.</summary>
    public static string ToJson(IEnumerable<PlateOutcome> outcomes) => JsonSerializer.Serialize(outcomes);
}
