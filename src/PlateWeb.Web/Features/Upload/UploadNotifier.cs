using System.Collections.Concurrent;

namespace PlateWeb.Web.Features.Upload;

/// <summary>
/// Pushes job progress from the workers to the one page that queued each job: a page follows the
/// jobs it enqueues (<see cref="Follow"/>), marshals with InvokeAsync, and disposes its followings
/// when it goes. No other circuit hears of a job, so one user's plates never reach another's page.
/// </summary>
public sealed partial class UploadNotifier(ILogger<UploadNotifier> logger)
{
    private readonly ConcurrentDictionary<Guid, Func<UploadUpdate, Task>> _followers = new();

    /// <summary>Jobs someone follows now (a page that leaks its followings shows up here).</summary>
    public int FollowedJobs => _followers.Count;

    /// <summary>
    /// Sends every update of <paramref name="jobId"/> to <paramref name="handler"/> until the job is done
    /// or failed, or the returned handle is disposed. A job has one follower: the page that queued it.
    /// </summary>
    public IDisposable Follow(Guid jobId, Func<UploadUpdate, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (!_followers.TryAdd(jobId, handler))
        {
            throw new InvalidOperationException($"Job {jobId} is already followed.");
        }
        return new Following(this, jobId, handler);
    }

    public async Task PublishAsync(UploadUpdate update)
    {
        if (!_followers.TryGetValue(update.JobId, out var handler)) return;
        if (update.Stage is UploadStage.Done or UploadStage.Failed)
        {
            // The last word on a job: nothing more will come, so its following ends here.
            _followers.TryRemove(KeyValuePair.Create(update.JobId, handler));
        }
        try
        {
            await handler(update);
        }
        catch (Exception ex)
        {
            // A closed circuit must not stop the worker.
            LogFollowerFailed(logger, ex, update.JobId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The page following job {JobId} failed to take its update")]
    private static partial void LogFollowerFailed(ILogger logger, Exception ex, Guid jobId);

    private sealed class Following(UploadNotifier owner, Guid jobId, Func<UploadUpdate, Task> handler) : IDisposable
    {
        public void Dispose() => owner._followers.TryRemove(KeyValuePair.Create(jobId, handler));
    }
}
