using PlateWeb.Data.Storage;
using PlateWeb.Jobs;
using PlateWeb.Recognition.Imaging;

namespace PlateWeb.Web.Features.Upload;

/// <summary>
/// Queue:Provider RabbitMq: the image goes to the shared spool under its hash, then a small job message to the
/// broker; a `platectl worker` reads and stores it, and its reply comes back to this node
/// (<see cref="UploadReplyHandler"/> tells the page that follows the job).
/// </summary>
public sealed class RabbitMqRecognitionJobs(JobSpool spool, JobClient client, PlateStore store, TimeProvider time) : IUploadQueue, IImageReader
{
    public async ValueTask EnqueueAsync(RecognitionJob job, CancellationToken ct) => await client.PublishAsync(await SpoolAsync(job, ct), ct);

    public async Task<ImageResult> ReadAsync(RecognitionJob job, CancellationToken ct)
    {
        var reply = await client.RequestAsync(await SpoolAsync(job, ct), ct);
        return reply.Outcome switch
        {
            JobOutcome.Stored or JobOutcome.AlreadyStored => await ResultOfAsync(reply, store, ct)
                ?? throw new JobFailedException($"Job {job.Id}: its image was stored, then deleted before it could be shown."),
            JobOutcome.Refused => throw new ImageInputException(
                Enum.TryParse<ImageErrorKind>(reply.ErrorKind, out var kind) ? kind : ImageErrorKind.Undecodable,
                $"{job.FileName} is not a usable image ({reply.ErrorKind})."),
            _ => throw new JobFailedException($"Job {job.Id} could not be read; it is in the dead-letter queue."),
        };
    }

    /// <summary>The stored image of a successful reply, as the upload page shows it; null if deleted since.</summary>
    internal static async Task<ImageResult?> ResultOfAsync(JobReply reply, PlateStore store, CancellationToken ct) =>
        reply.ImageId is { } id && await store.FindImageAsync(id, ct) is { } image
            ? ImageResult.From(image, reply.Outcome == JobOutcome.AlreadyStored)
            : null;

    private async Task<JobMessage> SpoolAsync(RecognitionJob job, CancellationToken ct)
    {
        var sha = await spool.WriteAsync(ImageProcessor.BytesOf(job), ct);
        return new JobMessage(job.Id, sha, job.FileName, time.GetUtcNow());
    }
}

/// <summary>
/// Replies reaching this web node: the page that follows the job hears "done" (with the stored result) or "failed",
/// as from the in-process worker; reads newly stored are published as sightings, so watchlist alerts see them.
/// </summary>
public sealed class UploadReplyHandler(UploadNotifier notifier, PlateStore store, ImageProcessor processor) : IJobReplyHandler
{
    public async Task HandleAsync(JobReply reply, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(reply);
        switch (reply.Outcome)
        {
            case JobOutcome.Stored or JobOutcome.AlreadyStored:
                if (reply.ImageId is { } id && await store.FindImageAsync(id, ct) is { } image)
                {
                    if (reply.Outcome == JobOutcome.Stored) processor.PublishSightings(image);
                    await notifier.PublishAsync(new UploadUpdate(reply.JobId, UploadStage.Done, ImageResult.From(image, reply.Outcome == JobOutcome.AlreadyStored)));
                }
                else
                {
                    await notifier.PublishAsync(new UploadUpdate(reply.JobId, UploadStage.Failed));
                }

                break;
            case JobOutcome.Refused:
                var kind = Enum.TryParse<ImageErrorKind>(reply.ErrorKind, out var k) ? k : ImageErrorKind.Undecodable;
                await notifier.PublishAsync(new UploadUpdate(reply.JobId, UploadStage.Failed, Error: $"Not a usable image ({kind}).", ErrorKind: kind));
                break;
            default:
                // The page says "could not be processed" in its own language.
                await notifier.PublishAsync(new UploadUpdate(reply.JobId, UploadStage.Failed));
                break;
        }
    }
}

/// <summary>Connects a RabbitMq web node at start-up, so replies and /health's queue depth work before the first upload.</summary>
public sealed class JobClientStarter(JobClient client, Microsoft.Extensions.Options.IOptions<QueueOptions> options) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        options.Value.Provider == QueueProvider.RabbitMq ? client.StartAsync(stoppingToken) : Task.CompletedTask;
}
