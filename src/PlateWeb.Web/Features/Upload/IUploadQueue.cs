namespace PlateWeb.Web.Features.Upload;

/// <summary>
/// Where the upload page hands images for recognition, whatever carries them: the in-process
/// <see cref="RecognitionQueue"/> (the default) or RabbitMQ (Queue:Provider). The page follows its jobs through
/// <see cref="UploadNotifier"/> either way.
/// </summary>
public interface IUploadQueue
{
    /// <summary>Queues the job; progress and result reach the page that follows it through the notifier.</summary>
    ValueTask EnqueueAsync(RecognitionJob job, CancellationToken ct);
}

/// <summary>Reads one image and returns once its reads are stored (the API answers with them): here, or on a worker.</summary>
public interface IImageReader
{
    /// <exception cref="Recognition.Imaging.ImageInputException">The bytes are not a usable image.</exception>
    /// <exception cref="Jobs.JobFailedException">With RabbitMQ: no worker could read it, or none answered in time.</exception>
    Task<ImageResult> ReadAsync(RecognitionJob job, CancellationToken ct);
}
