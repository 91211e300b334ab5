using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using OpenCvSharp;
using PlateWeb.Data.Cameras;
using PlateWeb.Jobs.UseCases;
using PlateWeb.Data.Entities;
using PlateWeb.Data.Sightings;
using PlateWeb.Data.Storage;
using PlateWeb.Recognition.Grammar;
using PlateWeb.Recognition.Video;

namespace PlateWeb.Data.Tests;

public abstract class PassStoreTests(TempDatabase db) : IAsyncLifetime
{
    private protected readonly TempDatabase _db = db;

    public Task InitializeAsync() => _db.InitializeAsync();

    public Task DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task Pass_Stored_ImageReadAndPassCarryTheCameraAndOneSightingIsPublished()
    {
        var cameras = new CameraStore(_db.DbFactory, TimeProvider.System);
        var camera = await cameras.SaveAsync(new Camera { Name = "Gate", ProtectedSource = "x", SourceDisplay = "rtsp://***@gate/stream" }, default);
        Assert.Equal([new CameraRef(camera.Id, "Gate")], await cameras.ListAsync(default));
        var bus = new SightingBus(NullLogger<SightingBus>.Instance);
        using var sightings = bus.Subscribe("test");
        var store = new PassStore(_db.DbFactory, _db.Store, bus, NullLogger<PassStore>.Instance);

        using var frame = new Mat(120, 200, MatType.CV_8UC3, Scalar.All(128));
        using var tracker = new PassTracker(new PassTrackerSettings(), new PlateGrammar(), "FR");
        var t0 = new DateTime(2026, 12, 5, 8, 0, 0, DateTimeKind.Utc);
        tracker.Observe(t0, frame, [TestReads.Read("AB123CD", "AB-123-CD", 0.7f)]);
        tracker.Observe(t0.AddMilliseconds(200), frame, [TestReads.Read("A8123CD", "A8-123-CD", 0.5f)]);
        tracker.Observe(t0.AddMilliseconds(400), frame, [TestReads.Read("AB123CD", "AB-123-CD", 0.8f)]);
        using var pass = Assert.Single(tracker.Flush());

        var stored = await store.StoreAsync(new CameraRef(camera.Id, "Gate"), pass, default);

        Assert.Equal("AB-123-CD", stored.Pass.Text);
        Assert.Equal(3, JsonDocumentLength(stored.Pass.ReadsJson));
        Assert.Equal(camera.Id, stored.Image.CameraId);
        Assert.Equal(t0.AddMilliseconds(400), stored.Image.CapturedAt);
        Assert.Equal(camera.Id, stored.Read!.CameraId);
        // The read is dated when the camera saw the plate, not when it was stored.
        Assert.Equal(t0.AddMilliseconds(400), stored.Read.CreatedAt);
        Assert.True(sightings.Reader.TryRead(out var sighting));
        Assert.Equal(new PlateSighting(stored.Read.Id, stored.Image.Id, "AB-123-CD", "AB123CD", "FR", stored.Pass.Confidence,
            new DateTimeOffset(t0.AddMilliseconds(400)), camera.Id, "Gate", stored.Pass.Id), sighting);
        Assert.False(sightings.Reader.TryRead(out _));

        var page = await _db.Queries.SearchAsync(new ReadQuery(CameraId: camera.Id), default);
        Assert.Equal("Gate", Assert.Single(page.Items).Camera);
        Assert.Empty((await _db.Queries.SearchAsync(new ReadQuery(CameraId: camera.Id + 1), default)).Items);
        var recent = Assert.Single(await store.RecentAsync(camera.Id, 5, default));
        Assert.Equal(stored.Image.Id, recent.ImageId);
        Assert.Equal(8, recent.Quad!.Length);

        // Removing the camera keeps its pictures and reads in the history, without a camera.
        Assert.True(await cameras.DeleteAsync(camera.Id, default));
        await using var db = await _db.DbFactory.CreateDbContextAsync();
        Assert.Null((await db.Reads.SingleAsync()).CameraId);
        Assert.Empty(await db.VehiclePasses.ToListAsync());
    }

    private static int JsonDocumentLength(string json) => System.Text.Json.JsonDocument.Parse(json).RootElement.GetArrayLength();
}

public sealed class PassStoreSqliteTests() : PassStoreTests(new TempDatabase());

public sealed class PassStorePostgresTests(PostgresDatabase database) : PassStoreTests(new TempDatabase(database)), IClassFixture<PostgresDatabase>;
