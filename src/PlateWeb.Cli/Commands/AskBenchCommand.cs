using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PlateWeb.Chat.Evaluation;
using PlateWeb.Chat.Grounding;
using PlateWeb.Data;
using PlateWeb.Recognition.Grammar;
using static PlateWeb.Cli.CliOptions;

namespace PlateWeb.Cli.Commands;

/// <summary>
/// `platectl ask-bench [--reads N] [--runs N]`: how long the grounding takes (question analysis and
/// every query, no model) on a temporary history of N generated reads (100 000 by default): the first
/// run of each question, then p50 and p95 of the next N runs (5 by default).
/// </summary>
public static class AskBenchCommand
{
    private static readonly Option<int> Reads = Int("--reads", "Generated reads.", 100_000);
    private static readonly Option<int> Runs = Int("--runs", "Runs per question.", 5);

    public static CliVerb Verb { get; } = new("Grounding time per question on generated reads (no model).", [Reads, Runs]);

    public static readonly string[] Questions =
    [
        "How many times did we see AB-123-CD?",
        "Combien de fois a-t-on vu AB1Z3CD depuis lundi ?",
        "When was AB-123-CD first seen?",
        "When was AB12CD seen?",
        "When was ZZ-999-ZZ seen?",
        "How many plates starting with AB?",
        "Quelles plaques commencent par AB ?",
        "Which countries last month?",
        "List the plates seen this week",
        "Combien de plaques allemandes ce mois-ci ?",
        "Which reads were corrected?",
        "Compare AB-123-CD and B-MW 1234",
        "Explain the format of AB-123-CD",
        "Which reads had a confidence below 60 %?",
        "Quelles plaques n'ont été vues qu'une seule fois ?",
        "Did AB-123-CD come on Tuesday?",
        "busiest day last week",
        "Combien de lectures la nuit ?",
        "Quelles sont les 3 plaques les plus vues ?",
        "How many different plates this month?",
        "Reads per hour yesterday",
        "How many reads of AB-1?3-CD?",
        "Combien de lectures de plaques contenant 123 ?",
        "Which plates end with 99?",
        "How many corrected plates this week?",
        "When does AB-123-CD usually arrive?",
        "Which plates were seen both yesterday and today?",
        "Nouvelles plaques cette semaine ?",
        "Which plates have not been seen since Monday?",
        "Quelles plaques n'ont pas été vues depuis lundi ?",
        "Was AB-123-CD seen both yesterday and today?",
        "New plates this week?",
        "À quelle heure arrive habituellement AB-123-CD ?",
        "How many reads at night this month?",
        "How many reads of AB-123-CD after 22:00?",
        "Combien de plaques allemandes entre 8h et 9h ?",
        "Which plates were seen between 8 and 9 last week?",
        "How many reads with confidence below 60 % in the evening?",
        "Quelles plaques ont été vues après 22h cette semaine ?",
    ];

    public static async Task<int> RunAsync(CliContext ctx)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        var count = ctx.Parse.GetValue(Reads);
        var runs = ctx.Parse.GetValue(Runs);
        if (count < 1 || runs < 1)
        {
            Console.Error.WriteLine("platectl ask-bench: --reads and --runs must be at least 1.");
            return 2;
        }
        var today = new DateOnly(2026, 11, 29);
        var clock = new FixedClock(DateTimeOffset.UnixEpoch, TimeZoneInfo.Local);
        clock.SetToday(today);
        var data = Directory.CreateTempSubdirectory("platectl-ask-bench-").FullName;
        try
        {
            using var host = await ChatHost.StartAsync(ctx, services =>
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton<TimeProvider>(clock);
            }, data, CancellationToken.None);
            var seeding = Stopwatch.StartNew();
            await HistorySeeder.SeedAsync(host.Services.GetRequiredService<IDbContextFactory<PlateDbContext>>(), Generate(count, today),
                clock.LocalTimeZone, host.Services.GetRequiredService<PlateGrammar>(), CancellationToken.None);
            Console.Error.WriteLine($"platectl ask-bench: {count} reads seeded in {seeding.Elapsed.TotalSeconds:0.0} s");

            var grounding = host.Services.GetRequiredService<IGroundingService>();
            var sb = new StringBuilder($"| question | facts | first ms | p50 ms of {runs} | p95 ms of {runs} |\n|---|---|---|---|---|\n");
            foreach (var question in Questions)
            {
                var times = new List<double>();
                var facts = 0;
                for (var i = 0; i <= runs; i++)
                {
                    var watch = Stopwatch.StartNew();
                    facts = (await grounding.GroundAsync(question, null, CancellationToken.None)).Facts.Count;
                    times.Add(watch.Elapsed.TotalMilliseconds);
                }
                var sorted = times.Skip(1).Order().ToList();
                sb.Append(CultureInfo.InvariantCulture, $"| {question} | {facts} | {times[0]:0.0} | {Percentile(sorted, 50):0.0} | {Percentile(sorted, 95):0.0} |\n");
            }
            Console.Out.Write(sb.ToString());
            return 0;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(data, recursive: true);
        }
    }

    /// <summary>Nearest-rank percentile of sorted times: the value at or below which <paramref name="p"/> % of the runs fall.</summary>
    private static double Percentile(List<double> sorted, int p) => sorted[Math.Max(0, (int)Math.Ceiling(p / 100.0 * sorted.Count) - 1)];

    /// <summary>
    /// Reads over the 330 days before <paramref name="today"/>, about every 5 minutes: French SIV plates from a
    /// pool of 5000 (so plates repeat), one in seven German, AB-123-CD every 50th, one in 997 corrected.
    /// </summary>
    private static IEnumerable<SeedRead> Generate(int count, DateOnly today)
    {
        var random = new Random(20261129);
        var letters = "ABCDEFGHJKLMNPQRSTVWXYZ";
        string L() => letters[random.Next(letters.Length)].ToString();
        var pool = Enumerable.Range(0, 5000).Select(_ => $"{L()}{L()}-{random.Next(100, 1000)}-{L()}{L()}").ToArray();
        var start = today.ToDateTime(TimeOnly.MinValue).AddDays(-330);
        var step = 330.0 * 24 * 60 / count;
        for (var i = 1; i <= count; i++)
        {
            var at = start.AddMinutes(i * step).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
            var confidence = Math.Round(0.4 + random.NextDouble() * 0.59, 2);
            if (i % 50 == 0) yield return new SeedRead(i, "AB-123-CD", "FR", "FR-SIV", confidence, at);
            else if (i % 7 == 0) yield return new SeedRead(i, $"B-{L()}{L()} {random.Next(1, 10000)}", "DE", "DE", confidence, at);
            else yield return new SeedRead(i, pool[random.Next(pool.Length)], "FR", "FR-SIV", confidence, at, i % 997 == 0 ? "XX-000-XX" : null);
        }
    }
}
