using Microsoft.EntityFrameworkCore;
using PlateWeb.Data.Storage;
using PlateWeb.Recognition.Detection;
using PlateWeb.Recognition.Grammar;
using PlateWeb.Recognition.Pipeline;

namespace PlateWeb.Data.Tests;

/// <summary>
/// PlateSummaries on a real database (SQLite and PostgreSQL): one row per distinct plate with its count, first and last read, kept in step by
/// the triggers on PlateReads through every write the store makes; and PlateReads.CreatedMinute computed by the database.
/// </summary>
public abstract class PlateSummaryIndexTests(TempDatabase db) : IAsyncLifetime
{
    private protected readonly TempDatabase _db = db;

    public Task InitializeAsync() => _db.InitializeAsync();

    public Task DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task Summaries_FollowInsertCorrectionAndDelete()
    {
        var first = await _db.Store.StoreAsync(FakePng(1), "a.png", 10, 10, [Read("AB123CD", "AB-123-CD"), Read("GH456JK", "GH-456-JK")], default);
        var second = await _db.Store.StoreAsync(FakePng(2), "b.png", 10, 10, [Read("AB123CD", "AB-123-CD")], default);
        Assert.Equal([("AB123CD", "A8123C0", "123C0", 2), ("GH456JK", "6H456JK", "456JK", 1)], await SummariesAsync());

        // A correction moves the read from one plate to another, with the corrected skeleton.
        var moved = first.Image.Reads.Single(r => r.NormalizedText == "GH456JK").Id;
        await _db.Store.CorrectAsync(moved, "AB-123-CD", default);
        Assert.Equal([("AB123CD", "A8123C0", "123C0", 3)], await SummariesAsync());
        await _db.Store.CorrectAsync(moved, "ZZ-999-ZZ", default);
        Assert.Equal([("AB123CD", "A8123C0", "123C0", 2), ("ZZ999ZZ", "2299922", "99922", 1)], await SummariesAsync());

        // The last read of a plate takes its row with it.
        await _db.Store.DeleteImageAsync(first.Image.Id, default);
        Assert.Equal([("AB123CD", "A8123C0", "123C0", 1)], await SummariesAsync());
        await _db.Store.DeleteReadAsync(second.Image.Reads[0].Id, default);
        Assert.Empty(await SummariesAsync());
    }

    [Fact]
    public async Task Summaries_FirstAndLast_AreTheReadsTimes()
    {
        await _db.Store.StoreAsync(FakePng(3), "c.png", 10, 10, [Read("AB123CD", "AB-123-CD")], default);
        await _db.Store.StoreAsync(FakePng(4), "d.png", 10, 10, [Read("AB123CD", "AB-123-CD")], default);
        await using var db = await _db.DbFactory.CreateDbContextAsync();
        var times = await db.Reads.OrderBy(r => r.CreatedAt).Select(r => r.CreatedAt).ToListAsync();
        await db.Database.ExecuteSqlRawAsync("""UPDATE "PlateReads" SET "CreatedAt" = '2026-01-02 03:04:05' WHERE "Id" = (SELECT MIN("Id") FROM "PlateReads")""");

        var summary = await db.PlateSummaries.SingleAsync();
        Assert.Equal(new DateTime(2026, 1, 2, 3, 4, 5), summary.FirstAt);
        Assert.Equal(times[^1], summary.LastAt);
        Assert.Equal(2, summary.Reads);
    }

    [Fact]
    public async Task CreatedMinute_IsTheUtcMinuteOfTheDay()
    {
        await _db.Store.StoreAsync(FakePng(7), "g.png", 10, 10, [Read("AB123CD", "AB-123-CD")], default);
        await using var db = await _db.DbFactory.CreateDbContextAsync();
        await db.Database.ExecuteSqlRawAsync("""UPDATE "PlateReads" SET "CreatedAt" = '2026-07-14 23:59:30.25'""");

        var read = await db.Reads.AsNoTracking().SingleAsync();
        Assert.Equal(23 * 60 + 59, read.CreatedMinute);
        Assert.Equal(1, await db.Reads.CountAsync(r => r.CreatedMinute >= 1439));
    }

    private protected async Task<List<(string, string, string, int)>> SummariesAsync()
    {
        await using var db = await _db.DbFactory.CreateDbContextAsync();
        var rows = await db.PlateSummaries.AsNoTracking().OrderBy(p => p.EffectiveText).ToListAsync();
        return rows.Select(p => (p.EffectiveText, p.Skeleton, p.SkeletonTail, p.Reads)).ToList();
    }

    private protected static PlateRead Read(string text, string display) => new(
        text, display, 0.9f, [.. text.Select(_ => 0.9f)], [new PlateCandidate(text, 0.9f, "FR-SIV")],
        new Quad(new PointF(1, 2), new PointF(30, 2), new PointF(30, 12), new PointF(1, 12)),
        "FR", "FR-SIV", 0.9f, "French SIV format", text, []);

    private protected static byte[] FakePng(int seed) => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, (byte)seed, (byte)seed, (byte)seed];
}

public sealed class PlateSummaryIndexSqliteTests() : PlateSummaryIndexTests(new TempDatabase())
{
    [Fact]
    public async Task Ensure_TriggersDropped_AreCreatedAgainAndTheTableRefilled()
    {
        await _db.Store.StoreAsync(FakePng(5), "e.png", 10, 10, [Read("AB123CD", "AB-123-CD")], default);
        await using (var db = await _db.DbFactory.CreateDbContextAsync())
        {
            Assert.False(await PlateSummaryIndex.EnsureAsync(db, default));
            await db.Database.ExecuteSqlRawAsync(PlateSummaryIndex.DropSql);
            await db.Database.ExecuteSqlRawAsync("""DELETE FROM "PlateSummaries";""");
            Assert.True(await PlateSummaryIndex.EnsureAsync(db, default));
        }
        Assert.Equal([("AB123CD", "A8123C0", "123C0", 1)], await SummariesAsync());

        await _db.Store.StoreAsync(FakePng(6), "f.png", 10, 10, [Read("AB123CD", "AB-123-CD")], default);
        Assert.Equal([("AB123CD", "A8123C0", "123C0", 2)], await SummariesAsync());
    }
}

public sealed class PlateSummaryIndexPostgresTests(PostgresDatabase database) : PlateSummaryIndexTests(new TempDatabase(database)), IClassFixture<PostgresDatabase>;
