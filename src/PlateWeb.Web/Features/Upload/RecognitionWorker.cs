using Microsoft.Extensions.Options;
using PlateWeb.Recognition.Imaging;

namespace PlateWeb.Web.Features.Upload;

/// <summary>Drains the recognition queue with a few parallel loops; a failing image is logged and reported, never fatal.</summary>
public sealed partial class RecognitionWorker(
    RecognitionQueue queue,
    ImageProcessor processor,
    UploadNotifier notifier,
    IOptions<UploadOptions> options,
    ILogger<RecognitionWorker> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, options.Value.Workers).Select(_ => RunLoopAsync(stoppingToken)));

    private async Task RunLoopAsync(CancellationToken ct)
    {
        await Task.Yield();
        await foreach (var job in queue.Reader.ReadAllAsync(ct))
        {
            try
            {
                var result = await processor.ProcessAsync(job, stage => notifier.PublishAsync(new UploadUpdate(job.Id, stage)), ct);
                LogDone(logger, job.FileName, result.Plates.Count);
                await notifier.PublishAsync(new UploadUpdate(job.Id, UploadStage.Done, result));
            }
            catch (ImageInputException ex)
            {
                LogRejected(logger, job.FileName, ex.Kind, ex.Message);
                await notifier.PublishAsync(new UploadUpdate(job.Id, UploadStage.Failed, Error: ex.Message, ErrorKind: ex.Kind));
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogFailed(logger, ex, job.FileName);
                // The exception's text is for the log; the page says "could not be processed" in its own language.
                await notifier.PublishAsync(new UploadUpdate(job.Id, UploadStage.Failed));
            }
            finally
            {
                queue.Done(job);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Read {PlateCount} plates in {FileName}")]
    private static partial void LogDone(ILogger logger, string fileName, int plateCount);

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused {FileName}: {Kind} ({Reason})")]
    private static partial void LogRejected(ILogger logger, string fileName, ImageErrorKind kind, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Recognition failed for {FileName}")]
    private static partial void LogFailed(ILogger logger, Exception ex, string fileName);
}
