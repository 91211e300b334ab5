using Microsoft.EntityFrameworkCore;
using PlateWeb.Data.Storage;
using PlateWeb.Data.Time;

using static PlateWeb.Data.Tests.TestReads;

namespace PlateWeb.Data.Tests;

public abstract class ZoneTimeTests(TempDatabase db) : IAsyncLifetime
{
    private static readonly TimeZoneInfo Paris = ZoneTime.Find("Europe/Paris", "test");

    private protected readonly TempDatabase _db = db;

    public Task InitializeAsync() => _db.InitializeAsync();

    public Task DisposeAsync() => _db.DisposeAsync();

    [Theory]
    [InlineData("Europe/Paris")]
    [InlineData("Pacific/Auckland")]
    [InlineData("America/Argentina/Buenos_Aires")]
    [InlineData("Etc/GMT+5")]
    [InlineData("UTC")]
    public void TryFind_IanaIds_AreZones(string id)
    {
        Assert.True(ZoneTime.TryFind(id, out var zone));
        Assert.NotNull(zone);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("../../../etc/passwd")]
    [InlineData("Europe/../Europe/Paris")]
    [InlineData("/usr/share/zoneinfo/Europe/Paris")]
    [InlineData("zone.tab")]
    [InlineData("Europe/Paris\n")]
    [InlineData("<script>")]
    [InlineData("Europe/Paris; rm -rf")]
    public void TryFind_Garbage_IsRefused(string? id)
    {
        Assert.False(ZoneTime.TryFind(id, out var zone));
        Assert.Equal(TimeZoneInfo.Utc, zone);
    }

    [Fact]
    public void TryFind_TooLong_IsRefused() => Assert.False(ZoneTime.TryFind("Europe/" + new string('A', 80), out _));

    [Fact]
    public void Iso_WritesTheOffsetOfTheInstant()
    {
        Assert.Equal("2026-01-02T00:30:00+01:00", ZoneTime.Iso(new DateTime(2026, 1, 1, 23, 30, 0), Paris));
        Assert.Equal("2026-07-02T01:30:00+02:00", ZoneTime.Iso(new DateTime(2026, 7, 1, 23, 30, 0), Paris));
        Assert.Equal("2026-01-01T23:30:00Z", ZoneTime.Iso(new DateTime(2026, 1, 1, 23, 30, 0), TimeZoneInfo.Utc));
    }

    [Fact]
    public void OffsetRanges_CutAtTheClockChange()
    {
        // Paris went to summer time on 2026-03-29 at 01:00 UTC.
        var ranges = ZoneTime.OffsetRanges(Paris, new DateTime(2026, 3, 20), new DateTime(2026, 4, 5));

        Assert.Equal(2, ranges.Count);
        Assert.Equal((new DateTime(2026, 3, 20), new DateTime(2026, 3, 29, 1, 0, 0), TimeSpan.FromHours(1)), ranges[0]);
        Assert.Equal((new DateTime(2026, 3, 29, 1, 0, 0), new DateTime(2026, 4, 5), TimeSpan.FromHours(2)), ranges[1]);
        Assert.Single(ZoneTime.OffsetRanges(Paris, new DateTime(2026, 1, 1), new DateTime(2026, 2, 1)));
    }

    [Fact]
    public void StartOfDayUtc_IsLocalMidnight()
    {
        Assert.Equal(new DateTime(2026, 1, 1, 23, 0, 0), ZoneTime.StartOfDayUtc(new DateOnly(2026, 1, 2), Paris));
        Assert.Equal(new DateTime(2026, 7, 1, 22, 0, 0), ZoneTime.StartOfDayUtc(new DateOnly(2026, 7, 2), Paris));
    }

    [Fact]
    public async Task Stats_PerDay_CountsTheUsersDays()
    {
        // 23:30 UTC on 1 January is 00:30 on 2 January in Paris; 22:30 UTC on 28 March is 23:30 the same day,
        // and 22:30 UTC on 29 March (after the clock change) is 00:30 on 30 March.
        await StoreAtAsync(1, new DateTime(2026, 1, 1, 23, 30, 0));
        await StoreAtAsync(2, new DateTime(2026, 1, 1, 12, 0, 0));
        await StoreAtAsync(3, new DateTime(2026, 3, 28, 22, 30, 0));
        await StoreAtAsync(4, new DateTime(2026, 3, 29, 22, 30, 0));
        var all = new ReadQuery(From: new DateTime(2025, 12, 1, 0, 0, 0, DateTimeKind.Utc));

        var utc = await _db.Queries.StatsAsync(all, days: 400, top: 10, TimeZoneInfo.Utc, default);
        var paris = await _db.Queries.StatsAsync(all, days: 400, top: 10, Paris, default);

        Assert.Equal([new("2026-01-01", 2), new("2026-03-28", 1), new("2026-03-29", 1)], utc.PerDay);
        Assert.Equal([new("2026-01-01", 1), new("2026-01-02", 1), new("2026-03-28", 1), new("2026-03-30", 1)], paris.PerDay);
    }

    [Fact]
    public async Task Stats_WithoutStart_CountsThe30LocalDaysUpToTheNewestRead()
    {
        await StoreAtAsync(1, new DateTime(2026, 1, 31, 23, 30, 0));
        await StoreAtAsync(2, new DateTime(2026, 1, 1, 23, 30, 0));
        await StoreAtAsync(3, new DateTime(2026, 1, 2, 12, 0, 0));

        var paris = await _db.Queries.StatsAsync(new ReadQuery(), days: 30, top: 10, Paris, default);

        // Paris's newest day is 1 February: the 30 days start on 3 January, so the read of 00:30 on 2 January is out.
        Assert.Equal(new DateTime(2026, 1, 3), paris.Since);
        Assert.Equal([new LabelCount("2026-02-01", 1)], paris.PerDay);
    }

    private async Task StoreAtAsync(int seed, DateTime utc)
    {
        var stored = await _db.Store.StoreAsync(FakePng(seed), $"{seed}.png", 10, 10, [Read("AB123CD", "AB-123-CD")], default);
        await using var db = await _db.DbFactory.CreateDbContextAsync();
        var id = stored.Image.Reads[0].Id;
        await db.Reads.Where(r => r.Id == id).ExecuteUpdateAsync(s => s.SetProperty(r => r.CreatedAt, utc));
    }
}

public sealed class ZoneTimeSqliteTests() : ZoneTimeTests(new TempDatabase());

public sealed class ZoneTimePostgresTests(PostgresDatabase database) : ZoneTimeTests(new TempDatabase(database)), IClassFixture<PostgresDatabase>;
