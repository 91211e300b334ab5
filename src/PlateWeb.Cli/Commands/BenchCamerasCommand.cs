using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using PlateWeb.Recognition.Pipeline;
using PlateWeb.Recognition.Synthesis;
using PlateWeb.Recognition.Video;
using static PlateWeb.Cli.CliOptions;

namespace PlateWeb.Cli.Commands;

/// <summary>
/// `platectl bench-cameras [--vehicles N] [--plate-width PX] [--noise SIGMA] [--blur SIGMA] [--fps F]`: rendered lane
/// videos (10 fps) run through what a camera worker does on one thread (motion gate, recognition, tracking), and
/// the figures: frames analysed per second on one core, cameras a 2-core machine sustains, accuracy per single
/// frame against accuracy per voted pass.
/// </summary>
public static class BenchCamerasCommand
{
    private static readonly Option<int> Vehicles = Int("--vehicles", "Vehicles in the video.", 20);
    private static readonly Option<double> PlateWidth = Number("--plate-width", "PX", "Plate width in pixels.", 170);
    private static readonly Option<double> Noise = Number("--noise", "S", "Noise sigma.", 9);
    private static readonly Option<double> Blur = Number("--blur", "S", "Blur sigma.", 1.3);
    private static readonly Option<double> Fps = Number("--fps", "F", "Frames analysed per second.", 5);

    public static CliVerb Verb { get; } = new("Camera figures: frames/s on one core, cameras per 2 cores, accuracy per frame and per pass.",
        [.. Engine(), Vehicles, PlateWidth, Noise, Blur, Fps]);

    private static readonly string[] Letters = ["AB", "GH", "LM", "QR", "TV", "XZ", "CD", "EF", "JK", "NP"];

    public static Task<int> RunAsync(CliContext ctx)
    {
        var count = Math.Max(1, ctx.Parse.GetValue(Vehicles));
        var spec = new LaneVideoSpec(
            PlateWidth: (float)ctx.Parse.GetValue(PlateWidth),
            NoiseSigma: (float)ctx.Parse.GetValue(Noise),
            BlurSigma: (float)ctx.Parse.GetValue(Blur),
            GapFrames: 10);
        var fps = ctx.Parse.GetValue(Fps);
        var rng = new Random(17);
        var vehicles = Enumerable.Range(0, count).Select(i =>
        {
            var text = $"{Letters[rng.Next(Letters.Length)]}-{rng.Next(100, 1000)}-{Letters[rng.Next(Letters.Length)]}";
            // One vehicle in five stops in view for 3 s: it must still make one pass.
            return new LaneVehicle(new SyntheticPlate(text, PlateStyle.Eu), CrossFrames: 24, StopFrames: i % 5 == 4 ? 30 : 0);
        }).ToList();

        var loggers = ctx.Loggers;
        using var recognizer = new PlateRecognizer(ctx.RecognitionOptions(), loggers.CreateLogger<PlateRecognizer>());
        using var oneThread = OpenCvThreads.Limit(1);
        using var gate = new MotionGate(RegionOfInterest.Whole);
        using var tracker = new PassTracker(new PassTrackerSettings(), recognizer.Grammar, "FR");
        var options = new RecognizeOptions(CountryHint: "FR", SecondLook: false);
        var step = Math.Max(1, (int)Math.Round(spec.Fps / fps));
        var at = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        int index = 0, kept = 0, analysed = 0, still = 0, framesWithPlate = 0, framesRight = 0;
        double readMs = 0, gateMs = 0;
        var passes = new List<string>();
        var sw = new Stopwatch();
        Console.WriteLine($"{count} vehicles, plate {spec.PlateWidth} px wide in {spec.Width}×{spec.Height}, noise σ {spec.NoiseSigma}, blur σ {spec.BlurSigma}, video {spec.Fps} fps analysed at {fps} fps, 1 thread");
        foreach (var frame in LaneVideo.Frames(vehicles, spec))
        {
            using (frame)
            {
                var now = at.AddSeconds(index / spec.Fps);
                if (index++ % step != 0) continue;
                kept++;
                sw.Restart();
                var moving = gate.HasMotion(frame.Image);
                gateMs += sw.Elapsed.TotalMilliseconds;
                if (!moving)
                {
                    still++;
                    foreach (var p in tracker.Unchanged(now)) using (p) passes.Add(p.Voted.Text);
                    continue;
                }
                sw.Restart();
                var reads = recognizer.Recognize(frame.Image, options).Plates;
                readMs += sw.Elapsed.TotalMilliseconds;
                analysed++;
                if (frame.Truth is { } truth)
                {
                    framesWithPlate++;
                    if (reads.Any(r => r.Text == truth)) framesRight++;
                }
                foreach (var p in tracker.Observe(now, frame.Image, reads)) using (p) passes.Add(p.Voted.Text);
            }
        }
        foreach (var p in tracker.Flush()) using (p) passes.Add(p.Voted.Text);

        var truths = vehicles.Select(v => PlateWeb.Recognition.Grammar.PlateGrammar.Normalize(v.Plate.Text)).ToList();
        var right = truths.Count(t => passes.Contains(t));
        var perFrameMs = (readMs + gateMs) / kept;
        var analysedPerSecond = 1000 * analysed / (readMs + gateMs);
        var motionShare = analysed / (double)kept;
        Console.WriteLine($"frames taken {kept}, analysed {analysed} (moving), skipped as still {still}");
        Console.WriteLine($"recognition {readMs / Math.Max(1, analysed):0.0} ms per analysed frame, motion gate {gateMs / kept:0.00} ms per frame");
        Console.WriteLine($"frames analysed per second on one core: {analysedPerSecond:0.0}");
        Console.WriteLine($"{fps}-fps cameras per core at this traffic ({motionShare:P0} of frames moving): {1000 / (perFrameMs * fps):0.0}; all frames moving: {analysedPerSecond / fps:0.0}");
        Console.WriteLine($"2 cores: {2 * 1000 / (perFrameMs * fps):0.0} cameras at this traffic, {2 * analysedPerSecond / fps:0.0} with every frame moving");
        Console.WriteLine($"accuracy per single frame: {framesRight}/{framesWithPlate} = {framesRight / (double)Math.Max(1, framesWithPlate):P1}");
        Console.WriteLine($"accuracy per pass: {right}/{truths.Count} = {right / (double)truths.Count:P1}; passes {passes.Count} for {truths.Count} vehicles ({passes.Count - truths.Count:+0;-0;0} extra)");
        return Task.FromResult(0);
    }
}
