using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using PlateWeb.Recognition.Imaging;
using PlateWeb.Recognition.Pipeline;
using static PlateWeb.Cli.CliOptions;

namespace PlateWeb.Cli.Commands;

/// <summary>`platectl read [--jsonl] [--why] PATH...`: one line per image (--why: then one line per region and its fate).</summary>
public static class ReadCommand
{
    private static readonly Option<bool> Jsonl = Switch("--jsonl", "One JSON line per image.");
    private static readonly Option<string> Crops = Text("--crops", "DIR", "Save each region as OCR saw it.");
    private static readonly Option<bool> Why = Switch("--why", "Tell what became of each region.");

    public static CliVerb Verb { get; } = new("Read files or folders.", [.. Engine(), Jsonl, Crops, Why]);

    public static Task<int> RunAsync(CliContext ctx)
    {
        if (ctx.Positional.Count == 0)
        {
            Console.Error.WriteLine("platectl read: give at least one image file or folder.");
            return Task.FromResult(2);
        }
        var files = ImageFiles.Expand(ctx.Positional).ToList();
        if (files.Count == 0)
        {
            Console.Error.WriteLine("platectl read: no image files found in the given folders.");
            return Task.FromResult(1);
        }

        var loggers = ctx.Loggers;
        using var recognizer = new PlateRecognizer(ctx.RecognitionOptions(), loggers.CreateLogger<PlateRecognizer>());
        var jsonl = ctx.Parse.GetValue(Jsonl);
        var failures = 0;
        var cropsDir = ctx.Parse.GetValue(Crops);
        var why = ctx.Parse.GetValue(Why);
        foreach (var file in files)
        {
            var (result, error, ms) = ReadOne(recognizer, file, cropsDir is not null);
            if (cropsDir is not null && result is not null) SaveCrops(cropsDir, file, result);
            if (error is not null) failures++;
            Console.WriteLine(jsonl ? JsonLine(file, result, error, ms) : HumanLine(file, result, error, ms));
            if (why && !jsonl && result is not null)
            {
                foreach (var line in WhyLines(result)) Console.WriteLine(line);
            }
        }
        return Task.FromResult(failures == files.Count ? 1 : 0);
    }

    /// <summary>Reads one file, timing decode included; input errors become a message, not an exception.</summary>
    public static (RecognitionResult? Result, string? Error, double Ms) ReadOne(PlateRecognizer recognizer, string file, bool captureImages = false, string? countryHint = null)
    {
        var sw = Stopwatch.StartNew();
        try
        {
            var bytes = File.ReadAllBytes(file);
            var result = recognizer.Recognize(bytes, new RecognizeOptions(countryHint, captureImages));
            return (result, null, sw.Elapsed.TotalMilliseconds);
        }
        catch (ImageInputException ex)
        {
            return (null, ex.Message, sw.Elapsed.TotalMilliseconds);
        }
        catch (IOException ex)
        {
            return (null, $"cannot read the file: {ex.Message}", sw.Elapsed.TotalMilliseconds);
        }
        catch (UnauthorizedAccessException ex)
        {
            return (null, $"cannot read the file: {ex.Message}", sw.Elapsed.TotalMilliseconds);
        }
    }

    /// <summary>The JSONL shape other tools parse: file, ms, error, plates[text, confidence, candidates, quad, country…].</summary>
    public static string JsonLine(string file, RecognitionResult? result, string? error, double ms)
    {
        var plates = (result?.Plates ?? []).Select(p => new Dictionary<string, object?>
        {
            ["text"] = p.Text,
            ["display"] = p.DisplayText,
            ["confidence"] = Math.Round(p.Confidence, 3),
            ["candidates"] = p.Candidates.Select(c => c.Text).ToArray(),
            ["quad"] = p.Quad.Points.Select(q => new[] { Math.Round(q.X, 1), Math.Round(q.Y, 1) }).ToArray(),
            ["country"] = p.Country,
            ["format"] = p.Format,
            ["explanation"] = p.Explanation,
            ["char_confidences"] = p.CharConfidences.Select(c => Math.Round(c, 3)).ToArray(),
            ["raw"] = p.RawText,
            ["read_by"] = p.ReadBy,
            ["plate_probability"] = p.PlateProbability is { } pp ? Math.Round(pp, 4) : null,
            ["other_reader"] = p.OtherReader,
            ["band"] = p.Band,
        }).ToArray();
        var line = new Dictionary<string, object?>
        {
            ["file"] = Path.GetFileName(file),
            ["ms"] = Math.Round(ms, 1),
            ["error"] = error,
            ["plates"] = plates,
        };
        if (result is not null)
        {
            line["timings"] = new Dictionary<string, double>
            {
                ["decode"] = Math.Round(result.Timings.DecodeMs, 1),
                ["detect"] = Math.Round(result.Timings.DetectMs, 1),
                ["read"] = Math.Round(result.Timings.ReadMs, 1),
            };
        }
        return JsonSerializer.Serialize(line);
    }

    /// <summary>Writes every region's rectified and binarized crop, named after the image and the region's fate.</summary>
    private static void SaveCrops(string dir, string file, RecognitionResult result)
    {
        Directory.CreateDirectory(dir);
        var stem = Path.GetFileNameWithoutExtension(file);
        for (var i = 0; i < result.Trace.Count; i++)
        {
            var t = result.Trace[i];
            var tag = $"{stem}.{i}.{(t.Kept ? "kept" : "dropped")}.{new string(t.RawText.Where(char.IsLetterOrDigit).ToArray())}";
            if (t.RectifiedPng is { } r) File.WriteAllBytes(Path.Combine(dir, tag + ".png"), r);
            if (t.BinarizedPng is { } b) File.WriteAllBytes(Path.Combine(dir, tag + ".bin.png"), b);
        }
    }

    /// <summary>What became of each region the detector found, as the web app's "Why this result?" tells it.</summary>
    public static IEnumerable<string> WhyLines(RecognitionResult result) =>
        result.Trace.Select((t, i) => string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"  region {i + 1} ({t.CharCount} characters, detection {t.DetectionScore:0.00}): {(t.Kept ? "kept" : "dropped")}, {t.Reason}"));

    private static string HumanLine(string file, RecognitionResult? result, string? error, double ms)
    {
        var name = Path.GetFileName(file);
        if (error is not null) return $"{name}: error: {error}";
        if (result!.Plates.Count == 0) return $"{name}: no plate found ({ms:0} ms)";
        var plates = result.Plates.Select(p =>
            $"{p.DisplayText} ({p.Confidence:P0}{(p.Country is null ? "" : ", " + p.Country)}){(p.Explanation is null ? "" : " — " + p.Explanation)}");
        return $"{name}: {string.Join("; ", plates)} ({ms:0} ms)";
    }
}
