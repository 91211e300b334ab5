using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using PlateWeb.Data.Entities;
using PlateWeb.Data.Time;
using PlateWeb.Recognition.Grammar;

namespace PlateWeb.Data.Storage;

/// <summary>History queries over stored reads.</summary>
public sealed class ReadQueries(IDbContextFactory<PlateDbContext> dbFactory) : IReadQueries
{
    public async Task<ReadPage> SearchAsync(ReadQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var reads = Filter(db, query, await AnyMarksAsync(db, ct));
        var total = await reads.CountAsync(ct);
        var items = await ToRows(db, Order(db, reads, query)
            .Skip(Math.Max(0, query.Skip))
            .Take(Math.Clamp(query.Take, 1, 500)))
            .ToListAsync(ct);
        return new ReadPage(items, total);
    }

    public async IAsyncEnumerable<ReadRow> ExportAsync(ReadQuery query, [EnumeratorCancellation] CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await foreach (var row in ToRows(db, Order(db, Filter(db, query, await AnyMarksAsync(db, ct)), query)).AsAsyncEnumerable().WithCancellation(ct))
        {
            yield return row;
        }
    }

    public async Task<HistoryStats> StatsAsync(ReadQuery query, int days, int top, TimeZoneInfo zone, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(zone);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var reads = Filter(db, query, await AnyMarksAsync(db, ct));
        // Without a start date the charts show the `days` calendar days up to the newest read: one range
        // of the (CreatedAt, …) indexes instead of every read, which keeps them fast at 100 000 reads.
        // PostgreSQL with a search: MAX("CreatedAt") walks the CreatedAt index backwards, testing each read against
        // the LIKE patterns (it guesses that 1 read in 1 000 matches): ~220 ms at 100 000 reads. An expression that
        // index cannot give makes it take the few reads of the trigram indexes instead (~2 ms; docs/PERFORMANCE.md).
        var newest = db.IsPostgres() && HasSearch(query)
            ? await reads.MaxAsync(r => (DateTime?)r.CreatedAt.AddSeconds(0), ct)
            : await reads.MaxAsync(r => (DateTime?)r.CreatedAt, ct);
        DateOnly? since = query.From is null && newest is { } last ? ZoneTime.Day(last, zone).AddDays(1 - days) : null;
        if (since is { } first)
        {
            var start = ZoneTime.StartOfDayUtc(first, zone);
            reads = reads.Where(r => r.CreatedAt >= start);
        }
        var perDay = newest is null ? [] : await PerLocalDayAsync(reads, query, since, newest.Value, days, zone, ct);
        // Grouped by an expression, not the bare column: SQLite then reads the date range of the
        // (CreatedAt, …) index and groups those few rows, rather than walking all of the Country index
        // to get its groups in order (measured: ~20 ms less at 100 000 reads).
        var perCountry = await reads.GroupBy(r => r.Country ?? "?")
            .Select(g => new { Country = g.Key, Count = g.Count() })
            .ToListAsync(ct);
        var topPlates = await reads.GroupBy(r => r.CorrectedText ?? r.Text)
            .Select(g => new { Plate = g.Key, Count = g.Count() })
            .OrderByDescending(x => x.Count).ThenBy(x => x.Plate).Take(top).ToListAsync(ct);
        return new HistoryStats(
            perDay,
            perCountry.Select(x => new LabelCount(x.Country, x.Count))
                .OrderByDescending(x => x.Count).ThenBy(x => x.Label, StringComparer.Ordinal).ToList(),
            topPlates.Select(x => new LabelCount(x.Plate, x.Count)).ToList(),
            since?.ToDateTime(TimeOnly.MinValue));
    }

    /// <summary>
    /// Reads per local day of <paramref name="zone"/>, the newest <paramref name="days"/> days with reads, oldest first.
    /// SQLite knows no zones: the range is cut where the zone's offset changes (ZoneTime.OffsetRanges), each piece
    /// is grouped by its UTC time shifted by the piece's offset, and a day cut by a clock change adds its two pieces.
    /// </summary>
    private static async Task<List<LabelCount>> PerLocalDayAsync(
        IQueryable<PlateReadEntity> reads, ReadQuery query, DateOnly? since, DateTime newest, int days, TimeZoneInfo zone, CancellationToken ct)
    {
        // No "since" means the query gave a start date.
        var from = since is { } first ? ZoneTime.StartOfDayUtc(first, zone) : query.From!.Value;
        var to = query.To is { } end && end <= newest ? end : newest.AddSeconds(1);
        var counts = new Dictionary<DateTime, int>();
        foreach (var (pieceFrom, pieceTo, offset) in ZoneTime.OffsetRanges(zone, from, to))
        {
            var piece = reads.Where(r => r.CreatedAt >= pieceFrom && r.CreatedAt < pieceTo);
            var minutes = offset.TotalMinutes;
            var groups = minutes == 0
                ? await piece.GroupBy(r => r.CreatedAt.Date).Select(g => new { Day = g.Key, Count = g.Count() }).ToListAsync(ct)
                : await piece.GroupBy(r => r.CreatedAt.AddMinutes(minutes).Date).Select(g => new { Day = g.Key, Count = g.Count() }).ToListAsync(ct);
            foreach (var g in groups) counts[g.Day] = counts.GetValueOrDefault(g.Day) + g.Count;
        }
        return counts.OrderByDescending(x => x.Key).Take(days).OrderBy(x => x.Key)
            .Select(x => new LabelCount(x.Key.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), x.Value))
            .ToList();
    }

    public async Task<IReadOnlyList<string>> CountriesAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Reads.AsNoTracking().Where(r => r.Country != null).Select(r => r.Country!).Distinct().OrderBy(c => c).ToListAsync(ct);
    }

    /// <exception cref="SearchTooLongException">The search holds more than <see cref="ReadQuery.MaxSearchCharacters"/> letters and digits.</exception>
    /// <summary>Whether any read is marked "not a plate": while none is, the queries skip the NOT EXISTS probe, which
    /// visits every counted row (`platectl bench-history`, 100 000 reads: the first page with its total went from
    /// 0.9 ms to 10.4 ms p50 with the probe; docs/PERFORMANCE.md).</summary>
    internal static Task<bool> AnyMarksAsync(PlateDbContext db, CancellationToken ct) => db.NotAPlateMarks.AnyAsync(ct);

    /// <param name="anyMarks">False when no read is marked "not a plate" (<see cref="AnyMarksAsync"/>).</param>
    internal static IQueryable<PlateReadEntity> Filter(PlateDbContext db, ReadQuery query, bool anyMarks = true)
    {
        if (ReadQuery.SearchProblem(query.Search) is { } problem) throw new SearchTooLongException(problem);
        var reads = db.Reads.AsNoTracking();
        if (query.NotAPlate) reads = reads.OnlyNotAPlate(db);
        else if (anyMarks) reads = reads.ExceptNotAPlate(db);
        var skeleton = PlateGrammar.Skeleton(query.Search ?? string.Empty);
        if (skeleton.Length > 0)
        {
            var patterns = SearchPatterns(skeleton).ToArray();
            reads = db.IsPostgres() ? MatchOnPostgres(reads, patterns) : MatchOnSqlite(db, reads, patterns);
        }
        if (!string.IsNullOrWhiteSpace(query.Country)) reads = reads.OfCountry(query.Country);
        if (query.MinConfidence is { } min) reads = reads.Where(r => r.Confidence >= min);
        reads = reads.InPeriod(query.From, query.To);
        if (query.CameraId is { } camera) reads = reads.Where(r => r.CameraId == camera);
        return reads;
    }

    private static IQueryable<PlateReadEntity> MatchOnSqlite(PlateDbContext db, IQueryable<PlateReadEntity> reads, string[] likes)
    {
        if (SkeletonIndex.MatchQuery(likes) is { } match)
        {
            // The trigram index names the few reads that can match; without it every row's
            // skeletons would go through every LIKE pattern (about a second at 100 000 reads).
            var candidates = db.Database.SqlQuery<long>($"SELECT rowid AS Value FROM ReadSkeletons WHERE ReadSkeletons MATCH {match}");
            reads = reads.Where(r => candidates.Contains(r.Id));
        }
        // Skeletons map O/0/D, I/1, B/8, S/5… to one class, so "A8I23CD" finds "AB123CD". The
        // patterns go as one JSON array parameter (json_each), not as one OR term each: the SQL and
        // the expression tree keep one size whatever the search (a chain of ORs overflowed the stack).
        return reads.Where(r => EF.Parameter(likes).Any(p => EF.Functions.Like(r.Skeleton, p) || EF.Functions.Like(r.CorrectedSkeleton, p)));
    }

    // One LIKE ANY (@patterns) per column: each is answered from that column's pg_trgm index (PostgresModel), so no
    // candidate query is needed; an OR inside one ANY would hide the patterns from the indexes.
    private static IQueryable<PlateReadEntity> MatchOnPostgres(IQueryable<PlateReadEntity> reads, string[] likes) =>
        reads.Where(r => EF.Parameter(likes).Any(p => EF.Functions.Like(r.Skeleton, p))
            || EF.Parameter(likes).Any(p => EF.Functions.Like(r.CorrectedSkeleton, p)));

    /// <summary>
    /// LIKE patterns for a skeleton (<see cref="PlateMatcher"/>'s neighbours): the skeleton itself anywhere in the plate
    /// and, from <see cref="PlateMatcher.MinLengthForEdit"/> characters on, the skeleton with one character missing (the query has an extra one) or with
    /// one more character anywhere (the query lacks one). Shorter queries would match too much.
    /// Skeletons hold only A-Z and 0-9, so they never contain LIKE's wildcards.
    /// </summary>
    internal static IReadOnlyList<string> SearchPatterns(string skeleton)
    {
        var patterns = new List<string> { skeleton };
        if (PlateMatcher.AllowsEdit(skeleton.Length))
        {
            patterns.AddRange(PlateMatcher.Deletions(skeleton));
            patterns.AddRange(PlateMatcher.Insertions(skeleton, '_'));
        }
        return patterns.Select(p => $"%{p}%").Distinct(StringComparer.Ordinal).ToList();
    }

    private static IOrderedQueryable<PlateReadEntity> Order(PlateDbContext db, IQueryable<PlateReadEntity> reads, ReadQuery query) =>
        db.IsPostgres() && HasSearch(query) ? OrderSearchOnPostgres(reads, query) : Order(reads, query);

    private static bool HasSearch(ReadQuery query) => PlateGrammar.Skeleton(query.Search ?? string.Empty).Length > 0;

    /// <summary>
    /// A search's page on PostgreSQL, ordered by expressions that no index gives. Ordered by the bare column, with a LIMIT,
    /// PostgreSQL walks that column's index testing each read against the LIKE patterns until it has a page (it guesses
    /// that many match): at 1 000 000 reads a search that matches a few reads took 3.3 s. This way it takes the few reads
    /// of the trigram indexes and sorts them (`platectl bench-history`, docs/PERFORMANCE.md).
    /// </summary>
    private static IOrderedQueryable<PlateReadEntity> OrderSearchOnPostgres(IQueryable<PlateReadEntity> reads, ReadQuery query) =>
        (query.Sort, query.Descending) switch
        {
            (ReadSort.Text, false) => reads.OrderBy(r => r.NormalizedText + "").ThenBy(r => r.Id + 0),
            (ReadSort.Text, true) => reads.OrderByDescending(r => r.NormalizedText + "").ThenByDescending(r => r.Id + 0),
            (ReadSort.Confidence, false) => reads.OrderBy(r => r.Confidence + 0f).ThenBy(r => r.Id + 0),
            (ReadSort.Confidence, true) => reads.OrderByDescending(r => r.Confidence + 0f).ThenByDescending(r => r.Id + 0),
            (ReadSort.Country, false) => reads.OrderBy(r => r.Country == null).ThenBy(r => r.Country + "").ThenBy(r => r.Id + 0),
            (ReadSort.Country, true) => reads.OrderByDescending(r => r.Country == null).ThenByDescending(r => r.Country + "").ThenByDescending(r => r.Id + 0),
            (_, false) => reads.OrderBy(r => r.CreatedAt.AddSeconds(0)).ThenBy(r => r.Id + 0),
            _ => reads.OrderByDescending(r => r.CreatedAt.AddSeconds(0)).ThenByDescending(r => r.Id + 0),
        };

    private static IOrderedQueryable<PlateReadEntity> Order(IQueryable<PlateReadEntity> reads, ReadQuery query) =>
        (query.Sort, query.Descending) switch
        {
            (ReadSort.Text, false) => reads.OrderBy(r => r.NormalizedText).ThenBy(r => r.Id),
            (ReadSort.Text, true) => reads.OrderByDescending(r => r.NormalizedText).ThenByDescending(r => r.Id),
            (ReadSort.Confidence, false) => reads.OrderBy(r => r.Confidence).ThenBy(r => r.Id),
            (ReadSort.Confidence, true) => reads.OrderByDescending(r => r.Confidence).ThenByDescending(r => r.Id),
            (ReadSort.Country, false) => reads.OrderBy(r => r.Country).ThenBy(r => r.Id),
            (ReadSort.Country, true) => reads.OrderByDescending(r => r.Country).ThenByDescending(r => r.Id),
            (_, false) => reads.OrderBy(r => r.CreatedAt).ThenBy(r => r.Id),
            _ => reads.NewestFirst(),
        };

    // The quad (a JSON column) is turned into four bounds as the rows are read (client side of the projection).
    private static IQueryable<ReadRow> ToRows(PlateDbContext db, IQueryable<PlateReadEntity> reads) =>
        reads.Select(r => Row(r.Id, r.ImageId, r.Text, r.CorrectedText, r.Confidence, r.Country, r.Format, r.CreatedAt, r.Image!.OriginalFileName,
            r.Quad, r.Image.Width, r.Image.Height,
            r.CameraId == null ? null : db.Cameras.Where(c => c.Id == r.CameraId).Select(c => c.Name).FirstOrDefault(), r.CameraId));

    private static ReadRow Row(
        long id, long imageId, string text, string? correctedText, float confidence, string? country, string? format, DateTime createdAt,
        string fileName, float[]? quad, int width, int height, string? camera, int? cameraId)
    {
        if (quad is not { Length: 8 }) return new ReadRow(id, imageId, text, correctedText, confidence, country, format, createdAt, fileName, Camera: camera, CameraId: cameraId);
        var xs = new[] { quad[0], quad[2], quad[4], quad[6] };
        var ys = new[] { quad[1], quad[3], quad[5], quad[7] };
        return new ReadRow(id, imageId, text, correctedText, confidence, country, format, createdAt, fileName,
            xs.Min(), ys.Min(), xs.Max(), ys.Max(), width, height, camera, cameraId);
    }

    /// <summary>Counts for the About page.</summary>
    public async Task<(int Images, int Reads)> CountAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return (await db.Images.CountAsync(ct), await db.Reads.CountAsync(ct));
    }
}
