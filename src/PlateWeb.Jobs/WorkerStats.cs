using System.Reflection;

namespace PlateWeb.Jobs;

/// <summary>
/// What this worker process has done since it started, counted as each job finishes; read by its heartbeat and its
/// /health. Done: acknowledged (stored, or found stored). Failed: returned for another try, or dead-lettered.
/// </summary>
public sealed class WorkerStats(TimeProvider time) : IJobObserver
{
    private long _done;
    private long _failed;
    private long _lastJobTicks;

    /// <summary>The PlateWeb build the worker runs (version and commit), shown beside it.</summary>
    public static string Version { get; } =
        typeof(WorkerStats).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(WorkerStats).Assembly.GetName().Version?.ToString() ?? "unknown";

    public DateTime StartedAt { get; } = time.GetUtcNow().UtcDateTime;

    public long JobsDone => Interlocked.Read(ref _done);

    public long JobsFailed => Interlocked.Read(ref _failed);

    /// <summary>UTC; null before the first job.</summary>
    public DateTime? LastJobAt => Interlocked.Read(ref _lastJobTicks) is var ticks and > 0 ? new DateTime(ticks, DateTimeKind.Utc) : null;

    public void Finished(JobMessage job, JobResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Decision == JobDecision.Ack) Interlocked.Increment(ref _done);
        else Interlocked.Increment(ref _failed);
        Interlocked.Exchange(ref _lastJobTicks, time.GetUtcNow().UtcDateTime.Ticks);
    }
}
