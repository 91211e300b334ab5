using System.CommandLine;
using System.Globalization;
using OpenCvSharp;
using PlateWeb.Recognition.Detection;
using PlateWeb.Recognition.Grammar;
using PlateWeb.Recognition.Imaging;
using PlateWeb.Recognition.Ocr;
using PlateWeb.Recognition.Synthesis;
using static PlateWeb.Cli.CliOptions;

namespace PlateWeb.Cli.Commands;

/// <summary>
/// `platectl reader-data FOLDER --out DIR [--labels FILE] [--region R] [--source NAME]`: what the plate
/// reader learns from, cut exactly as the engine will show it plates. Each picture goes through the
/// engine's detector and the region it finds is warped by <see cref="PlateReader.Crop"/>, with a
/// margin all round (the training tools cut it again with random shifts).
/// <list type="bullet">
/// <item>A folder of plate crops with a labels file (columns <c>file</c>, <c>text</c>, optional
/// <c>region</c> and <c>kept</c>; `labels.tsv` in the folder by default): the crop is padded as if it
/// were a photo, the detected row of the largest characters is the plate; other rows of other lines
/// (a state name, a slogan) are kept as "not a plate".</item>
/// <item>A benchmark folder (truth <c>.txt</c> files, as for `eval`): regions over a true plate are
/// labelled with its text, for measuring the reader alone (never to train it: their source starts
/// with "bench-", which tools/plateweb_tools/reader/train.py refuses in --data).</item>
/// <item><c>--region none</c> without labels: scenes without plates; every detected region is "not a plate".</item>
/// <item><c>--rendered N</c> instead of a folder: N scenes drawn by the project's own renderer (the
/// plates of the samples and the tests), region "plate" kind by style.</item>
/// </list>
/// Writes DIR/img/*.png and appends to DIR/labels.tsv (file, text, region, source).
/// </summary>
public static class ReaderDataCommand
{
    private static readonly Option<int> Rendered = Int("--rendered", "Benchmark plates rendered by the project.", 0);
    private static readonly Option<string> Out = Text("--out", "DIR", "The output folder.");
    private static readonly Option<string> Labels = Text("--labels", "FILE", "The labels file (default FOLDER/labels.tsv).");
    private static readonly Option<string> Region = Text("--region", "eu|us|br|none", "The plates' region.");
    private static readonly Option<string> Source = Text("--source", "NAME", "The source's name (default the folder's).");
    private static readonly Option<int> Seed = Int("--seed", "The random seed.", 7);

    public static CliVerb Verb { get; } = new("Plate crops, benchmark plates or plate-free scenes cut as the plate reader sees them.",
        [Rendered, Out, Labels, Region, Source, Seed]);

    // Wider than any jitter the training applies (tools/plateweb_tools/reader/train.py).
    private const float Margin = 0.25f;
    // Rows per picture kept as "not a plate": enough to teach what a state name or a sign looks like.
    private const int NegativesPerCrop = 2;
    private const int NegativesPerScene = 6;
    /// <summary>Source prefix of pictures cut from a benchmark folder (truth files).</summary>
    public const string BenchPrefix = "bench-";

    public static Task<int> RunAsync(CliContext ctx)
    {
        var rendered = ctx.Parse.GetValue(Rendered);
        if ((ctx.Positional.Count != 1 || !Directory.Exists(ctx.Positional[0])) && rendered <= 0 || ctx.Parse.GetValue(Out) is not { } outDir)
        {
            Console.Error.WriteLine("platectl reader-data: give one folder or --rendered N, and --out DIR.");
            return Task.FromResult(2);
        }
        var folder = rendered > 0 ? "rendered" : ctx.Positional[0];
        var source = ctx.Parse.GetValue(Source) ?? Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)));
        var defaultRegion = ctx.Parse.GetValue(Region);
        Directory.CreateDirectory(Path.Combine(outDir, "img"));
        var labelsPath = Path.Combine(outDir, "labels.tsv");
        var newFile = !File.Exists(labelsPath);
        using var labels = new StreamWriter(labelsPath, append: true);
        if (newFile) labels.WriteLine("file\ttext\tregion\tsource");
        var detector = new PlateDetector();
        int plates = 0, negatives = 0, missed = 0;

        void Save(Mat gray, DetectedPlate region, string name, string text, string kind)
        {
            using var crop = PlateReader.Crop(gray, PlateReader.Window(region), Margin);
            var file = $"img/{source}_{name}.png";
            crop.ImWrite(Path.Combine(outDir, file));
            labels.WriteLine($"{file}\t{text}\t{kind}\t{source}");
        }

        var truthFiles = rendered <= 0 && Directory.EnumerateFiles(folder, "*.txt").Any();
        // Benchmark pictures are for measuring only: their source says so, and tools/plateweb_tools/reader/train.py
        // refuses to learn from a folder that holds any.
        if (truthFiles && !File.Exists(ctx.Parse.GetValue(Labels) ?? Path.Combine(folder, "labels.tsv")) && !source.StartsWith(BenchPrefix, StringComparison.Ordinal))
        {
            source = BenchPrefix + source;
        }
        var labelFile = ctx.Parse.GetValue(Labels) ?? Path.Combine(folder, "labels.tsv");
        if (rendered > 0)
        {
            var rng = new Random(ctx.Parse.GetValue(Seed));
            var progress = new ProgressBar($"reader-data {source}", rendered);
            for (var i = 0; i < rendered; i++)
            {
                progress.Advance();
                var spec = RandomScene(rng, i);
                using var scene = PlateRenderer.RenderScene(spec);
                using var gray = new Mat();
                Grey.Convert(scene.Image, gray);
                var kind = spec.Plates[0].Plate.Style switch
                {
                    PlateStyle.Us => "us",
                    PlateStyle.BrazilMercosul or PlateStyle.BrazilOld => "br",
                    _ => "eu",
                };
                var truth = scene.Truth[0];
                var plate = detector.Detect(gray).Where(d => d.SecondLine is null && Quad.BoundsIoU(d.PlateQuad.Bounds, truth.Quad.Bounds) >= 0.3f)
                    .MaxBy(d => Quad.BoundsIoU(d.PlateQuad.Bounds, truth.Quad.Bounds));
                if (plate is null)
                {
                    missed++;
                    continue;
                }
                Save(gray, plate, i.ToString("D5", CultureInfo.InvariantCulture), PlateGrammar.Normalize(truth.Text), kind);
                plates++;
            }
        }
        else if (File.Exists(labelFile))
        {
            var rows = ReadLabels(labelFile, defaultRegion);
            var progress = new ProgressBar($"reader-data {source}", rows.Count);
            foreach (var (file, text, kind) in rows)
            {
                progress.Advance();
                using var crop = Cv2.ImRead(Path.Combine(folder, file), ImreadModes.Grayscale);
                if (crop.Empty()) continue;
                // Padded with the crop's own mean grey, as if the plate were part of a photo: the detector
                // takes no character taller than a quarter of the picture, and a replicated edge would
                // draw stripes.
                using var padded = new Mat();
                var fill = Cv2.Mean(crop);
                Cv2.CopyMakeBorder(crop, padded, 2 * crop.Rows, 2 * crop.Rows, crop.Cols / 4, crop.Cols / 4, BorderTypes.Constant, fill);
                var found = detector.Detect(padded);
                // The reader learns from one-line rows (it reads two-line plates side by side); a row with far fewer
                // or more characters than the label is one line of a two-line plate, or lettering.
                var plate = found
                    .Where(d => d.SecondLine is null && Math.Abs(d.CharCount - text.Length) <= 2
                        && Inside(d, crop.Cols / 4, 2 * crop.Rows, crop.Cols, crop.Rows))
                    .MaxBy(d => d.CharHeight * Math.Min(d.CharCount, text.Length + 1));
                var stem = Path.GetFileNameWithoutExtension(file);
                if (plate is null)
                {
                    missed++;
                    continue;
                }
                Save(padded, plate, stem, text, kind);
                plates++;
                var window = PlateReader.Window(plate).Bounds;
                foreach (var (other, i) in found.Where(d => d != plate && RowOverlap(PlateReader.Window(d).Bounds, window) < 0.3f)
                             .Take(NegativesPerCrop).Select((d, i) => (d, i)))
                {
                    Save(padded, other, $"{stem}_n{i}", "", "none");
                    negatives++;
                }
            }
        }
        else if (truthFiles)
        {
            var byImage = EvalCommand.LoadTruth(folder).GroupBy(t => t.File).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
            var progress = new ProgressBar($"reader-data {source}", byImage.Count);
            foreach (var image in byImage)
            {
                progress.Advance();
                using var gray = Cv2.ImRead(Path.Combine(folder, image.Key), ImreadModes.Grayscale);
                if (gray.Empty()) continue;
                var found = detector.Detect(gray);
                foreach (var (truth, t) in image.Select((x, t) => (x, t)))
                {
                    var plate = found.Where(d => d.SecondLine is null && Quad.BoundsIoU(d.PlateQuad.Bounds, (truth.X, truth.Y, truth.W, truth.H)) >= 0.3f)
                        .MaxBy(d => Quad.BoundsIoU(d.PlateQuad.Bounds, (truth.X, truth.Y, truth.W, truth.H)));
                    if (plate is null)
                    {
                        missed++;
                        continue;
                    }
                    Save(gray, plate, $"{Path.GetFileNameWithoutExtension(image.Key)}_{t}", truth.Text, defaultRegion ?? source);
                    plates++;
                }
            }
        }
        else if (defaultRegion == "none")
        {
            var files = ImageFiles.Expand([folder]).ToList();
            var progress = new ProgressBar($"reader-data {source}", files.Count);
            foreach (var path in files)
            {
                progress.Advance();
                using var gray = Cv2.ImRead(path, ImreadModes.Grayscale);
                if (gray.Empty()) continue;
                foreach (var (region, i) in detector.Detect(gray).Take(NegativesPerScene).Select((d, i) => (d, i)))
                {
                    Save(gray, region, $"{Path.GetFileNameWithoutExtension(path)}_n{i}", "", "none");
                    negatives++;
                }
            }
        }
        else
        {
            Console.Error.WriteLine($"platectl reader-data: {folder} has no labels file, no truth files, and --region none was not given.");
            return Task.FromResult(2);
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{source}: {plates} plates, {negatives} not plates, {missed} pictures where no region was found; in {outDir}"));
        return Task.FromResult(0);
    }

    private static List<(string File, string Text, string Region)> ReadLabels(string path, string? defaultRegion)
    {
        var lines = File.ReadLines(path).ToList();
        var header = lines[0].Split('\t');
        int Col(string name) => Array.IndexOf(header, name);
        int file = Col("file"), text = Col("text"), region = Col("region"), kept = Col("kept");
        if (file < 0 || text < 0) throw new InvalidDataException($"{path}: needs the columns file and text.");
        return lines.Skip(1).Select(l => l.Split('\t'))
            .Where(f => f.Length > text && (kept < 0 || f[kept] == "1"))
            .Select(f => (f[file], PlateGrammar.Normalize(f[text]), region >= 0 ? f[region] : defaultRegion ?? "plate"))
            .Where(r => r.Item2.Length is > 0 and <= PlateGrammar.MaxPlateLength)
            .ToList();
    }

    private static bool Inside(DetectedPlate d, int x0, int y0, int w, int h)
    {
        var (bx, by, bw, bh) = d.CharBoxesBounds();
        var (cx, cy) = (bx + bw / 2, by + bh / 2);
        return cx >= x0 && cx <= x0 + w && cy >= y0 && cy <= y0 + h;
    }

    private static float RowOverlap((float X, float Y, float Width, float Height) a, (float X, float Y, float Width, float Height) b)
    {
        var inter = Math.Max(0, Math.Min(a.Y + a.Height, b.Y + b.Height) - Math.Max(a.Y, b.Y));
        return inter / Math.Max(1f, Math.Min(a.Height, b.Height));
    }

    /// <summary>One plate of a random style and text, seen at a random size, angle, blur and noise.</summary>
    private static SceneSpec RandomScene(Random rng, int seed)
    {
        const string letters = "ABCDEFGHJKLMNPRSTUVWXYZ";
        const string digits = "0123456789";
        char L() => letters[rng.Next(letters.Length)];
        char D() => digits[rng.Next(digits.Length)];
        var (text, style) = rng.Next(5) switch
        {
            0 => ($"{L()}{L()}-{D()}{D()}{D()}-{L()}{L()}", PlateStyle.Eu),
            1 => ($"{D()}{L()}{L()}{L()}{D()}{D()}{D()}", PlateStyle.Us),
            2 => ($"{L()}{L()}{L()}{D()}{L()}{D()}{D()}", PlateStyle.BrazilMercosul),
            3 => ($"{L()}{L()}{L()}-{D()}{D()}{D()}{D()}", PlateStyle.BrazilOld),
            _ => ($"{L()}{L()}{D()}{D()} {L()}{L()}{L()}", PlateStyle.Yellow),
        };
        var width = rng.Next(160, 420);
        return new SceneSpec(640, 400,
            [new ScenePlacement(new SyntheticPlate(text, style), 320, 200, width, (float)(rng.NextDouble() * 8 - 4), (float)(rng.NextDouble() * 0.2 - 0.1))],
            (float)(rng.NextDouble() * 1.5), (float)(rng.NextDouble() * 8), seed);
    }
}
