using System.Globalization;
using OpenCvSharp;
using PlateWeb.Recognition.Detection;
using PlateWeb.Recognition.Glyphs;
using PlateWeb.Recognition.Pipeline;

namespace PlateWeb.Cli.Commands;

/// <summary>
/// `platectl glyphs DIR --out OUT`: training glyphs for the glyph classifier from a benchmark folder
/// laid out as for `eval`. Every strip the OCR reads over a true plate box, whose letters and
/// digits number as many as the true text, gives one normalized glyph per character, labelled by
/// position with the true character. Writes OUT/SET/*.png and OUT/index.tsv
/// (file, set, image, label, what Tesseract read).
/// </summary>
public static class GlyphsCommand
{
    public static Task<int> RunAsync(CliContext ctx)
    {
        if (ctx.Positional.Count != 1 || !Directory.Exists(ctx.Positional[0]) || ctx.Value("--out") is not { } outDir)
        {
            Console.Error.WriteLine("platectl glyphs: give one benchmark folder and --out DIR.");
            return Task.FromResult(2);
        }
        var root = ctx.Positional[0];
        var sets = Directory.EnumerateFiles(root, "*.txt").Any()
            ? [root]
            : Directory.EnumerateDirectories(root).Where(d => Directory.EnumerateFiles(d, "*.txt").Any()).OrderBy(d => d, StringComparer.Ordinal).ToList();
        var options = ctx.RecognitionOptions();
        // Tesseract's own characters and boxes are wanted: the classifier must not vote on its own training data.
        options.GlyphModel = null;
        using var loggers = ctx.LoggerFactory();
        using var recognizer = new PlateRecognizer(options);
        Directory.CreateDirectory(outDir);
        using var index = new StreamWriter(Path.Combine(outDir, "index.tsv"));
        index.WriteLine("file\tset\timage\tlabel\ttesseract");
        var total = 0;
        foreach (var setDir in sets)
        {
            var set = Path.GetFileName(setDir.TrimEnd('/'));
            Directory.CreateDirectory(Path.Combine(outDir, set));
            var byImage = EvalCommand.LoadTruth(setDir).GroupBy(t => t.File).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
            var hint = set.ToUpperInvariant() switch { "US" => "US", "BR" => "BR", "EU" => "EU", _ => null };
            var progress = new ProgressBar($"glyphs {set}", byImage.Count);
            foreach (var image in byImage)
            {
                var path = Path.Combine(setDir, image.Key);
                var stem = Path.GetFileNameWithoutExtension(image.Key);
                var strip = 0;
                void Observe(StripObservation o)
                {
                    var chars = o.Line.Characters.Where(c => GlyphClassifier.Classes.Contains(c.Value)).ToList();
                    foreach (var truth in image)
                    {
                        if (Quad.BoundsIoU(o.PlateQuad.Bounds, (truth.X, truth.Y, truth.W, truth.H)) < 0.3f) continue;
                        if (chars.Count != truth.Text.Length) continue;
                        for (var i = 0; i < chars.Count; i++)
                        {
                            using var glyph = GlyphCrop.Normalize(o.Prepared, chars[i].Box);
                            if (glyph is null) continue;
                            var name = string.Create(CultureInfo.InvariantCulture, $"{set}/{stem}_{strip}_{i}_{truth.Text[i]}.png");
                            glyph.ImWrite(Path.Combine(outDir, name));
                            index.WriteLine($"{name}\t{set}\t{image.Key}\t{truth.Text[i]}\t{chars[i].Value}");
                            total++;
                        }
                    }
                    strip++;
                }
                try
                {
                    recognizer.Recognize(File.ReadAllBytes(path), new RecognizeOptions(hint, StripObserver: Observe));
                }
                catch (Exception ex) when (ex is PlateWeb.Recognition.Imaging.ImageInputException)
                {
                    Console.Error.WriteLine($"platectl glyphs: {image.Key}: {ex.Message}");
                }
                progress.Advance();
            }
        }
        Console.WriteLine($"{total} glyphs in {outDir}");
        return Task.FromResult(0);
    }
}
