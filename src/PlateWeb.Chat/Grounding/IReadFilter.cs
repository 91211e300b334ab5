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
internal sealed record FilterClock(TimeZoneInfo Zone, DateOnly Today, DateRange? Period);

/// <summary>A condition on reads, run by SQLite.</summary>
/// <param name="Predicate">The condition, translatable by EF Core.</param>
/// <param name="Tail">Its words after a count line (" with confidence below 60%"), in English as every fact line.</param>
internal sealed record ReadFilter(Expression<Func<PlateReadEntity, bool>> Predicate, string Tail);
