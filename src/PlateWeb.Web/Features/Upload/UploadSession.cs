namespace PlateWeb.Web.Features.Upload;

/// <summary>
/// One circuit's uploads (a scoped service: one per browser tab): they stay listed while the user
/// visits other pages and comes back, and their results keep arriving meanwhile. The session follows
/// each job it queued (<see cref="UploadNotifier"/>) until the job is done or the circuit ends.
/// </summary>
/// <remarks>
/// While a page shows the batch (<see cref="Attach"/>), updates are applied on that page's
/// dispatcher, between its renders; with no page, under the session's lock.
/// </remarks>
public sealed class UploadSession(UploadNotifier notifier) : IDisposable
{
    private readonly Lock _lock = new();
    private readonly List<IDisposable> _followings = [];
    private Func<Func<bool>, Task>? _view;
    private bool _disposed;

    public UploadBatch Batch { get; } = new();

    /// <summary>
    /// The page that shows the batch from now on: <paramref name="applyAndRender"/> runs an update on the
    /// page's dispatcher (the update says whether it changed anything) and re-renders. Dispose to detach.
    /// </summary>
    public IDisposable Attach(Func<Func<bool>, Task> applyAndRender)
    {
        ArgumentNullException.ThrowIfNull(applyAndRender);
        lock (_lock) _view = applyAndRender;
        return new Detachment(this, applyAndRender);
    }

    /// <summary>Follows a job this session queued (before it is queued: a fast worker may report at once).</summary>
    public void Follow(Guid jobId)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _followings.Add(notifier.Follow(jobId, OnUpdateAsync));
        }
    }

    private Task OnUpdateAsync(UploadUpdate update)
    {
        Func<Func<bool>, Task>? view;
        lock (_lock)
        {
            view = _view;
            if (view is null)
            {
                Batch.Apply(update);
                return Task.CompletedTask;
            }
        }
        return view(() => Batch.Apply(update));
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            _view = null;
            foreach (var following in _followings) following.Dispose();
            _followings.Clear();
        }
    }

    private sealed class Detachment(UploadSession session, Func<Func<bool>, Task> view) : IDisposable
    {
        public void Dispose()
        {
            lock (session._lock)
            {
                if (session._view == view) session._view = null;
            }
        }
    }
}
