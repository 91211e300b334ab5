namespace PlateWeb.Data.Entities;

/// <summary>
/// One distinct plate of the history (one <see cref="PlateReadEntity.EffectiveText"/>): its skeleton, how many reads
/// it has and its first and last read. Kept by SQLite triggers on PlateReads (<see cref="Storage.PlateSummaryIndex"/>),
/// never written by the app: the chat's plate lookups and its all-time plate sets read these few thousand rows
/// instead of grouping every read.
/// </summary>
public sealed class PlateSummary
{
    /// <summary>The plate's normalised effective text (the key).</summary>
    public string EffectiveText { get; private set; } = string.Empty;

    /// <summary>Skeleton of the effective text (the corrected skeleton of a corrected read, else the read's).</summary>
    public string Skeleton { get; private set; } = string.Empty;

    /// <summary>
    /// <see cref="Skeleton"/> without its first two characters, indexed: a skeleton with one character inserted at
    /// position 0 or 1 of a searched one has that searched skeleton's tail after its first character here.
    /// </summary>
    public string SkeletonTail { get; private set; } = string.Empty;

    public int Reads { get; private set; }

    /// <summary>UTC time of the plate's first read.</summary>
    public DateTime FirstAt { get; private set; }

    /// <summary>UTC time of the plate's last read.</summary>
    public DateTime LastAt { get; private set; }
}
