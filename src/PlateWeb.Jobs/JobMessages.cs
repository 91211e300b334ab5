namespace PlateWeb.Jobs;

/// <summary>
/// One image to read, as it travels on the queue: the image itself waits in the shared spool under its SHA-256
/// (<see cref="JobSpool"/>), so a message is a few hundred bytes however large the photo.
/// </summary>
/// <param name="FileName">Stored as the image's original name; never logged (it often is the plate).</param>
public sealed record JobMessage(Guid JobId, string Sha256, string FileName, DateTimeOffset EnqueuedAt);

public enum JobOutcome
{
    /// <summary>Read and stored now.</summary>
    Stored,

    /// <summary>The same bytes were already stored (an earlier upload, or this job delivered again): not read twice.</summary>
    AlreadyStored,

    /// <summary>Not a usable image (<see cref="JobReply.ErrorKind"/> says why); dead-lettered.</summary>
    Refused,

    /// <summary>Reading failed <see cref="RabbitMqOptions.MaxDeliveries"/> times, or its image left the spool; dead-lettered.</summary>
    Failed,
}

/// <summary>What became of a job, sent by the worker to the web node that published it.</summary>
/// <param name="ErrorKind">The <see cref="Recognition.Imaging.ImageErrorKind"/> name when refused.</param>
/// <param name="QueuedMs">From <see cref="JobMessage.EnqueuedAt"/> to the worker taking the job (both clocks' difference
/// included when publisher and worker are different machines).</param>
/// <param name="WorkMs">The worker's time on the job: spool, recognition and storing.</param>
public sealed record JobReply(Guid JobId, string Sha256, JobOutcome Outcome, long? ImageId = null, string? ErrorKind = null,
    double? QueuedMs = null, double? WorkMs = null);

/// <summary>Told of every reply that reaches this web node (the upload page's notifier, alerts).</summary>
public interface IJobReplyHandler
{
    Task HandleAsync(JobReply reply, CancellationToken ct);
}
