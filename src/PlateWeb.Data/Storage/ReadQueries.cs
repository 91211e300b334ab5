using Microsoft.EntityFrameworkCore;
using PlateWeb.Recognition.Grammar;

namespace PlateWeb.Data.Storage;

/// <summary>Columns the history can be sorted by.</summary>
public enum ReadSort
{
    CreatedAt,
    Text,
    Confidence,
    Country,
}

/// <summary>One page of the history. <paramref name="Search"/> is matched through confusion skeletons.</summary>
public sealed record ReadQuery(string? Search = null, int Skip = 0, int Take = 25, ReadSort Sort = ReadSort.CreatedAt, bool Descending = true);

/// <summary>A read as the history lists it.</summary>
public sealed record ReadRow(
    long Id, long ImageId, string Text, string? CorrectedText, float Confidence, string? Country, string? Format,
    DateTime CreatedAt, string FileName);

public sealed record ReadPage(IReadOnlyList<ReadRow> Items, int TotalCount);

/// <summary>History queries over stored reads (an interface so pages can be tested with a fake).</summary>
public interface IReadQueries
{
    Task<ReadPage> SearchAsync(ReadQuery query, CancellationToken ct);

    Task<(int Images, int Reads)> CountAsync(CancellationToken ct);
}

/// <summary>History queries over stored reads.</summary>
public sealed class ReadQueries(IDbContextFactory<PlateDbContext> dbFactory) : IReadQueries
{
    public async Task<ReadPage> SearchAsync(ReadQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var reads = db.Reads.AsNoTracking();
        var skeleton = PlateGrammar.Skeleton(query.Search ?? string.Empty);
        if (skeleton.Length > 0)
        {
            // Skeletons map O/0/D, I/1, B/8, S/5… to one class, so "A8I23CD" finds "AB123CD".
            reads = reads.Where(r => r.Skeleton.Contains(skeleton) || (r.CorrectedSkeleton != null && r.CorrectedSkeleton.Contains(skeleton)));
        }

        var total = await reads.CountAsync(ct);
        reads = (query.Sort, query.Descending) switch
        {
            (ReadSort.Text, false) => reads.OrderBy(r => r.NormalizedText).ThenBy(r => r.Id),
            (ReadSort.Text, true) => reads.OrderByDescending(r => r.NormalizedText).ThenByDescending(r => r.Id),
            (ReadSort.Confidence, false) => reads.OrderBy(r => r.Confidence).ThenBy(r => r.Id),
            (ReadSort.Confidence, true) => reads.OrderByDescending(r => r.Confidence).ThenByDescending(r => r.Id),
            (ReadSort.Country, false) => reads.OrderBy(r => r.Country).ThenBy(r => r.Id),
            (ReadSort.Country, true) => reads.OrderByDescending(r => r.Country).ThenByDescending(r => r.Id),
            (_, false) => reads.OrderBy(r => r.CreatedAt).ThenBy(r => r.Id),
            _ => reads.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id),
        };
        var items = await reads
            .Skip(Math.Max(0, query.Skip))
            .Take(Math.Clamp(query.Take, 1, 500))
            .Select(r => new ReadRow(r.Id, r.ImageId, r.Text, r.CorrectedText, r.Confidence, r.Country, r.Format, r.CreatedAt, r.Image!.OriginalFileName))
            .ToListAsync(ct);
        return new ReadPage(items, total);
    }

    /// <summary>Counts for the About page.</summary>
    public async Task<(int Images, int Reads)> CountAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return (await db.Images.CountAsync(ct), await db.Reads.CountAsync(ct));
    }
}
