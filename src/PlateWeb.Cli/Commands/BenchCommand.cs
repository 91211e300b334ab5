using System.CommandLine;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using PlateWeb.Recognition.Pipeline;
using PlateWeb.Recognition.Synthesis;
using static PlateWeb.Cli.CliOptions;

namespace PlateWeb.Cli.Commands;

/// <summary>`platectl bench [DIR] [--seconds N]`: images per second with one thread, then with all cores.</summary>
public static class BenchCommand
{
    private static readonly Option<int> Seconds = Int("--seconds", "How long each run lasts.", 10);

    public static CliVerb Verb { get; } = new("Images per second, one thread and all cores.", [.. Engine(), Seconds]);

    public static Task<int> RunAsync(CliContext ctx)
    {
        var images = LoadImages(ctx);
        if (images.Count == 0)
        {
            Console.Error.WriteLine("platectl bench: no images to run.");
            return Task.FromResult(1);
        }
        var seconds = Math.Max(1, ctx.Parse.GetValue(Seconds));
        var loggers = ctx.Loggers;
        var options = ctx.RecognitionOptions();
        using var recognizer = new PlateRecognizer(options, loggers.CreateLogger<PlateRecognizer>());
        Console.WriteLine($"{images.Count} image(s), {seconds} s per run, OCR model {recognizer.Tessdata.Language}, plate reader {(recognizer.ReaderModelPath is { } pr ? Path.GetFileName(pr) : "none")}, {Environment.ProcessorCount} cores");

        // Warm-up: the first call loads Tesseract's model and JIT-compiles the pipeline.
        recognizer.Recognize(images[0]);
        // One image per thread: OpenCV's own loops would otherwise compete for the same cores.
        using var oneThread = OpenCvThreads.Limit(1);
        foreach (var threads in new[] { 1, Environment.ProcessorCount }.Distinct())
        {
            var done = 0;
            var sw = Stopwatch.StartNew();
            var deadline = TimeSpan.FromSeconds(seconds);
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, worker =>
            {
                for (var i = worker; sw.Elapsed < deadline; i += threads)
                {
                    recognizer.Recognize(images[i % images.Count]);
                    Interlocked.Increment(ref done);
                }
            });
            var rate = done / sw.Elapsed.TotalSeconds;
            Console.WriteLine($"{threads,2} thread(s): {rate,7:0.0} images/s  ({1000 / rate * threads:0.0} ms per image per thread, {done} images)");
        }
        return Task.FromResult(0);
    }

    private static List<byte[]> LoadImages(CliContext ctx)
    {
        if (ctx.Positional.Count > 0)
        {
            return ImageFiles.Expand(ctx.Positional).Take(200).Select(File.ReadAllBytes).ToList();
        }
        var list = new List<byte[]>();
        foreach (var (name, spec) in PlateRenderer.Samples())
        {
            using var scene = PlateRenderer.RenderScene(spec with { Width = 1920, Height = 1080 });
            list.Add(scene.Encode(".jpg"));
        }
        return list;
    }
}
