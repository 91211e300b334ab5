using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PlateWeb.Data.Storage;

namespace PlateWeb.Jobs;

/// <summary>
/// A web node's second way of learning that its jobs are done: replies travel on a queue that lives with the node's
/// connection, so those sent while the broker restarts are lost. Every few seconds the jobs published here and still
/// unanswered are looked up in the store by hash; one found stored is answered as its reply would have (the page shows
/// the result, the API call returns). A failure whose reply was lost is not found this way: after
/// Queue:RabbitMq:ResultTimeoutSeconds the API call fails, and the job is forgotten after an hour.
/// </summary>
public sealed partial class JobReplyPoller(
    JobClient client,
    PlateStore store,
    IOptions<QueueOptions> options,
    TimeProvider time,
    ILogger<JobReplyPoller> logger) : BackgroundService
{
    /// <summary>Replies normally come within this; looking up younger jobs would only load the database.</summary>
    internal static readonly TimeSpan Grace = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan ForgetAfter = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.Provider != QueueProvider.RabbitMq) return;
        using var timer = new PeriodicTimer(Grace, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await PollOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogPollFailed(logger, ex);
            }
        }
    }

    /// <summary>One look at the unanswered jobs older than <see cref="Grace"/>; returns how many were answered.</summary>
    public async Task<int> PollOnceAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var answered = 0;
        foreach (var job in client.Unanswered)
        {
            var age = now - job.EnqueuedAt;
            if (age < Grace) break;
            if (age > ForgetAfter)
            {
                client.Forget(job.JobId);
                continue;
            }
            if (await store.FindBySha256Async(job.Sha256, ct) is not { } image) continue;
            // Stored before this job was queued: the same bytes came earlier.
            var uploaded = new DateTimeOffset(DateTime.SpecifyKind(image.UploadedAt, DateTimeKind.Utc));
            var outcome = uploaded < job.EnqueuedAt ? JobOutcome.AlreadyStored : JobOutcome.Stored;
            LogFoundStored(logger, job.JobId, image.Id);
            await client.DeliverAsync(new JobReply(job.JobId, job.Sha256, outcome, image.Id), ct);
            answered++;
        }
        return answered;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId}: no reply came, but image {ImageId} is stored; answered from the store")]
    private static partial void LogFoundStored(ILogger logger, Guid jobId, long imageId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Looking up unanswered jobs failed; trying again")]
    private static partial void LogPollFailed(ILogger logger, Exception ex);
}
