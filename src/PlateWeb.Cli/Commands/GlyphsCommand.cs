using System.Globalization;
using PlateWeb.Recognition.Detection;
using PlateWeb.Recognition.Glyphs;
using PlateWeb.Recognition.Pipeline;
using PlateWeb.Recognition.Synthesis;

namespace PlateWeb.Cli.Commands;

/// <summary>
/// `platectl glyphs [DIR] [--rendered N] --out OUT`: training glyphs for the glyph classifier, from a
/// benchmark folder laid out as for `eval` and/or from N scenes the project renders itself
/// (<see cref="PlateRenderer"/>, random texts, styles and degradations). Every strip the OCR reads
/// over a true plate, whose letters and digits number as many as the true text, gives one
/// normalized glyph per character, labelled by position with the true character. Writes
/// OUT/SET/*.png and OUT/index.tsv (file, set, image, label, what Tesseract read).
/// </summary>
public static class GlyphsCommand
{
    private sealed record Plate(string Text, (float X, float Y, float W, float H) Box);

    public static Task<int> RunAsync(CliContext ctx)
    {
        var rendered = ctx.IntValue("--rendered", 0);
        var root = ctx.Positional.Count == 1 ? ctx.Positional[0] : null;
        if (ctx.Value("--out") is not { } outDir || ctx.Positional.Count > 1 || (root is null && rendered <= 0)
            || (root is not null && !Directory.Exists(root)))
        {
            Console.Error.WriteLine("platectl glyphs: give a benchmark folder and/or --rendered N, and --out DIR.");
            return Task.FromResult(2);
        }
        var options = ctx.RecognitionOptions();
        // Tesseract's own characters and boxes are wanted: the classifier must not vote on its own training data.
        options.GlyphModel = null;
        options.StripModel = null;
        using var recognizer = new PlateRecognizer(options);
        Directory.CreateDirectory(outDir);
        using var index = new StreamWriter(Path.Combine(outDir, "index.tsv"));
        index.WriteLine("file\tset\timage\tlabel\ttesseract");
        var total = 0;
        var strips = ctx.Has("--strips");
        using var stripIndex = strips ? new StreamWriter(Path.Combine(outDir, "strips.tsv")) : null;
        stripIndex?.WriteLine("file\tset\timage\ttext\ttesseract");
        var stripTotal = 0;

        void Harvest(string set, string image, byte[] bytes, IReadOnlyList<Plate> plates, string? hint)
        {
            var stem = Path.GetFileNameWithoutExtension(image);
            var strip = 0;
            void Observe(StripObservation o)
            {
                var chars = o.Line.Characters.Where(c => GlyphClassifier.Classes.Contains(c.Value)).ToList();
                foreach (var plate in plates)
                {
                    if (stripIndex is not null && Quad.BoundsIoU(o.PlateQuad.Bounds, plate.Box) >= 0.3f)
                    {
                        var stripName = string.Create(CultureInfo.InvariantCulture, $"strips/{set}/{stem}_{strip}.png");
                        Directory.CreateDirectory(Path.Combine(outDir, "strips", set));
                        o.Prepared.ImWrite(Path.Combine(outDir, stripName));
                        stripIndex.WriteLine($"{stripName}\t{set}\t{image}\t{plate.Text}\t{o.Line.Text}");
                        stripTotal++;
                    }
                    if (Quad.BoundsIoU(o.PlateQuad.Bounds, plate.Box) < 0.3f || chars.Count != plate.Text.Length) continue;
                    for (var i = 0; i < chars.Count; i++)
                    {
                        using var glyph = GlyphCrop.Normalize(o.Prepared, chars[i].Box);
                        if (glyph is null) continue;
                        var name = string.Create(CultureInfo.InvariantCulture, $"{set}/{stem}_{strip}_{i}_{plate.Text[i]}.png");
                        glyph.ImWrite(Path.Combine(outDir, name));
                        index.WriteLine($"{name}\t{set}\t{image}\t{plate.Text[i]}\t{chars[i].Value}");
                        total++;
                    }
                }
                strip++;
            }
            try
            {
                recognizer.Recognize(bytes, new RecognizeOptions(hint, StripObserver: Observe));
            }
            catch (PlateWeb.Recognition.Imaging.ImageInputException ex)
            {
                Console.Error.WriteLine($"platectl glyphs: {image}: {ex.Message}");
            }
        }

        if (root is not null)
        {
            var sets = Directory.EnumerateFiles(root, "*.txt").Any()
                ? [root]
                : Directory.EnumerateDirectories(root).Where(d => Directory.EnumerateFiles(d, "*.txt").Any()).OrderBy(d => d, StringComparer.Ordinal).ToList();
            foreach (var setDir in sets)
            {
                var set = Path.GetFileName(setDir.TrimEnd('/'));
                Directory.CreateDirectory(Path.Combine(outDir, set));
                var byImage = EvalCommand.LoadTruth(setDir).GroupBy(t => t.File).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
                var hint = set.ToUpperInvariant() switch { "US" => "US", "BR" => "BR", "EU" => "EU", _ => null };
                var progress = new ProgressBar($"glyphs {set}", byImage.Count);
                foreach (var image in byImage)
                {
                    Harvest(set, image.Key, File.ReadAllBytes(Path.Combine(setDir, image.Key)),
                        image.Select(t => new Plate(t.Text, (t.X, t.Y, t.W, t.H))).ToList(), hint);
                    progress.Advance();
                }
            }
        }
        if (rendered > 0)
        {
            Directory.CreateDirectory(Path.Combine(outDir, "rendered"));
            var rng = new Random(ctx.IntValue("--seed", 7));
            var progress = new ProgressBar("glyphs rendered", rendered);
            for (var i = 0; i < rendered; i++)
            {
                using var scene = PlateRenderer.RenderScene(RandomScene(rng, i));
                var plates = scene.Truth.Select(t => new Plate(t.Text, t.Quad.Bounds)).ToList();
                Harvest("rendered", string.Create(CultureInfo.InvariantCulture, $"rendered-{i:D5}.png"), scene.Encode(".png"), plates, null);
                progress.Advance();
            }
        }
        Console.WriteLine($"{total} glyphs in {outDir}" + (strips ? $", {stripTotal} strips" : ""));
        return Task.FromResult(0);
    }

    /// <summary>One plate of a random style and text, seen at a random size, angle, blur and noise.</summary>
    internal static SceneSpec RandomScene(Random rng, int seed)
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
