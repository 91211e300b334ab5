namespace PlateWeb.Web.Features.Upload;

/// <summary>
/// Pushes job progress from the workers to every subscribed page. Pages subscribe in
/// OnInitialized, marshal with InvokeAsync, and unsubscribe in Dispose.
/// </summary>
public sealed partial class UploadNotifier(ILogger<UploadNotifier> logger)
{
    public event Func<UploadUpdate, Task>? Updated;

    /// <summary>Pages currently listening (a page that leaks its subscription shows up here).</summary>
    public int SubscriberCount => Updated?.GetInvocationList().Length ?? 0;

    public async Task PublishAsync(UploadUpdate update)
    {
        if (Updated is not { } handlers) return;
        foreach (var handler in handlers.GetInvocationList().Cast<Func<UploadUpdate, Task>>())
        {
            try
            {
                await handler(update);
            }
            catch (Exception ex)
            {
                // One closed circuit must not stop the others from hearing about their images.
                LogSubscriberFailed(logger, ex, update.JobId);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A subscriber failed to take the update of job {JobId}")]
    private static partial void LogSubscriberFailed(ILogger logger, Exception ex, Guid jobId);
}
