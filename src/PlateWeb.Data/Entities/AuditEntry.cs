namespace PlateWeb.Data.Entities;

/// <summary>What a person changed in the history, and who: corrections and deletions.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }

    /// <summary>UTC.</summary>
    public DateTime At { get; set; }

    /// <summary>Who: the signed-in user's name, "API key NAME", or "platectl (ACCOUNT)".</summary>
    public required string User { get; set; }

    public AuditAction Action { get; set; }

    /// <summary>The read (corrections, read deletions) or image (image deletions) it was about; null for a forgotten plate.</summary>
    public long? TargetId { get; set; }

    /// <summary>
    /// What changed, for the admins who read the audit (old and new text of a correction, the text of
    /// a deleted read). Replaced by "(forgotten)" when the plate it names is forgotten.
    /// </summary>
    public string? Detail { get; set; }
}

/// <summary>Stored by name, so the table reads well in SQLite and a new action never renumbers the old.</summary>
public enum AuditAction
{
    Corrected,
    CorrectionRemoved,
    ReadDeleted,
    ImageDeleted,
    PlateForgotten,
    MarkedNotAPlate,
    NotAPlateMarkRemoved,
}
