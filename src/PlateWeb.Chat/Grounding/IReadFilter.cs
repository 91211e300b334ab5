using System.Linq.Expressions;
using PlateWeb.Data.Entities;

namespace PlateWeb.Chat.Grounding;

/// <summary>
/// Finds one kind of condition on reads in a question ("confidence below 60 %"): one registered class per
/// kind, found by <see cref="QueryRegistry"/>. Every filter found narrows the reads of every aggregate, so
/// filters combine freely with each other and with the period, prefix, country and plate.
/// </summary>
internal interface IFilterParser
{
    /// <summary>The filter written in <paramref name="folded"/> (folded question text), or null; and the text with it blanked out.</summary>
    (ReadFilter? Filter, string Remaining) Find(string folded, FilterClock clock);

    /// <summary>
    /// True for a filter on the plate text itself ("containing AB12", "AB12*"): it reads the question before plates
    /// are found (its clock has no period yet), and a plate written inside its words is no plate of its own.
    /// </summary>
    bool ReadsPlateText => false;
}

/// <summary>What a filter on local times needs: the local zone, today, and the question's period (null: all time).</summary>
internal sealed record FilterClock(TimeZoneInfo Zone, DateOnly Today, DateRange? Period)
{
    /// <summary>The history's cameras, looked up once per question, so a filter can name them ("at camera Gate").</summary>
    public IReadOnlyList<KnownCamera> Cameras { get; init; } = [];
}

/// <summary>A camera of the history: its id and its name as stored.</summary>
internal sealed record KnownCamera(int Id, string Name);

/// <summary>A condition on reads, run by SQLite.</summary>
/// <param name="Predicate">The condition, translatable by EF Core.</param>
/// <param name="Tail">Its words after a count line (" with confidence below 60%"), in English as every fact line.</param>
internal sealed record ReadFilter(Expression<Func<PlateReadEntity, bool>> Predicate, string Tail)
{
    /// <summary>
    /// True when the filter also narrows a plate's summary ("When was AB-123-CD last seen at camera Gate?" is its
    /// last read there); the others leave the summary the plate's whole history.
    /// </summary>
    public bool NarrowsPlateSummary { get; init; }
}
