using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using PlateWeb.Data;
using PlateWeb.Data.Entities;
using PlateWeb.Data.Storage;
using PlateWeb.Recognition.Grammar;

namespace PlateWeb.Chat.Grounding;

/// <summary>Which reads a fact is about. Times are UTC, <see cref="ToUtc"/> excluded.</summary>
/// <param name="PlateKey">Normalised effective text of one plate (<see cref="PlateReadEntity.EffectiveText"/>).</param>
/// <param name="Prefix">Normalised start of the effective text.</param>
/// <param name="Filters">Further conditions the question states (<see cref="IFilterParser"/>).</param>
internal sealed record ReadScope(
    DateTime? FromUtc = null, DateTime? ToUtc = null, string? PlateKey = null, string? Prefix = null, string? Country = null,
    bool CorrectedOnly = false, IReadOnlyList<ReadFilter>? Filters = null);

/// <summary>One read with what a fact line needs; <paramref name="Camera"/> is the name of the camera that made it (null: an upload).</summary>
internal sealed record ReadInfo(
    long Id, string Text, string? CorrectedText, string? Format, string? Country, float Confidence, DateTime CreatedAtUtc, string? Camera = null);

/// <summary>Aggregates of one plate (or of one group) over a scope; <see cref="Newest"/> gives its display text and country.</summary>
internal sealed record PlateStats(string Key, int Count, DateTime FirstUtc, DateTime LastUtc, float BestConfidence, ReadInfo Newest, IReadOnlyList<long> ReadIds);

/// <summary>
/// The queries behind the facts, through EF Core: one context per operation, no tracking, and the
/// counting, min/max and grouping done by SQLite (the history may hold 100 000 reads).
/// A read's effective text is its correction when it has one: the stored, indexed
/// <see cref="PlateReadEntity.EffectiveText"/> column, which plates are grouped and looked up by.
/// </summary>
internal sealed class ReadFacts(IDbContextFactory<PlateDbContext> dbFactory)
{
    /// <summary>
    /// The plates (effective normalised texts) a written plate means, most exact first: the same text;
    /// else the same confusion skeleton (O/0/D/Q, I/1/L, B/8, S/5, Z/2, G/6: "AB1Z3CD" is AB-123-CD);
    /// else (<see cref="PlateMatcher"/>), from 5 characters, the skeleton with one character missing or one extra, or one weaker
    /// confusion (A/4, T/7, T/1, E/F, H/N, M/N, U/V). Any other different character ("AB-123-CX") is another
    /// plate and is not matched. At most <paramref name="take"/>.
    /// </summary>
    public async Task<IReadOnlyList<string>> ResolvePlateAsync(string normalized, int take, CancellationToken ct)
    {
        // The plate summaries (one row per distinct plate, kept by triggers) rather than the reads: the lookups below
        // read a few entries of their indexes, where the reads' indexes hold every read of every plate.
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var plates = db.PlateSummaries.AsNoTracking();
        if (await plates.AnyAsync(p => p.EffectiveText == normalized, ct)) return [normalized];

        var skeleton = PlateGrammar.Skeleton(normalized);
        if (skeleton.Length == 0) return [];
        var same = First(await plates.Where(p => p.Skeleton == skeleton).Select(p => p.EffectiveText).ToListAsync(ct), take);
        if (same.Count > 0 || !PlateMatcher.AllowsEdit(skeleton.Length)) return same;

        // One extra character in the question, or one weaker confusion: the stored skeleton equals one of these.
        var exact = PlateMatcher.Deletions(skeleton)
            .Concat(PlateMatcher.WeakTwins(skeleton))
            .Distinct().ToList();
        var texts = await plates.Where(p => exact.Contains(p.Skeleton)).Select(p => p.EffectiveText).ToListAsync(ct);

        // One character missing in the question: the stored skeleton is the question's with one character inserted.
        // Inserted at 0 or 1, the stored tail after two characters is the question's after one (indexed, equal);
        // inserted further on, the stored skeleton starts with the question's first two (an index range). A LIKE '_'
        // per position would test every plate instead; the few candidates are checked here.
        var tail = skeleton[1..];
        var (low, high) = (skeleton[..2], ReadFilters.AfterPrefix(skeleton[..2]));
        var candidates = await plates
            .Where(p => p.SkeletonTail == tail || (string.Compare(p.Skeleton, low) >= 0 && string.Compare(p.Skeleton, high) < 0))
            .Select(p => new { p.EffectiveText, p.Skeleton }).ToListAsync(ct);
        texts.AddRange(candidates.Where(c => PlateMatcher.IsOneInsertion(c.Skeleton, skeleton)).Select(c => c.EffectiveText));
        return First(texts, take);
    }

    /// <summary>Which of these normalised texts are plates of the history (one lookup of the plate summaries' key); none asked, none looked up.</summary>
    public async Task<IReadOnlySet<string>> KnownPlatesAsync(IReadOnlyList<string> texts, CancellationToken ct)
    {
        if (texts.Count == 0) return new HashSet<string>();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return (await db.PlateSummaries.AsNoTracking().Where(p => texts.Contains(p.EffectiveText)).Select(p => p.EffectiveText).ToListAsync(ct))
            .ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>
    /// True when the plate summaries answer a question over <paramref name="scope"/>: every read of every plate, at
    /// most narrowed to a prefix (no period, country, correction or other filter, which hold for single reads).
    /// </summary>
    public static bool Summarised(ReadScope scope) =>
        scope is { FromUtc: null, ToUtc: null, PlateKey: null, Country: null, CorrectedOnly: false } && (scope.Filters is null || scope.Filters.Count == 0);

    /// <summary>
    /// <see cref="Summarised(ReadScope)"/>, and no read is marked "not a plate": the summaries count every read, the
    /// chat only the others, so with a mark the reads are grouped instead.
    /// </summary>
    public async Task<bool> SummarisedAsync(ReadScope scope, CancellationToken ct)
    {
        if (!Summarised(scope)) return false;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return !await db.NotAPlateMarks.AnyAsync(ct);
    }

    /// <summary>Runs a query on the plate summaries (of <paramref name="prefix"/>'s plates when given), in one context without tracking.</summary>
    public async Task<T> SummariesAsync<T>(string? prefix, Func<IQueryable<PlateSummary>, CancellationToken, Task<T>> query, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var plates = db.PlateSummaries.AsNoTracking();
        if (prefix is not null)
        {
            var end = ReadFilters.AfterPrefix(prefix);
            plates = plates.Where(p => string.Compare(p.EffectiveText, prefix) >= 0 && string.Compare(p.EffectiveText, end) < 0);
        }
        return await query(plates, ct);
    }

    /// <summary>The reads the chat knows: every read but those a person marked "not a plate".</summary>
    private static IQueryable<PlateReadEntity> Plates(PlateDbContext db) => db.Reads.AsNoTracking().ExceptNotAPlate(db);

    private static List<string> First(List<string> texts, int take) =>
        texts.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Take(take).ToList();

    /// <summary>The history's cameras (a few rows), for the camera filter.</summary>
    public async Task<IReadOnlyList<KnownCamera>> CamerasAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Cameras.AsNoTracking().OrderBy(c => c.Id).Select(c => new KnownCamera(c.Id, c.Name)).ToListAsync(ct);
    }

    public async Task<ReadInfo?> ReadAsync(long id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await Project(db, Plates(db).Where(r => r.Id == id)).SingleOrDefaultAsync(ct);
    }

    /// <summary>Count, first and last time, best confidence and newest reads of the scope; null when it has no read.</summary>
    public async Task<PlateStats?> StatsAsync(ReadScope scope, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var reads = Apply(Plates(db), scope);
        var aggregate = await reads.GroupBy(r => 1)
            .Select(g => new { Count = g.Count(), First = g.Min(r => r.CreatedAt), Last = g.Max(r => r.CreatedAt), Best = g.Max(r => r.Confidence) })
            .SingleOrDefaultAsync(ct);
        if (aggregate is null || aggregate.Count == 0) return null;
        var newest = await Project(db, reads.NewestFirst()).Take(GroundingLimits.MaxSourceReads).ToListAsync(ct);
        return new PlateStats(scope.PlateKey ?? "", aggregate.Count, aggregate.First, aggregate.Last, aggregate.Best, newest[0], newest.Select(r => r.Id).ToList());
    }

    /// <summary>How many reads, and the ids of the newest.</summary>
    public async Task<(int Count, IReadOnlyList<long> Newest)> CountAsync(ReadScope scope, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var reads = Apply(Plates(db), scope);
        var count = await reads.CountAsync(ct);
        var ids = count == 0 ? [] : await reads.NewestFirst().Select(r => r.Id).Take(GroundingLimits.MaxSourceReads).ToListAsync(ct);
        return (count, ids);
    }

    /// <summary>Reads of the scope, newest first (or oldest first).</summary>
    public async Task<IReadOnlyList<ReadInfo>> ReadsAsync(ReadScope scope, int take, bool oldestFirst, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var reads = Apply(Plates(db), scope);
        var ordered = oldestFirst ? reads.OrderBy(r => r.CreatedAt).ThenBy(r => r.Id) : reads.NewestFirst();
        return await Project(db, ordered).Take(take).ToListAsync(ct);
    }

    /// <summary>Reads per country code (null = no country), most first.</summary>
    public async Task<IReadOnlyList<(string? Country, int Count)>> CountriesAsync(ReadScope scope, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await Apply(Plates(db), scope)
            .GroupBy(r => r.Country)
            .Select(g => new { Country = g.Key, Count = g.Count() })
            .OrderByDescending(x => x.Count).ThenBy(x => x.Country)
            .ToListAsync(ct);
        return rows.Select(x => (x.Country, x.Count)).ToList();
    }

    /// <summary>The plates of the scope, last seen first, at most <paramref name="take"/>, and how many there are in all.</summary>
    public async Task<(IReadOnlyList<PlateStats> Plates, int TotalPlates, int TotalReads)> PlatesAsync(ReadScope scope, int take, CancellationToken ct)
    {
        List<(string Key, int Count, DateTime First, DateTime Last, float Best)> groups;
        int totalPlates, totalReads;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var reads = Apply(Plates(db), scope);
            var rows = await reads.GroupBy(r => r.EffectiveText)
                .Select(g => new { Key = g.Key, Count = g.Count(), First = g.Min(r => r.CreatedAt), Last = g.Max(r => r.CreatedAt), Best = g.Max(r => r.Confidence) })
                .OrderByDescending(x => x.Last).ThenBy(x => x.Key)
                .Take(take + 1)
                .ToListAsync(ct);
            groups = rows.Select(x => (x.Key, x.Count, x.First, x.Last, x.Best)).ToList();
            totalPlates = groups.Count > take ? await reads.Select(r => r.EffectiveText).Distinct().CountAsync(ct) : groups.Count;
            totalReads = groups.Count > take ? await reads.CountAsync(ct) : groups.Sum(g => g.Count);
        }

        var plates = new List<PlateStats>();
        foreach (var g in groups.Take(take))
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var newest = await Project(db, Apply(Plates(db), scope with { PlateKey = g.Key }).NewestFirst())
                .Take(GroundingLimits.MaxSourceReads).ToListAsync(ct);
            plates.Add(new PlateStats(g.Key, g.Count, g.First, g.Last, g.Best, newest[0], newest.Select(r => r.Id).ToList()));
        }
        return (plates, totalPlates, totalReads);
    }

    /// <summary>
    /// Runs an aggregate's own query on the reads of <paramref name="scope"/>, in one context without tracking,
    /// so a new aggregate brings its query with it (<see cref="IAggregate"/>).
    /// </summary>
    public async Task<T> QueryAsync<T>(ReadScope scope, Func<IQueryable<PlateReadEntity>, CancellationToken, Task<T>> query, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await query(Apply(Plates(db), scope), ct);
    }

    private static IQueryable<PlateReadEntity> Apply(IQueryable<PlateReadEntity> reads, ReadScope scope)
    {
        reads = reads.InPeriod(scope.FromUtc, scope.ToUtc);
        if (scope.PlateKey is { } key) reads = reads.Where(IsPlate(key));
        if (scope.Prefix is { } prefix) reads = reads.EffectiveTextStartsWith(prefix);
        if (scope.Country is { } country) reads = reads.OfCountry(country);
        // CorrectedSkeleton is set with CorrectedText and indexed, so "corrected reads" is an index scan.
        if (scope.CorrectedOnly) reads = reads.Where(r => r.CorrectedSkeleton != null);
        foreach (var filter in scope.Filters ?? []) reads = reads.Where(filter.Predicate);
        return reads;
    }

    /// <summary>Reads whose effective text is <paramref name="key"/> (one range of the EffectiveText index).</summary>
    private static Expression<Func<PlateReadEntity, bool>> IsPlate(string key) => r => r.EffectiveText == key;

    // Reads keep their camera's id without a foreign key (StoredImageConfiguration says why): the name is a lookup by primary key.
    private static IQueryable<ReadInfo> Project(PlateDbContext db, IQueryable<PlateReadEntity> reads) =>
        reads.Select(r => new ReadInfo(r.Id, r.Text, r.CorrectedText, r.Format, r.Country, r.Confidence, r.CreatedAt,
            r.CameraId == null ? null : db.Cameras.Where(c => c.Id == r.CameraId).Select(c => c.Name).FirstOrDefault()));
}
