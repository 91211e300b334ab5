using PlateWeb.Data.Entities;

namespace PlateWeb.Data.Storage;

/// <summary>
/// Conditions on reads that the history (<see cref="ReadQueries"/>) and the chat's facts both state, written once so
/// that "a read of this period", "not marked as no plate" or "newest first" mean the same on both sides.
/// </summary>
public static class ReadFilters
{
    /// <summary>Reads nobody marked "not a plate" (a NOT EXISTS probe on the marks).</summary>
    public static IQueryable<PlateReadEntity> ExceptNotAPlate(this IQueryable<PlateReadEntity> reads, PlateDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        var marks = db.NotAPlateMarks;
        return reads.Where(r => !marks.Any(m => m.ReadId == r.Id));
    }

    /// <summary>Only the reads a person marked "not a plate".</summary>
    public static IQueryable<PlateReadEntity> OnlyNotAPlate(this IQueryable<PlateReadEntity> reads, PlateDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        var marks = db.NotAPlateMarks;
        return reads.Where(r => marks.Any(m => m.ReadId == r.Id));
    }

    /// <summary>Reads made at or after <paramref name="fromUtc"/> and before <paramref name="toUtc"/>; a null bound is open.</summary>
    public static IQueryable<PlateReadEntity> InPeriod(this IQueryable<PlateReadEntity> reads, DateTime? fromUtc, DateTime? toUtc)
    {
        if (fromUtc is { } from) reads = reads.Where(r => r.CreatedAt >= from);
        if (toUtc is { } to) reads = reads.Where(r => r.CreatedAt < to);
        return reads;
    }

    /// <summary>Reads of one country code.</summary>
    public static IQueryable<PlateReadEntity> OfCountry(this IQueryable<PlateReadEntity> reads, string country) =>
        reads.Where(r => r.Country == country);

    /// <summary>
    /// Reads whose effective text starts with <paramref name="prefix"/>, as an index range rather than LIKE
    /// (SQLite's LIKE is case-insensitive and cannot use the index): EffectiveText in [prefix, next).
    /// </summary>
    public static IQueryable<PlateReadEntity> EffectiveTextStartsWith(this IQueryable<PlateReadEntity> reads, string prefix)
    {
        var end = AfterPrefix(prefix);
        return reads.Where(r => string.Compare(r.EffectiveText, prefix) >= 0 && string.Compare(r.EffectiveText, end) < 0);
    }

    /// <summary>The smallest string after every string starting with <paramref name="prefix"/> (ordinal): the end of its index range.</summary>
    public static string AfterPrefix(string prefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        return prefix[..^1] + (char)(prefix[^1] + 1);
    }

    /// <summary>Newest first, the later id first among reads of one time.</summary>
    public static IOrderedQueryable<PlateReadEntity> NewestFirst(this IQueryable<PlateReadEntity> reads) =>
        reads.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id);
}
