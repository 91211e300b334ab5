using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using PlateWeb.Data.Entities;

namespace PlateWeb.Data.Storage;

/// <summary>The reads a bulk action touches: those ticked in the history, or every read its filters select.</summary>
public sealed record ReadSelection(IReadOnlyCollection<long>? Ids, ReadQuery? Query)
{
    public static ReadSelection Of(IEnumerable<long> ids) => new(ids.Distinct().ToArray(), null);

    /// <summary>Every read <paramref name="query"/>'s filters select (its paging ignored).</summary>
    public static ReadSelection Matching(ReadQuery query) => new(null, query);
}

/// <summary>A read marked "not a plate", as <c>platectl export --rejected</c> writes it for the reader's training.</summary>
/// <param name="Quad">Where the rejected text sits in the picture (x0, y0 … x3, y3), pixels.</param>
/// <param name="ImagePath">The stored picture, relative to the data folder.</param>
public sealed record RejectedRead(
    long ReadId, long ImageId, string ImageSha256, string ImagePath, int ImageWidth, int ImageHeight, string Text,
    IReadOnlyList<float> Quad, DateTime MarkedAt, string? MarkedBy);

/// <summary>
/// Deleting or marking "not a plate" many reads at once, each audited as one read's change (in the same transaction).
/// </summary>
public sealed class BulkReads(IDbContextFactory<PlateDbContext> dbFactory, TimeProvider time)
{
    public async Task<int> CountAsync(ReadSelection selection, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await Selected(db, selection).CountAsync(ct);
    }

    /// <summary>Marks the selected reads "not a plate"; returns how many were not marked yet.</summary>
    public async Task<int> MarkNotAPlateAsync(ReadSelection selection, string? markedBy, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var marks = db.NotAPlateMarks;
        var reads = await Selected(db, selection).Where(r => !marks.Any(m => m.ReadId == r.Id))
            .Select(r => new { r.Id, r.Text, r.CorrectedText, r.ImageId }).ToListAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var read in reads)
        {
            db.NotAPlateMarks.Add(new NotAPlateMark { ReadId = read.Id, MarkedAt = now, MarkedBy = markedBy });
            AuditLog.Add(db, now, markedBy, AuditAction.MarkedNotAPlate, read.Id, $"{read.CorrectedText ?? read.Text} (image {read.ImageId})");
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return reads.Count;
    }

    /// <summary>Takes the "not a plate" mark off the selected reads (a mistake undone); returns how many had it.</summary>
    public async Task<int> UnmarkNotAPlateAsync(ReadSelection selection, string? by, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var ids = await Selected(db, selection).Select(r => r.Id).ToListAsync(ct);
        var marked = await db.NotAPlateMarks.Where(m => ids.Contains(m.ReadId)).Select(m => m.ReadId).ToListAsync(ct);
        await db.NotAPlateMarks.Where(m => marked.Contains(m.ReadId)).ExecuteDeleteAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var id in marked) AuditLog.Add(db, now, by, AuditAction.NotAPlateMarkRemoved, id, null);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return marked.Count;
    }

    /// <summary>Deletes the selected reads (their pictures stay), each audited as a read deletion; returns how many.</summary>
    public async Task<int> DeleteAsync(ReadSelection selection, string? deletedBy, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var reads = await Selected(db, selection).Select(r => new { r.Id, r.Text, r.CorrectedText, r.ImageId }).ToListAsync(ct);
        var ids = reads.Select(r => r.Id).ToArray();
        var deleted = await db.Reads.Where(r => ids.Contains(r.Id)).ExecuteDeleteAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var read in reads)
        {
            AuditLog.Add(db, now, deletedBy, AuditAction.ReadDeleted, read.Id, $"{read.CorrectedText ?? read.Text} (image {read.ImageId})");
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return deleted;
    }

    /// <summary>Every read marked "not a plate", oldest mark first, for the reader's training.</summary>
    public async IAsyncEnumerable<RejectedRead> RejectedAsync([EnumeratorCancellation] CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = db.NotAPlateMarks.AsNoTracking().OrderBy(m => m.MarkedAt).ThenBy(m => m.ReadId)
            .Select(m => new
            {
                m.ReadId,
                m.Read!.ImageId,
                m.Read.Image!.Sha256,
                m.Read.Image.StoredPath,
                m.Read.Image.Width,
                m.Read.Image.Height,
                m.Read.Text,
                m.Read.Quad,
                m.MarkedAt,
                m.MarkedBy,
            });
        await foreach (var r in rows.AsAsyncEnumerable().WithCancellation(ct))
        {
            yield return new RejectedRead(r.ReadId, r.ImageId, r.Sha256, r.StoredPath, r.Width, r.Height, r.Text, r.Quad, r.MarkedAt, r.MarkedBy);
        }
    }

    private static IQueryable<PlateReadEntity> Selected(PlateDbContext db, ReadSelection selection)
    {
        ArgumentNullException.ThrowIfNull(selection);
        if (selection.Query is { } query) return ReadQueries.Filter(db, query with { Skip = 0 });
        var ids = (selection.Ids ?? []).ToArray();
        return db.Reads.AsNoTracking().Where(r => ids.Contains(r.Id));
    }
}
