using System.Collections.Concurrent;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using PlateWeb.Recognition.Synthesis;
using static PlateWeb.Cli.CliOptions;

namespace PlateWeb.Cli.Commands;

/// <summary>
/// `platectl load --url URL --key KEY [--clients 32] [--seconds 120] [--distinct 64]`: many API
/// clients posting 1080p plate photos at once, then every 200 answer checked (its read and its image
/// can be fetched back). Prints the figures; the exit code is 1 when a request failed with anything
/// but a deliberate 429, or a stored image cannot be fetched back.
/// </summary>
public static class LoadCommand
{
    private static readonly Option<string> Url = Text("--url", "URL", "The app's address.");
    private static readonly Option<string> Key = Text("--key", "KEY", "An API key with the upload scope.");
    private static readonly Option<int> Clients = Int("--clients", "Clients at once.", 32);
    private static readonly Option<int> Seconds = Int("--seconds", "How long the test lasts.", 120);
    private static readonly Option<int> Distinct = Int("--distinct", "Distinct photos.", 64);

    public static CliVerb Verb { get; } = new("API load test with 1080p photos.", [Url, Key, Clients, Seconds, Distinct]);

    public static async Task<int> RunAsync(CliContext ctx)
    {
        if (ctx.Parse.GetValue(Url) is not { } url || ctx.Parse.GetValue(Key) is not { } key)
        {
            Console.Error.WriteLine("platectl load: usage: platectl load --url http://127.0.0.1:5080 --key KEY [--clients 32] [--seconds 120]");
            return 2;
        }
        var clients = ctx.Parse.GetValue(Clients);
        var seconds = ctx.Parse.GetValue(Seconds);
        var photos = RenderPhotos(ctx.Parse.GetValue(Distinct));
        // A run of its own: without it a second run would send the first run's bytes again, which the
        // app answers from its duplicate check instead of reading them.
        var run = Guid.NewGuid().ToString("N")[..12];
        Console.Error.WriteLine($"load: {clients} clients for {seconds} s against {url}, {photos.Count} distinct 1920×1080 JPEG photos, each sent with a comment unique to this run ({run}): no two uploads are the same bytes");

        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(5) };
        http.DefaultRequestHeaders.Add("X-Api-Key", key);
        var statuses = new ConcurrentDictionary<int, int>();
        var samples = new ConcurrentBag<LoadSample>();
        var stored = new ConcurrentBag<(long ImageId, long[] ReadIds)>();
        var errors = new ConcurrentBag<string>();
        var sequence = 0;
        var stopAt = Stopwatch.StartNew();
        var deadline = TimeSpan.FromSeconds(seconds);

        await Task.WhenAll(Enumerable.Range(0, clients).Select(async client =>
        {
            while (stopAt.Elapsed < deadline)
            {
                var n = Interlocked.Increment(ref sequence);
                var bytes = WithComment(photos[n % photos.Count], UploadComment(run, n));
                var clock = Stopwatch.StartNew();
                try
                {
                    using var form = new MultipartFormDataContent();
                    var file = new ByteArrayContent(bytes);
                    file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
                    form.Add(file, "image", $"load-{n}.jpg");
                    using var response = await http.PostAsync(new Uri("/api/reads", UriKind.Relative), form);
                    var body = await response.Content.ReadAsStringAsync();
                    samples.Add(new LoadSample((int)response.StatusCode, clock.Elapsed.TotalMilliseconds));
                    statuses.AddOrUpdate((int)response.StatusCode, 1, (_, c) => c + 1);
                    if (response.IsSuccessStatusCode)
                    {
                        using var json = JsonDocument.Parse(body);
                        stored.Add((json.RootElement.GetProperty("image_id").GetInt64(),
                            json.RootElement.GetProperty("plates").EnumerateArray().Select(p => p.GetProperty("id").GetInt64()).ToArray()));
                    }
                    else if ((int)response.StatusCode == 429)
                    {
                        await Task.Delay(200);
                    }
                    else
                    {
                        errors.Add($"{(int)response.StatusCode}: {body[..Math.Min(200, body.Length)]}");
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    statuses.AddOrUpdate(0, 1, (_, c) => c + 1);
                    errors.Add(ex.GetType().Name + ": " + ex.Message);
                }
            }
        }));
        var elapsed = stopAt.Elapsed.TotalSeconds;

        var figures = LoadFigures.From(samples, elapsed);
        Console.WriteLine($"requests: {figures.Requests} in {elapsed:0} s; stored (200): {figures.Stored} ({figures.StoredPerSecond:0.0}/s)");
        foreach (var (status, count) in statuses.OrderBy(s => s.Key))
        {
            Console.WriteLine($"  {(status == 0 ? "no answer" : status.ToString(CultureInfo.InvariantCulture))}: {count}");
        }
        if (figures.Stored > 0)
        {
            // Of the uploads that were read and stored: a quick 429 says "come back later", not "done".
            Console.WriteLine($"latency ms of stored uploads: p50 {figures.P50:0}, p95 {figures.P95:0}, max {figures.Max:0}");
        }
        foreach (var e in errors.Take(10)) Console.WriteLine("  error " + e);

        var missing = 0;
        using var verify = new SemaphoreSlim(8);
        await Task.WhenAll(stored.Select(async s =>
        {
            await verify.WaitAsync();
            try
            {
                using var image = await http.GetAsync(new Uri($"/api/images/{s.ImageId}", UriKind.Relative));
                var ok = image.IsSuccessStatusCode;
                foreach (var id in s.ReadIds)
                {
                    using var read = await http.GetAsync(new Uri($"/api/reads/{id}", UriKind.Relative));
                    ok &= read.IsSuccessStatusCode;
                }
                if (!ok) Interlocked.Increment(ref missing);
            }
            catch (HttpRequestException)
            {
                // The server is gone (the crash test kills it): what was stored is checked on disk instead.
                Interlocked.Increment(ref missing);
            }
            finally
            {
                verify.Release();
            }
        }));
        Console.WriteLine($"200 answers checked: {stored.Count}, with a missing image or read: {missing}");
        return errors.IsEmpty && missing == 0 ? 0 : 1;
    }

    internal static List<byte[]> RenderPhotos(int count)
    {
        var styles = new[] { (PlateStyle.Eu, "AB-{0:000}-CD"), (PlateStyle.Eu, "GH-{0:000}-KL") };
        var photos = new List<byte[]>();
        for (var i = 0; i < count; i++)
        {
            var (style, pattern) = styles[i % styles.Length];
            var spec = new SceneSpec(1920, 1080,
                [new ScenePlacement(new SyntheticPlate(string.Format(CultureInfo.InvariantCulture, pattern, 100 + i), style), 700 + (i * 37 % 500), 600 + (i * 53 % 300), 420, RotationDeg: (i % 7) - 3)],
                NoiseSigma: 4, Seed: i + 1);
            using var scene = PlateRenderer.RenderScene(spec);
            photos.Add(scene.Encode(".jpg"));
        }
        return photos;
    }

    /// <summary>The JPEG with a COM segment after SOI: still a valid picture, but other bytes (a new upload, not a duplicate).</summary>
    private static byte[] WithComment(byte[] jpeg, string comment)
    {
        var text = System.Text.Encoding.ASCII.GetBytes(comment);
        var length = text.Length + 2;
        var result = new byte[jpeg.Length + 4 + text.Length];
        result[0] = 0xFF;
        result[1] = 0xD8;
        result[2] = 0xFF;
        result[3] = 0xFE;
        result[4] = (byte)(length >> 8);
        result[5] = (byte)length;
        text.CopyTo(result, 6);
        jpeg.AsSpan(2).CopyTo(result.AsSpan(6 + text.Length));
        return result;
    }

    /// <summary>The JPEG comment of upload <paramref name="n"/> of run <paramref name="run"/>.</summary>
    public static string UploadComment(string run, int n) => $"plateweb load {run} {n}";

    /// <summary>The comment-carrying upload, as the load sends it.</summary>
    public static byte[] UploadBytes(byte[] jpeg, string run, int n) => WithComment(jpeg, UploadComment(run, n));
}

/// <summary>One answered request: its status and time.</summary>
public readonly record struct LoadSample(int Status, double Milliseconds);

/// <summary>What `platectl load` prints: latencies of the stored (200) uploads only.</summary>
public sealed record LoadFigures(int Requests, int Stored, double StoredPerSecond, double P50, double P95, double Max)
{
    public static LoadFigures From(IEnumerable<LoadSample> samples, double seconds)
    {
        var all = samples.ToList();
        var ok = all.Where(s => s.Status is >= 200 and < 300).Select(s => s.Milliseconds).Order().ToArray();
        return ok.Length == 0
            ? new LoadFigures(all.Count, 0, 0, 0, 0, 0)
            : new LoadFigures(all.Count, ok.Length, ok.Length / Math.Max(seconds, 1e-9), Percentile(ok, 0.5), Percentile(ok, 0.95), ok[^1]);
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
