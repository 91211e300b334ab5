using PlateWeb.Data.Workers;

namespace PlateWeb.Data.Tests;

/// <summary>Workers announce themselves in the database; a worker that stops beating is shown as gone, then pruned.</summary>
public abstract class WorkerDirectoryTests(TempDatabase db) : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 6, 8, 0, 0, TimeSpan.Zero);
    private readonly TempDatabase _db = db;
    private readonly ManualClock _clock = new(T0);
    private WorkerDirectory _workers = null!;

    public async Task InitializeAsync()
    {
        await _db.InitializeAsync();
        _workers = new WorkerDirectory(_db.DbFactory, _clock);
    }

    public Task DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task Register_Beat_ListShowsCountersAndTimes()
    {
        var id = await _workers.RegisterAsync(new WorkerIdentity("ocr-1", "host-a", 4242, "1.2.3", T0.UtcDateTime.AddMinutes(-1)), 15, default);
        _clock.Now = T0.AddSeconds(14);
        var lastJob = T0.UtcDateTime.AddSeconds(10);

        Assert.True(await _workers.BeatAsync(id, new WorkerCounters(7, 2, lastJob), default));
        var worker = Assert.Single(await _workers.ListAsync(default));

        Assert.Equal(("ocr-1", "host-a", 4242, "1.2.3"), (worker.Name, worker.Host, worker.ProcessId, worker.Version));
        Assert.Equal((7L, 2L, false), (worker.JobsDone, worker.JobsFailed, worker.Gone));
        Assert.Equal(T0.UtcDateTime.AddSeconds(14), worker.LastSeenAt);
        Assert.Equal(DateTimeKind.Utc, worker.LastSeenAt.Kind);
        Assert.Equal(lastJob, worker.LastJobAt);
        Assert.Equal(T0.UtcDateTime.AddMinutes(-1), worker.StartedAt);
    }

    [Fact]
    public async Task NoBeatForThreeIntervals_ShownGone_ThenPrunedAfterADay()
    {
        var quiet = await _workers.RegisterAsync(new WorkerIdentity("quiet", "host-a", 1, "1", T0.UtcDateTime), 10, default);
        await _workers.RegisterAsync(new WorkerIdentity("busy", "host-b", 2, "1", T0.UtcDateTime), 10, default);
        _clock.Now = T0.AddSeconds(30);
        Assert.All(await _workers.ListAsync(default), w => Assert.False(w.Gone, w.Name));

        _clock.Now = T0.AddSeconds(31);
        var list = await _workers.ListAsync(default);
        Assert.All(list, w => Assert.True(w.Gone, w.Name));

        var busy = list.Single(w => w.Name == "busy").Id;
        Assert.True(await _workers.BeatAsync(busy, new WorkerCounters(1, 0, null), default));
        list = await _workers.ListAsync(default);
        // Connected first.
        Assert.Equal(["busy", "quiet"], list.Select(w => w.Name));
        Assert.Equal([false, true], list.Select(w => w.Gone));

        // A new worker's start removes rows not seen for over a day; the quiet one must register again.
        _clock.Now = T0 + WorkerDirectory.KeepGoneFor + TimeSpan.FromMinutes(1);
        await _workers.RegisterAsync(new WorkerIdentity("next", "host-c", 3, "1", _clock.Now.UtcDateTime), 10, default);
        Assert.Equal(["next"], (await _workers.ListAsync(default)).Select(w => w.Name));
        Assert.False(await _workers.BeatAsync(quiet, new WorkerCounters(0, 0, null), default));
    }

    [Fact]
    public async Task Remove_CleanStop_LeavesTheList()
    {
        var id = await _workers.RegisterAsync(new WorkerIdentity(new string('n', 300), "h", 1, "v", T0.UtcDateTime), 5, default);
        Assert.Equal(WorkerDirectory.MaxNameLength, Assert.Single(await _workers.ListAsync(default)).Name.Length);

        await _workers.RemoveAsync(id, default);

        Assert.Empty(await _workers.ListAsync(default));
    }

    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}

public sealed class WorkerDirectorySqliteTests() : WorkerDirectoryTests(new TempDatabase());

public sealed class WorkerDirectoryPostgresTests(PostgresDatabase database) : WorkerDirectoryTests(new TempDatabase(database)), IClassFixture<PostgresDatabase>;
