using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PlateWeb.Data.Storage;
using PlateWeb.Jobs.UseCases;
using PlateWeb.Recognition.Imaging;

namespace PlateWeb.Jobs;

/// <summary>What the worker does with the delivery once the job is handled.</summary>
public enum JobDecision
{
    /// <summary>Done (stored, or found stored): acknowledged, gone from the queue.</summary>
    Ack,

    /// <summary>Failed, with deliveries left: returned to the queue for another try (perhaps on another worker).</summary>
    Retry,

    /// <summary>Refused or out of tries: rejected without requeue, so the broker moves it to the dead-letter queue.</summary>
    DeadLetter,
}

/// <param name="Reply">Null for <see cref="JobDecision.Retry"/>: the uploader hears nothing until the last try.</param>
/// <param name="Recognised">Whether this delivery ran the recognizer (false when the image was found stored).</param>
public sealed record JobResult(JobDecision Decision, JobReply? Reply, bool Recognised);

/// <summary>
/// One delivered job, from the spool to a stored read. Idempotent by the image's hash: a job delivered again (its
/// worker died before acknowledging, or the broker lost the acknowledgement) whose image is already stored is
/// answered from the database without a second read; two jobs of the same bytes racing are settled by the store.
/// </summary>
public sealed partial class JobHandler(JobSpool spool, ImageIngest ingest, PlateStore store, IOptions<QueueOptions> options, ILogger<JobHandler> logger)
{
    private readonly int _maxDeliveries = options.Value.RabbitMq.MaxDeliveries;

    /// <param name="deliveryCount">Earlier deliveries of this job (the broker's x-delivery-count; 0 the first time).</param>
    public async Task<JobResult> HandleAsync(JobMessage job, long deliveryCount, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (!JobSpool.IsSha256(job.Sha256))
        {
            LogMalformed(logger, job.JobId);
            return new JobResult(JobDecision.DeadLetter, new JobReply(job.JobId, job.Sha256, JobOutcome.Failed), Recognised: false);
        }
        if (await store.FindBySha256Async(job.Sha256, ct) is { } stored)
        {
            LogAlreadyStored(logger, job.JobId, stored.Id, deliveryCount);
            spool.Delete(job.Sha256);
            return new JobResult(JobDecision.Ack, new JobReply(job.JobId, job.Sha256, JobOutcome.AlreadyStored, stored.Id), Recognised: false);
        }
        var bytes = await spool.TryReadAsync(job.Sha256, ct);
        if (bytes is null)
        {
            // Not stored and not waiting: nothing any worker could ever read.
            LogSpoolMissing(logger, job.JobId);
            return new JobResult(JobDecision.DeadLetter, new JobReply(job.JobId, job.Sha256, JobOutcome.Failed), Recognised: false);
        }
        try
        {
            var ingested = await ingest.IngestAsync(bytes, job.FileName, onStage: null, ct);
            spool.Delete(job.Sha256);
            LogStored(logger, job.JobId, ingested.Image.Id, ingested.Image.Reads.Count);
            var outcome = ingested.AlreadyStored ? JobOutcome.AlreadyStored : JobOutcome.Stored;
            return new JobResult(JobDecision.Ack, new JobReply(job.JobId, job.Sha256, outcome, ingested.Image.Id), Recognised: true);
        }
        catch (ImageInputException ex)
        {
            // Bytes that are not an image stay so on every worker: no second try. The spool file stays for an admin to look at.
            LogRefused(logger, job.JobId, ex.Kind);
            return new JobResult(JobDecision.DeadLetter, new JobReply(job.JobId, job.Sha256, JobOutcome.Refused, ErrorKind: ex.Kind.ToString()), Recognised: true);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            var last = deliveryCount + 1 >= _maxDeliveries;
            LogFailed(logger, ex, job.JobId, deliveryCount + 1, _maxDeliveries);
            return last
                ? new JobResult(JobDecision.DeadLetter, new JobReply(job.JobId, job.Sha256, JobOutcome.Failed), Recognised: true)
                : new JobResult(JobDecision.Retry, null, Recognised: true);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId}: image {ImageId} stored with {PlateCount} plates")]
    private static partial void LogStored(ILogger logger, Guid jobId, long imageId, int plateCount);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId}: image {ImageId} already stored (earlier deliveries: {Deliveries}); not read again")]
    private static partial void LogAlreadyStored(ILogger logger, Guid jobId, long imageId, long deliveries);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} refused: {Kind}; dead-lettered")]
    private static partial void LogRefused(ILogger logger, Guid jobId, ImageErrorKind kind);

    [LoggerMessage(Level = LogLevel.Error, Message = "Job {JobId} failed (delivery {Delivery} of {MaxDeliveries})")]
    private static partial void LogFailed(ILogger logger, Exception ex, Guid jobId, long delivery, int maxDeliveries);

    [LoggerMessage(Level = LogLevel.Error, Message = "Job {JobId}: its image is neither stored nor in the spool; dead-lettered")]
    private static partial void LogSpoolMissing(ILogger logger, Guid jobId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Job {JobId} carries no valid image hash; dead-lettered")]
    private static partial void LogMalformed(ILogger logger, Guid jobId);
}
