using Microsoft.EntityFrameworkCore;
using PlateWeb.Data.Entities;

namespace PlateWeb.Data.Workers;

/// <summary>Who a worker process is, written once at its start.</summary>
public sealed record WorkerIdentity(string Name, string Host, int ProcessId, string Version, DateTime StartedAt);

/// <summary>What a worker has done so far, written with each heartbeat.</summary>
public sealed record WorkerCounters(long JobsDone, long JobsFailed, DateTime? LastJobAt);

/// <summary>One worker as the admins see it (About page, /health); times in UTC.</summary>
/// <param name="Gone">No heartbeat for <see cref="WorkerDirectory.MissedBeats"/> of its intervals: stopped, dead or cut off.</param>
public sealed record WorkerStatus(
    long Id, string Name, string Host, int ProcessId, string Version, DateTime StartedAt, DateTime LastSeenAt,
    DateTime? LastJobAt, long JobsDone, long JobsFailed, bool Gone);

/// <summary>
/// The recognition workers that announce themselves in the database (WorkerHeartbeats), which every web node and
/// every worker already share, whatever machine they run on: no broker plugin or extra port is needed to list them.
/// </summary>
public sealed class WorkerDirectory(IDbContextFactory<PlateDbContext> dbFactory, TimeProvider time)
{
    public const int MaxNameLength = 128;

    public const int MaxVersionLength = 64;

    /// <summary>Heartbeats a worker may miss before it is shown as gone: one late write is not a dead worker.</summary>
    public const int MissedBeats = 3;

    /// <summary>A gone worker's row stays this long, so that an admin sees which one died, then goes.</summary>
    public static readonly TimeSpan KeepGoneFor = TimeSpan.FromDays(1);

    /// <summary>Writes the worker's row; returns its id for the heartbeats. Rows gone for over a day are removed here.</summary>
    public async Task<long> RegisterAsync(WorkerIdentity identity, int heartbeatSeconds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentOutOfRangeException.ThrowIfLessThan(heartbeatSeconds, 1);
        var now = Now();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var prune = now - KeepGoneFor;
        await db.WorkerHeartbeats.Where(w => w.LastSeenAt < prune).ExecuteDeleteAsync(ct);
        var row = new WorkerHeartbeat
        {
            Name = Cut(identity.Name, MaxNameLength),
            Host = Cut(identity.Host, MaxNameLength),
            ProcessId = identity.ProcessId,
            Version = Cut(identity.Version, MaxVersionLength),
            HeartbeatSeconds = heartbeatSeconds,
            StartedAt = identity.StartedAt,
            LastSeenAt = now,
        };
        db.WorkerHeartbeats.Add(row);
        await db.SaveChangesAsync(ct);
        return row.Id;
    }

    /// <summary>Updates the worker's row; false when it is no longer there (removed meanwhile): register again.</summary>
    public async Task<bool> BeatAsync(long id, WorkerCounters counters, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(counters);
        var now = Now();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var updated = await db.WorkerHeartbeats.Where(w => w.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(w => w.LastSeenAt, now)
            .SetProperty(w => w.JobsDone, counters.JobsDone)
            .SetProperty(w => w.JobsFailed, counters.JobsFailed)
            .SetProperty(w => w.LastJobAt, counters.LastJobAt), ct);
        return updated == 1;
    }

    /// <summary>A worker that stops cleanly leaves the list at once.</summary>
    public async Task RemoveAsync(long id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.WorkerHeartbeats.Where(w => w.Id == id).ExecuteDeleteAsync(ct);
    }

    /// <summary>Every worker with a row, connected ones first, then by name.</summary>
    public async Task<IReadOnlyList<WorkerStatus>> ListAsync(CancellationToken ct)
    {
        var now = Now();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.WorkerHeartbeats.AsNoTracking().OrderByDescending(w => w.LastSeenAt).Take(500).ToListAsync(ct);
        return [.. rows
            .Select(w => new WorkerStatus(w.Id, w.Name, w.Host, w.ProcessId, w.Version, Utc(w.StartedAt), Utc(w.LastSeenAt),
                w.LastJobAt is { } last ? Utc(last) : null, w.JobsDone, w.JobsFailed,
                Gone: now - Utc(w.LastSeenAt) > TimeSpan.FromSeconds((double)w.HeartbeatSeconds * MissedBeats)))
            .OrderBy(w => w.Gone).ThenBy(w => w.Name, StringComparer.Ordinal).ThenBy(w => w.ProcessId)];
    }

    private DateTime Now() => time.GetUtcNow().UtcDateTime;

    // Both providers give stored times back without a kind; they were written in UTC.
    private static DateTime Utc(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);

    private static string Cut(string value, int max) => value.Length <= max ? value : value[..max];
}
