namespace PlateWeb.Data.Entities;

/// <summary>
/// One running `platectl worker` process, as it last said it was: written at its start, updated every
/// <see cref="HeartbeatSeconds"/>, removed when it stops cleanly. A row left by a worker that died stops being
/// updated and reads as gone (<see cref="Workers.WorkerDirectory"/>).
/// </summary>
public sealed class WorkerHeartbeat
{
    public long Id { get; set; }

    /// <summary>Worker:Name, the machine's name unless set.</summary>
    public required string Name { get; set; }

    public required string Host { get; set; }

    public int ProcessId { get; set; }

    /// <summary>The worker's PlateWeb version, so that a machine left on an old build shows.</summary>
    public required string Version { get; set; }

    /// <summary>How often this worker writes its row; the web node counts it gone after three intervals without one.</summary>
    public int HeartbeatSeconds { get; set; }

    /// <summary>UTC.</summary>
    public DateTime StartedAt { get; set; }

    /// <summary>UTC: the last heartbeat.</summary>
    public DateTime LastSeenAt { get; set; }

    /// <summary>UTC: when it last finished a job; null before its first.</summary>
    public DateTime? LastJobAt { get; set; }

    /// <summary>Jobs acknowledged (stored, or found stored).</summary>
    public long JobsDone { get; set; }

    /// <summary>Jobs that failed on this worker: returned for another try, or dead-lettered.</summary>
    public long JobsFailed { get; set; }
}
