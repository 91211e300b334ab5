using System.Collections.Concurrent;

namespace PlateWeb.Web.Features.Cameras;

/// <summary>Where a camera's worker stands.</summary>
public enum CameraState
{
    Stopped,
    Connecting,
    Connected,
    Reconnecting,
    Error,
    /// <summary>A video file was read to its end.</summary>
    Finished,
}

/// <summary>What a camera shows on the Cameras and Live pages.</summary>
/// <param name="Reason">Why it is in error or reconnecting, in words safe to show (never the source's credentials).</param>
public sealed record CameraStatus(int CameraId, CameraState State, string? Reason, DateTime Since,
    long FramesRead = 0, long FramesAnalysed = 0, long FramesStill = 0, long FramesDropped = 0, int Passes = 0);

/// <summary>Something that changed for one camera: its status, its latest frame, or a new pass.</summary>
public sealed record CameraUpdate(int CameraId, CameraStatus? Status = null, byte[]? Jpeg = null, long? PassId = null);

/// <summary>
/// The cameras' latest status and frame (singleton), and a notifier keyed by camera: the Live page subscribes to the
/// cameras it shows. Callbacks run on the worker's thread and must be quick (components hand them to InvokeAsync).
/// </summary>
public sealed class CameraBoard
{
    private readonly ConcurrentDictionary<int, CameraStatus> _status = new();
    private readonly ConcurrentDictionary<int, byte[]> _frames = new();
    private readonly ConcurrentDictionary<int, ImmutableList> _subscribers = new();

    public CameraStatus StatusOf(int cameraId) =>
        _status.TryGetValue(cameraId, out var s) ? s : new CameraStatus(cameraId, CameraState.Stopped, null, DateTime.MinValue);

    public byte[]? LatestFrame(int cameraId) => _frames.TryGetValue(cameraId, out var f) ? f : null;

    public void SetStatus(CameraStatus status)
    {
        _status[status.CameraId] = status;
        Notify(new CameraUpdate(status.CameraId, Status: status));
    }

    public void SetFrame(int cameraId, byte[] jpeg)
    {
        _frames[cameraId] = jpeg;
        Notify(new CameraUpdate(cameraId, Jpeg: jpeg));
    }

    public void PassStored(int cameraId, long passId) => Notify(new CameraUpdate(cameraId, PassId: passId));

    public void Forget(int cameraId)
    {
        _status.TryRemove(cameraId, out _);
        _frames.TryRemove(cameraId, out _);
    }

    /// <summary>Follows one camera until disposed.</summary>
    public IDisposable Subscribe(int cameraId, Action<CameraUpdate> callback)
    {
        var entry = new Subscription(this, cameraId, callback);
        _subscribers.AddOrUpdate(cameraId, _ => new([entry]), (_, list) => new([.. list.Items, entry]));
        return entry;
    }

    private void Notify(CameraUpdate update)
    {
        if (!_subscribers.TryGetValue(update.CameraId, out var list)) return;
        foreach (var s in list.Items) s.Callback(update);
    }

    private sealed record ImmutableList(Subscription[] Items);

    private sealed class Subscription(CameraBoard board, int cameraId, Action<CameraUpdate> callback) : IDisposable
    {
        public Action<CameraUpdate> Callback { get; } = callback;

        public void Dispose() =>
            board._subscribers.AddOrUpdate(cameraId, _ => new([]), (_, list) => new(list.Items.Where(x => x != this).ToArray()));
    }
}
