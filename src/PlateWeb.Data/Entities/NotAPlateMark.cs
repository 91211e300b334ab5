namespace PlateWeb.Data.Entities;

/// <summary>
/// A read a person marked "not a plate" (lettering, a sign, a sticker). The read stays, hidden from the history,
/// the chat and the exports, as a labelled example for the reader's next training (<c>platectl export --rejected</c>).
/// </summary>
/// <remarks>
/// A table of its own rather than a column of PlateReads: the history's filters and charts read covering indexes
/// of PlateReads, and a column outside them would send every row back to the table; a probe of this small table's
/// key by the read's id costs next to nothing.
/// </remarks>
public sealed class NotAPlateMark
{
    public long ReadId { get; set; }

    public PlateReadEntity? Read { get; set; }

    /// <summary>UTC.</summary>
    public DateTime MarkedAt { get; set; }

    /// <summary>Who marked it (also in the audit).</summary>
    public string? MarkedBy { get; set; }
}
