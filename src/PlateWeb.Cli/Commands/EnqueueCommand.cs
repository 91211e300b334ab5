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
/// for every reply and prints the throughput: the figure of docs/PERFORMANCE.md with 1 and 2 workers.
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
        var clock = Stopwatch.StartNew();
        var jobs = new List<Guid>();
        foreach (var (name, bytes) in images)
        {
            var sha = await spool.WriteAsync(bytes, CancellationToken.None);
            var job = new JobMessage(Guid.NewGuid(), sha, name, DateTimeOffset.UtcNow);
            await client.PublishAsync(job, CancellationToken.None);
            jobs.Add(job.JobId);
        }
        var published = clock.Elapsed;
        Console.Error.WriteLine($"platectl enqueue: {jobs.Count} jobs published and confirmed in {published.TotalSeconds:0.0} s");
        if (!ctx.Has("--wait")) return 0;

        var patience = TimeSpan.FromSeconds(host.Services.GetRequiredService<IOptions<QueueOptions>>().Value.RabbitMq.ResultTimeoutSeconds);
        while (replies.Count < jobs.Count)
        {
            if (clock.Elapsed - published > patience)
            {
                Console.Error.WriteLine($"platectl enqueue: {jobs.Count - replies.Count} jobs without a reply after {patience.TotalSeconds:0} s (is a worker running?).");
                return 1;
            }
            await Task.Delay(100);
        }
        var elapsed = clock.Elapsed;
        Console.WriteLine($"{jobs.Count} jobs in {elapsed.TotalSeconds:0.0} s: {jobs.Count / elapsed.TotalSeconds:0.00} images/s ("
            + string.Join(", ", replies.Outcomes.OrderBy(o => o.Key).Select(o => $"{o.Value} {o.Key}")) + ")");
        return replies.Outcomes.ContainsKey(JobOutcome.Failed) ? 1 : 0;
    }

    private sealed class ReplyCounter : IJobReplyHandler
    {
        private readonly ConcurrentDictionary<Guid, JobOutcome> _replies = new();

        public int Count => _replies.Count;

        public IReadOnlyDictionary<JobOutcome, int> Outcomes => _replies.Values.GroupBy(o => o).ToDictionary(g => g.Key, g => g.Count());

        public Task HandleAsync(JobReply reply, CancellationToken ct)
        {
            _replies.TryAdd(reply.JobId, reply.Outcome);
            return Task.CompletedTask;
        }
    }
}
