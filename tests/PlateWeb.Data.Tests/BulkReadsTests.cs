using Microsoft.EntityFrameworkCore;
using PlateWeb.Data.Entities;
using PlateWeb.Data.Storage;

using static PlateWeb.Data.Tests.TestReads;

namespace PlateWeb.Data.Tests;

/// <summary>Bulk "not a plate" and delete, over ticked reads or every read the filters select, on a real SQLite file.</summary>
public abstract class BulkReadsTests(TempDatabase db) : IAsyncLifetime
{
    private protected readonly TempDatabase _db = db;
    private BulkReads _bulk = null!;

    public async Task InitializeAsync()
    {
        await _db.InitializeAsync();
        _bulk = new BulkReads(_db.DbFactory, TimeProvider.System);
    }

    public Task DisposeAsync() => _db.DisposeAsync();

    private async Task<long[]> StoreAsync()
    {
        await _db.Store.StoreAsync(FakePng(61), "gate.png", 40, 20,
            [Read("AB123CD", "AB-123-CD"), Read("STOP", "STOP", 0.4f, "DE"), Read("XY456ZT", "XY-456-ZT")], CancellationToken.None);
        await _db.Store.StoreAsync(FakePng(62), "shop.png", 40, 20, [Read("OPEN24", "OPEN24", 0.3f, "DE")], CancellationToken.None);
        await using var db = await _db.DbFactory.CreateDbContextAsync();
        return await db.Reads.OrderBy(r => r.Id).Select(r => r.Id).ToArrayAsync();
    }

    private async Task<IReadOnlyList<string>> ListedAsync(ReadQuery query) =>
        (await _db.Queries.SearchAsync(query, CancellationToken.None)).Items.Select(r => r.Text).Order(StringComparer.Ordinal).ToList();

    [Fact]
    public async Task MarkNotAPlate_HidesTheReadsFromTheHistoryAndItsExport_TheNotAPlateFilterShowsThem_Audited()
    {
        var ids = await StoreAsync();

        var marked = await _bulk.MarkNotAPlateAsync(ReadSelection.Of([ids[1], ids[3]]), "alice", CancellationToken.None);
        var again = await _bulk.MarkNotAPlateAsync(ReadSelection.Of([ids[1]]), "alice", CancellationToken.None);

        Assert.Equal((2, 0), (marked, again));
        Assert.Equal(["AB-123-CD", "XY-456-ZT"], await ListedAsync(new ReadQuery()));
        Assert.Equal(["OPEN24", "STOP"], await ListedAsync(new ReadQuery(NotAPlate: true)));
        var exported = new List<string>();
        await foreach (var row in _db.Queries.ExportAsync(new ReadQuery(), CancellationToken.None)) exported.Add(row.Text);
        Assert.Equal(2, exported.Count);
        Assert.DoesNotContain("STOP", exported);
        var stats = await _db.Queries.StatsAsync(new ReadQuery(), 30, 10, TimeZoneInfo.Utc, CancellationToken.None);
        Assert.DoesNotContain(stats.TopPlates, p => p.Label == "STOP");
        Assert.DoesNotContain(stats.PerCountry, c => c.Label == "DE");
        // Kept, with where the text sits, for the reader's training.
        var rejected = new List<RejectedRead>();
        await foreach (var r in _bulk.RejectedAsync(CancellationToken.None)) rejected.Add(r);
        Assert.Equal(["STOP", "OPEN24"], rejected.Select(r => r.Text));
        Assert.Equal([1f, 2f, 30f, 2f, 30f, 12f, 1f, 12f], rejected[0].Quad);
        Assert.All(rejected, r => Assert.Equal("alice", r.MarkedBy));
        var audit = (await new AuditLog(_db.DbFactory).ListAsync(0, 10, CancellationToken.None)).Items;
        Assert.Equal(2, audit.Count);
        Assert.All(audit, a => Assert.Equal(("alice", AuditAction.MarkedNotAPlate), (a.User, a.Action)));
        Assert.Equal([ids[1], ids[3]], audit.Select(a => a.TargetId!.Value).Order());
    }

    [Fact]
    public async Task MarkAllMatchingTheFilter_MarksOnlyThoseReads_UnmarkPutsThemBack()
    {
        var ids = await StoreAsync();

        // "All matching the filter": the DE reads below 50 %, whatever page the grid shows.
        var selection = ReadSelection.Matching(new ReadQuery(Country: "DE", MinConfidence: 0.2f, Skip: 25, Take: 1));
        Assert.Equal(2, await _bulk.CountAsync(selection, CancellationToken.None));
        Assert.Equal(2, await _bulk.MarkNotAPlateAsync(selection, "bob", CancellationToken.None));
        Assert.Equal(["AB-123-CD", "XY-456-ZT"], await ListedAsync(new ReadQuery()));

        Assert.Equal(1, await _bulk.UnmarkNotAPlateAsync(ReadSelection.Of([ids[3]]), "bob", CancellationToken.None));
        Assert.Equal(["AB-123-CD", "OPEN24", "XY-456-ZT"], await ListedAsync(new ReadQuery()));
        var audit = (await new AuditLog(_db.DbFactory).ListAsync(0, 10, CancellationToken.None)).Items;
        Assert.Equal(AuditAction.NotAPlateMarkRemoved, audit[0].Action);
        Assert.Equal(ids[3], audit[0].TargetId);
    }

    [Fact]
    public async Task DeleteAllMatchingTheFilter_DeletesThoseReadsAndTheirMarks_PicturesStay_EachAudited()
    {
        var ids = await StoreAsync();
        await _bulk.MarkNotAPlateAsync(ReadSelection.Of([ids[1]]), "carol", CancellationToken.None);

        // The hidden "not a plate" reads are a filter of their own: deleting the plates leaves them.
        var deleted = await _bulk.DeleteAsync(ReadSelection.Matching(new ReadQuery(Country: "FR")), "carol", CancellationToken.None);
        var deletedMarked = await _bulk.DeleteAsync(ReadSelection.Matching(new ReadQuery(NotAPlate: true)), "carol", CancellationToken.None);

        Assert.Equal((2, 1), (deleted, deletedMarked));
        await using var db = await _db.DbFactory.CreateDbContextAsync();
        Assert.Equal([ids[3]], await db.Reads.Select(r => r.Id).ToArrayAsync());
        Assert.Equal(0, await db.NotAPlateMarks.CountAsync());
        Assert.Equal(2, await db.Images.CountAsync());
        var audit = await db.AuditEntries.Where(a => a.Action == AuditAction.ReadDeleted).OrderBy(a => a.TargetId).ToListAsync();
        Assert.Equal([ids[0], ids[1], ids[2]], audit.Select(a => a.TargetId!.Value));
        Assert.All(audit, a => Assert.Equal("carol", a.User));
        Assert.Contains(audit, a => a.Detail == "AB-123-CD (image 1)");
    }

    [Fact]
    public async Task DeleteTickedReads_DeletesOnlyThose()
    {
        var ids = await StoreAsync();

        Assert.Equal(2, await _bulk.DeleteAsync(ReadSelection.Of([ids[0], ids[2], 999]), "dave", CancellationToken.None));

        Assert.Equal(["OPEN24", "STOP"], await ListedAsync(new ReadQuery()));
    }
}

public sealed class BulkReadsSqliteTests() : BulkReadsTests(new TempDatabase());

public sealed class BulkReadsPostgresTests(PostgresDatabase database) : BulkReadsTests(new TempDatabase(database)), IClassFixture<PostgresDatabase>;
