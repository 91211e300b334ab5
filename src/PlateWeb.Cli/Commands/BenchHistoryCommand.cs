using System.CommandLine;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Npgsql;
using PlateWeb.Data;
using PlateWeb.Data.Storage;
using PlateWeb.Jobs.UseCases;
using PlateWeb.Recognition.Pipeline;
using PlateWeb.Recognition.Synthesis;
using static PlateWeb.Cli.CliOptions;

namespace PlateWeb.Cli.Commands;

/// <summary>
/// `platectl bench-history [--reads N] [--runs N] [--uploads N] [--keep] [--provider sqlite|postgres --connection CONN]`:
/// seeds N reads (100 000 by default) into a temporary database and times the History page's own queries (p50, p95),
/// then times generated 1080p photos from bytes to stored reads through the upload path (ImageIngest). The database is
/// a temporary SQLite file, or with --provider postgres a new database on the server CONN names (its user needs
/// CREATEDB), dropped afterwards unless --keep.
/// </summary>
public static class BenchHistoryCommand
{
    private static readonly Option<int> Reads = Int("--reads", "Seeded reads (at least 1000).", 100_000);
    private static readonly Option<int> Runs = Int("--runs", "Runs per query (at least 5).", 40);
    private static readonly Option<int> Uploads = Int("--uploads", "Uploads timed.", 5);
    private static readonly Option<string> Provider = Text("--provider", "sqlite|postgres", "The database.", "sqlite");
    private static readonly Option<string> Connection = Text("--connection", "CONN", "The PostgreSQL server (with --provider postgres).");
    private static readonly Option<bool> Keep = Switch("--keep", "Keep the temporary database.");

    public static CliVerb Verb { get; } = new("Time the History page's queries and uploads in a temporary database.", [Reads, Runs, Uploads, Provider, Connection, Keep]);

    // Confusable twins, as the search forgives them (PlateGrammar.Skeleton).
    private static readonly Dictionary<char, char> Twins = new()
    {
        ['G'] = '6',
        ['6'] = 'G',
        ['B'] = '8',
        ['8'] = 'B',
        ['S'] = '5',
        ['5'] = 'S',
        ['D'] = '0',
        ['0'] = 'O',
        ['Z'] = '2',
        ['2'] = 'Z',
        ['1'] = 'I',
        ['L'] = '1',
    };

    public static async Task<int> RunAsync(CliContext ctx)
    {
        var reads = Math.Max(1000, ctx.Parse.GetValue(Reads));
        var runs = Math.Max(5, ctx.Parse.GetValue(Runs));
        var uploads = Math.Max(0, ctx.Parse.GetValue(Uploads));
        var ct = CancellationToken.None;
        var provider = ctx.Parse.GetValue(Provider)!;
        if (provider is not ("sqlite" or "postgres"))
        {
            Console.Error.WriteLine($"platectl: --provider is sqlite or postgres, not {provider}.");
            return 2;
        }
        var postgres = provider == "postgres";
        if (postgres && string.IsNullOrWhiteSpace(ctx.Parse.GetValue(Connection)))
        {
            Console.Error.WriteLine("platectl: --provider postgres needs --connection \"Host=…;Username=…;Database=…\" (a server where the user may create a database).");
            return 2;
        }
        var loggers = ctx.Loggers;
        var folder = Directory.CreateTempSubdirectory("plateweb-bench-history-").FullName;
        var options = new DataOptions { DataDirectory = folder };
        string? benchDatabase = null;
        try
        {
            if (postgres)
            {
                var server = new NpgsqlConnectionStringBuilder(ctx.Parse.GetValue(Connection));
                benchDatabase = "plateweb_bench_" + Guid.NewGuid().ToString("N")[..12];
                await using (var admin = new NpgsqlConnection(server.ConnectionString))
                {
                    await admin.OpenAsync(ct);
                    Console.WriteLine($"{Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}, PostgreSQL {admin.PostgreSqlVersion}");
                    await using var create = new NpgsqlCommand($"CREATE DATABASE \"{benchDatabase}\"", admin);
                    await create.ExecuteNonQueryAsync(ct);
                }
                options.Provider = DatabaseProvider.Postgres;
                options.ConnectionString = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = benchDatabase }.ConnectionString;
            }
            else
            {
                Console.WriteLine($"{Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}, SQLite {SqliteVersion()}");
            }
            var data = await StandaloneData.OpenAsync(options, loggers, ct);
            var seeding = Stopwatch.StartNew();
            var samples = postgres
                ? await BenchHistorySeeder.SeedPostgresAsync(options.ConnectionString!, reads, seed: 42, ct)
                : await BenchHistorySeeder.SeedAsync(options.DatabasePath, reads, seed: 42, ct);
            Console.WriteLine($"seeded {reads:N0} reads ({(reads + 1) / 2:N0} images) in {seeding.Elapsed.TotalSeconds:0.0} s; {runs} runs per query after 3 warm-up runs");
            Console.WriteLine();

            var found = await QueryTimingsAsync(data.Queries, samples, runs, ct);
            Console.WriteLine();
            Console.WriteLine($"tolerant search found the seeded plate {found.Hits} times out of {found.Tries} (a twin swapped, or one character missing)");

            if (uploads > 0)
            {
                Console.WriteLine();
                using var recognizer = new PlateRecognizer(ctx.RecognitionOptions(), loggers.CreateLogger<PlateRecognizer>());
                await UploadTimingsAsync(new ImageIngest(recognizer, data.Store), recognizer, uploads, ct);
            }
            return 0;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            NpgsqlConnection.ClearAllPools();
            if (ctx.Parse.GetValue(Keep))
            {
                Console.WriteLine(benchDatabase is null ? $"database kept in {folder}" : $"database {benchDatabase} kept (images in {folder})");
            }
            else
            {
                if (benchDatabase is not null) await DropAsync(ctx.Parse.GetValue(Connection)!, benchDatabase);
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static async Task DropAsync(string connection, string database)
    {
        await using var admin = new NpgsqlConnection(connection);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }

    private static async Task<(int Hits, int Tries)> QueryTimingsAsync(ReadQueries queries, IReadOnlyList<SeededPlate> samples, int runs, CancellationToken ct)
    {
        var swapped = samples.Select(s => (s.ReadId, Query: SwapOneTwin(s.Text))).ToList();
        var shortened = samples.Select(s => (s.ReadId, Query: DropMiddle(s.Text))).ToList();
        var country = samples.Count > 0 ? "FR" : null;
        var from = DateTime.UtcNow.AddDays(-90);
        var to = DateTime.UtcNow.AddDays(-30);
        int hits = 0, tries = 0, i = 0;

        async Task Check(long readId, string query)
        {
            var page = await queries.SearchAsync(new ReadQuery(query, Take: 500), ct);
            tries++;
            if (page.Items.Any(r => r.Id == readId)) hits++;
        }
        foreach (var (id, query) in swapped.Concat(shortened)) await Check(id, query);

        var cases = new (string Name, Func<Task> Run)[]
        {
            ("first page, newest first (+ total)", () => queries.SearchAsync(new ReadQuery(), ct)),
            ("page 41, sorted by plate", () => queries.SearchAsync(new ReadQuery(Skip: 1000, Sort: ReadSort.Text, Descending: false), ct)),
            ("search 7 chars, a twin swapped", () => queries.SearchAsync(new ReadQuery(swapped[i++ % swapped.Count].Query), ct)),
            ("search 6 chars, one missing", () => queries.SearchAsync(new ReadQuery(shortened[i++ % shortened.Count].Query), ct)),
            ("search 3 chars (\"A8C\")", () => queries.SearchAsync(new ReadQuery("A8C"), ct)),
            ("country + 60 days + confidence >= 80 %", () => queries.SearchAsync(new ReadQuery(Country: country, MinConfidence: 0.8f, From: from, To: to), ct)),
            ("chart stats, all reads", () => queries.StatsAsync(new ReadQuery(), days: 30, top: 10, TimeZoneInfo.Utc, ct)),
            ("chart stats, country + dates", () => queries.StatsAsync(new ReadQuery(Country: country, From: from, To: to), days: 30, top: 10, TimeZoneInfo.Utc, ct)),
            ("chart stats, twin-swapped search", () => queries.StatsAsync(new ReadQuery(swapped[i++ % swapped.Count].Query), days: 30, top: 10, TimeZoneInfo.Utc, ct)),
            ("countries for the filter", () => queries.CountriesAsync(ct)),
            ("History page load (countries + stats + page)", async () =>
            {
                await queries.CountriesAsync(ct);
                await queries.StatsAsync(new ReadQuery(), days: 30, top: 10, TimeZoneInfo.Utc, ct);
                await queries.SearchAsync(new ReadQuery(), ct);
            }),
        };

        Console.WriteLine($"{"history query",-46} {"p50",9} {"p95",9} {"max",9}");
        foreach (var (name, run) in cases)
        {
            for (var w = 0; w < 3; w++) await run();
            var times = new List<double>(runs);
            for (var r = 0; r < runs; r++)
            {
                var sw = Stopwatch.StartNew();
                await run();
                times.Add(sw.Elapsed.TotalMilliseconds);
            }
            Console.WriteLine($"{name,-46} {Percentile(times, 0.50),6:0.0} ms {Percentile(times, 0.95),6:0.0} ms {times.Max(),6:0.0} ms");
        }
        return (hits, tries);
    }

    private static async Task UploadTimingsAsync(ImageIngest ingest, PlateRecognizer recognizer, int uploads, CancellationToken ct)
    {
        var (name, spec) = PlateRenderer.Samples()[0];
        var totals = new List<double>();
        var recognition = new List<double>();
        var plates = 0;
        for (var u = -1; u < uploads; u++)
        {
            // A new scene each time (noise seed), so no upload is answered as "already stored".
            using var scene = PlateRenderer.RenderScene(spec with { Width = 1920, Height = 1080, Seed = 1000 + u });
            var jpeg = scene.Encode(".jpg");
            var sw = Stopwatch.StartNew();
            var result = await ingest.IngestAsync(jpeg, $"bench-{u}.jpg", onStage: null, ct);
            if (u < 0) continue; // warm-up: Tesseract's model load and JIT
            totals.Add(sw.Elapsed.TotalMilliseconds);
            recognition.Add(result.Timings?.TotalMs ?? 0);
            plates += result.Image.Reads.Count;
        }
        Console.WriteLine($"upload to stored result, 1920×1080 JPEG ({name}, {uploads} photos, OCR model {recognizer.Tessdata.Language}):");
        Console.WriteLine($"  total (hash, look-up, recognise, write file, insert rows)  p50 {Percentile(totals, 0.5):0} ms  p95 {Percentile(totals, 0.95):0} ms");
        Console.WriteLine($"  of which recognition                                       p50 {Percentile(recognition, 0.5):0} ms  p95 {Percentile(recognition, 0.95):0} ms");
        Console.WriteLine($"  {plates} plate reads stored");
    }

    /// <summary>The text with its first confusable character swapped for its twin (G→6, B→8…).</summary>
    public static string SwapOneTwin(string text)
    {
        var chars = PlateWeb.Recognition.Grammar.PlateGrammar.Normalize(text).ToCharArray();
        var at = Array.FindIndex(chars, Twins.ContainsKey);
        if (at >= 0) chars[at] = Twins[chars[at]];
        return new string(chars);
    }

    /// <summary>The text without its middle character.</summary>
    public static string DropMiddle(string text)
    {
        var normalized = PlateWeb.Recognition.Grammar.PlateGrammar.Normalize(text);
        return normalized.Remove(normalized.Length / 2, 1);
    }

    private static double Percentile(List<double> values, double p)
    {
        if (values.Count == 0) return 0;
        var sorted = values.Order().ToList();
        var rank = (int)Math.Ceiling(p * sorted.Count) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
    }

    private static string SqliteVersion()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        return connection.ServerVersion;
    }
}
