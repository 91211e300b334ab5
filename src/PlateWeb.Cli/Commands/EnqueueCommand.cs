using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PlateWeb.Data;
using PlateWeb.Jobs;

namespace PlateWeb.Cli.Commands;

/// <summary>
/// `platectl enqueue [--data DIR] [--rabbitmq URI] [--wait] PATH... | --rendered N`: images become RabbitMQ jobs as web
/// uploads do (spool first, then a confirmed message), for `platectl worker` processes to read. With --wait it waits
/// for every reply and prints the throughput and the latencies: the figures of docs/PERFORMANCE.md with 1, 2 and 4
/// workers; with --serial it sends one job at a time, for the latency of a queue without a backlog.
/// </summary>
public static class EnqueueCommand
{
    public static async Task<int> RunAsync(CliContext ctx)
    {
        var rendered = ctx.IntValue("--rendered", 0);
        var files = ImageFiles.Expand(ctx.Positional).ToList();
        if (files.Count == 0 && rendered <= 0)
        {
            Console.Error.WriteLine("platectl enqueue: give image files or folders, or --rendered N.");
            return 2;
        }
        var builder = QueueHost.CreateBuilder(ctx);
        builder.Logging.SetMinimumLevel(ctx.Has("--verbose") ? LogLevel.Debug : LogLevel.Warning);
        var replies = new ReplyCounter();
        builder.Services.AddOptions<DataOptions>().BindConfiguration(DataOptions.Section).PostConfigure(o =>
        {
            if (Environment.GetEnvironmentVariable(DataOptions.EnvironmentVariable) is { Length: > 0 } fromEnvironment) o.DataDirectory = fromEnvironment;
            o.DataDirectory = Path.GetFullPath(Path.Combine(builder.Environment.ContentRootPath, o.DataDirectory));
        });
        builder.Services.AddJobQueue();
        builder.Services.AddSingleton<IJobReplyHandler>(replies);
        using var host = builder.Build();
        JobClient client;
        JobSpool spool;
        try
        {
            client = host.Services.GetRequiredService<JobClient>();
            spool = host.Services.GetRequiredService<JobSpool>();
            _ = host.Services.GetRequiredService<IOptions<QueueOptions>>().Value;
        }
        catch (OptionsValidationException ex)
        {
            Console.Error.WriteLine($"platectl enqueue: {string.Join("; ", ex.Failures)}");
            return 2;
        }

        var images = rendered > 0
            ? LoadCommand.RenderPhotos(rendered).Select((bytes, i) => ($"rendered-{i}.jpg", bytes)).ToList()
            : files.Select(f => (Path.GetFileName(f), File.ReadAllBytes(f))).ToList();
        var serial = ctx.Has("--serial");
        var patience = TimeSpan.FromSeconds(host.Services.GetRequiredService<IOptions<QueueOptions>>().Value.RabbitMq.ResultTimeoutSeconds);
        var clock = Stopwatch.StartNew();
        var jobs = new List<Guid>();
        foreach (var (name, bytes) in images)
        {
            var sha = await spool.WriteAsync(bytes, CancellationToken.None);
            var job = new JobMessage(Guid.NewGuid(), sha, name, DateTimeOffset.UtcNow);
            replies.Published(job.JobId);
            await client.PublishAsync(job, CancellationToken.None);
            jobs.Add(job.JobId);
            if (serial && !await replies.WaitForAsync(jobs.Count, patience))
            {
                Console.Error.WriteLine($"platectl enqueue: no reply after {patience.TotalSeconds:0} s (is a worker running?).");
                return 1;
            }
        }
        var published = clock.Elapsed;
        Console.Error.WriteLine($"platectl enqueue: {jobs.Count} jobs published and confirmed in {published.TotalSeconds:0.0} s");
        if (!ctx.Has("--wait") && !serial) return 0;

        if (!await replies.WaitForAsync(jobs.Count, patience))
        {
            Console.Error.WriteLine($"platectl enqueue: {jobs.Count - replies.Count} jobs without a reply after {patience.TotalSeconds:0} s (is a worker running?).");
            return 1;
        }
        var elapsed = clock.Elapsed;
        Console.WriteLine($"{jobs.Count} jobs in {elapsed.TotalSeconds:0.0} s: {jobs.Count / elapsed.TotalSeconds:0.00} images/s ("
            + string.Join(", ", replies.Outcomes.OrderBy(o => o.Key).Select(o => $"{o.Value} {o.Key}")) + ")");
        Console.WriteLine(replies.Latencies());
        return replies.Outcomes.ContainsKey(JobOutcome.Failed) ? 1 : 0;
    }

    /// <summary>The replies heard, and per job the milliseconds from publishing to the reply, in the queue and at work.</summary>
    public sealed class ReplyCounter : IJobReplyHandler
    {
        private readonly ConcurrentDictionary<Guid, long> _publishedAt = new();
        private readonly ConcurrentDictionary<Guid, (JobOutcome Outcome, double RoundTripMs, double? QueuedMs, double? WorkMs)> _replies = new();

        public int Count => _replies.Count;

        public IReadOnlyDictionary<JobOutcome, int> Outcomes => _replies.Values.GroupBy(o => o.Outcome).ToDictionary(g => g.Key, g => g.Count());

        public void Published(Guid jobId) => _publishedAt[jobId] = Stopwatch.GetTimestamp();

        public Task HandleAsync(JobReply reply, CancellationToken ct)
        {
            var roundTrip = _publishedAt.TryGetValue(reply.JobId, out var start) ? Stopwatch.GetElapsedTime(start).TotalMilliseconds : double.NaN;
            _replies.TryAdd(reply.JobId, (reply.Outcome, roundTrip, reply.QueuedMs, reply.WorkMs));
            return Task.CompletedTask;
        }

        /// <summary>Whether <paramref name="count"/> replies came within <paramref name="patience"/>. Polls: the round trip
        /// is timed when each reply arrives (<see cref="HandleAsync"/>), so the poll's step only delays the next publish.</summary>
        public async Task<bool> WaitForAsync(int count, TimeSpan patience)
        {
            var clock = Stopwatch.StartNew();
            while (Count < count)
            {
                if (clock.Elapsed > patience) return false;
                await Task.Delay(2);
            }
            return true;
        }

        /// <summary>"round trip p50 … p95 …; in the queue …; at the worker …" (ms); a worker too old to say leaves its part out.</summary>
        public string Latencies()
        {
            static string Pair(IEnumerable<double> values)
            {
                var sorted = values.Where(v => !double.IsNaN(v)).Order().ToArray();
                return sorted.Length == 0
                    ? "-"
                    : FormattableString.Invariant($"p50 {Percentile(sorted, 0.50):0.0} ms, p95 {Percentile(sorted, 0.95):0.0} ms");
            }
            var all = _replies.Values.ToList();
            var parts = new List<string> { $"round trip {Pair(all.Select(r => r.RoundTripMs))}" };
            if (all.Any(r => r.QueuedMs is not null)) parts.Add($"in the queue {Pair(all.Where(r => r.QueuedMs is not null).Select(r => r.QueuedMs!.Value))}");
            if (all.Any(r => r.WorkMs is not null)) parts.Add($"at the worker {Pair(all.Where(r => r.WorkMs is not null).Select(r => r.WorkMs!.Value))}");
            return string.Join("; ", parts);
        }

        /// <summary>Nearest-rank percentile of sorted values.</summary>
        public static double Percentile(double[] sorted, double share) =>
            sorted[Math.Clamp((int)Math.Ceiling(share * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}
