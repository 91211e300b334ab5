namespace PlateWeb.Web.Features.Upload;

/// <summary>
/// Where the pages and the API hand images for recognition, whatever carries them: the in-process queue (the default)
/// or RabbitMQ (Queue:Provider). Upload pages follow their jobs through <see cref="UploadNotifier"/> either way.
/// </summary>
public interface IRecognitionJobs
{
    /// <summary>Queues the job; progress and result reach the page that follows it through the notifier.</summary>
    ValueTask EnqueueAsync(RecognitionJob job, CancellationToken ct);

    /// <summary>Reads the image and returns once its reads are stored (the API answers with them).</summary>
    /// <exception cref="Recognition.Imaging.ImageInputException">The bytes are not a usable image.</exception>
    /// <exception cref="Jobs.JobFailedException">With RabbitMQ: no worker could read it, or none answered in time.</exception>
    Task<ImageResult> RecognizeAsync(RecognitionJob job, CancellationToken ct);
}

/// <summary>Today's single-machine path: the bounded channel drained by <see cref="RecognitionWorker"/>; the API reads at once.</summary>
public sealed class InProcessRecognitionJobs(RecognitionQueue queue, ImageProcessor processor) : IRecognitionJobs
{
    public ValueTask EnqueueAsync(RecognitionJob job, CancellationToken ct) => queue.EnqueueAsync(job, ct);

    public Task<ImageResult> RecognizeAsync(RecognitionJob job, CancellationToken ct) => processor.ProcessAsync(job, _ => Task.CompletedTask, ct);
}
