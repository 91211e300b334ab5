using Microsoft.Extensions.Options;
using PlateWeb.Jobs;
using PlateWeb.Recognition.Imaging;

namespace PlateWeb.Web.Features.Upload;

/// <summary>Drains the recognition queue with a few parallel loops; a failing image is logged and reported, never fatal.</summary>
public sealed partial class RecognitionWorker(
    RecognitionQueue queue,
    ImageProcessor processor,
    UploadNotifier notifier,
    IOptions<UploadOptions> options,
    IOptions<QueueOptions> queueOptions,
    ILogger<RecognitionWorker> logger) : BackgroundService
{
    // With RabbitMq nothing is written to the in-process queue: `platectl worker` processes read the jobs.
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => queueOptions.Value.Provider != QueueProvider.InProcess
        ? Task.CompletedTask
        : Task.WhenAll(Enumerable.Range(0, options.Value.Workers).Select(_ => RunLoopAsync(stoppingToken)));

    private async Task RunLoopAsync(CancellationToken ct)
    {
        await Task.Yield();
        await foreach (var job in queue.Reader.ReadAllAsync(ct))
        {
            try
            {
                var result = await processor.ProcessAsync(job, stage => notifier.PublishAsync(new UploadUpdate(job.Id, stage)), ct);
                LogDone(logger, job.Id, result.ImageId, result.Plates.Count);
                await notifier.PublishAsync(new UploadUpdate(job.Id, UploadStage.Done, result));
            }
            catch (ImageInputException ex)
            {
                LogRejected(logger, job.Id, ex.Kind);
                await notifier.PublishAsync(new UploadUpdate(job.Id, UploadStage.Failed, Error: ex.Message, ErrorKind: ex.Kind));
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogFailed(logger, ex, job.Id);
                // The exception's text is for the log; the page says "could not be processed" in its own language.
                await notifier.PublishAsync(new UploadUpdate(job.Id, UploadStage.Failed));
            }
            finally
            {
                queue.Done(job);
            }
        }
    }

    // Job and image ids, never the file name: it is often the plate itself ("AZJ6991.jpg").
    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId}: read {PlateCount} plates in image {ImageId}")]
    private static partial void LogDone(ILogger logger, Guid jobId, long imageId, int plateCount);

    // The kind, not the exception's message: the message names the file.
    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} refused: {Kind}")]
    private static partial void LogRejected(ILogger logger, Guid jobId, ImageErrorKind kind);

    [LoggerMessage(Level = LogLevel.Error, Message = "Recognition failed for job {JobId}")]
    private static partial void LogFailed(ILogger logger, Exception ex, Guid jobId);
}
