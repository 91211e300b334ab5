namespace PlateWeb.Web.Components;

/// <summary>
/// Says when a changing view is worth re-rendering: at most once per <see cref="Interval"/>, so a
/// model writing 50 tokens a second costs ~20 renders (and SignalR diffs) a second, not 50, and an
/// upload's progress bar a round trip per interval, not one per chunk read.
/// </summary>
public sealed class RenderThrottle(TimeProvider time, TimeSpan interval)
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(50);

    private long _last = long.MinValue;

    public TimeSpan Interval { get; } = interval;

    /// <summary>
    /// True (and the clock restarts) when the last render is at least <see cref="Interval"/> old, or
    /// when <paramref name="now"/> says the change must be seen at once (a camera's new pass).
    /// </summary>
    public bool ShouldRender(bool now = false)
    {
        var at = time.GetTimestamp();
        if (!now && _last != long.MinValue && time.GetElapsedTime(_last, at) < Interval) return false;
        _last = at;
        return true;
    }

    /// <summary>Forget the last render: the next call renders (a new answer starts).</summary>
    public void Reset() => _last = long.MinValue;
}
