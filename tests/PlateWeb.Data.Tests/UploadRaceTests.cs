using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using PlateWeb.Data.Storage;

using static PlateWeb.Data.Tests.TestReads;

namespace PlateWeb.Data.Tests;

/// <summary>Uploads of the same bytes at once (a double click, two cameras): one image, and one quiet log line per loser.</summary>
public abstract class UploadRaceTests(TempDatabase db) : IAsyncLifetime
{
    private protected readonly TempDatabase _db = db;
    private readonly ConcurrentQueue<(string Category, LogLevel Level, string Message, Exception? Exception)> _logs = new();

    public Task InitializeAsync() => _db.InitializeAsync();

    public Task DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task Store_SameBytesAtOnce_OneImage_NoErrorLogged()
    {
        using var loggers = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(new Capture(_logs)));
        // EF Core logs through the context's logger factory: a failed insert is an error with its stack there.
        var dbOptions = _db.OptionsBuilder().UseLoggerFactory(loggers).Options;
        var store = new PlateStore(new Factory(dbOptions), Microsoft.Extensions.Options.Options.Create(_db.Options), TimeProvider.System, loggers.CreateLogger<PlateStore>());

        var results = new List<StoreResult>();
        for (var round = 0; round < 5; round++)
        {
            var bytes = FakePng(100 + round);
            results.AddRange(await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
                store.StoreAsync(bytes, "AZJ6991.png", 10, 10, [Read("AZJ6991", "AZJ-6991")], CancellationToken.None)))));
        }

        Assert.Equal(5, results.Where(r => !r.AlreadyStored).Count());
        await using var db = await _db.DbFactory.CreateDbContextAsync();
        Assert.Equal(5, await db.Images.CountAsync());
        Assert.DoesNotContain(_logs, l => l.Level >= LogLevel.Warning);
        Assert.DoesNotContain(_logs, l => l.Exception is not null);
        Assert.Equal(5, _logs.Count(l => l.Message.StartsWith("Stored image ", StringComparison.Ordinal)));
    }

    private sealed class Factory(DbContextOptions<PlateDbContext> options) : IDbContextFactory<PlateDbContext>
    {
        public PlateDbContext CreateDbContext() => new(options);
    }

    private sealed class Capture(ConcurrentQueue<(string, LogLevel, string, Exception?)> logs) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, logs);

        public void Dispose()
        {
        }
    }

    private sealed class Logger(string category, ConcurrentQueue<(string, LogLevel, string, Exception?)> logs) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            logs.Enqueue((category, logLevel, formatter(state, exception), exception));
    }
}

public sealed class UploadRaceSqliteTests() : UploadRaceTests(new TempDatabase());

public sealed class UploadRacePostgresTests(PostgresDatabase database) : UploadRaceTests(new TempDatabase(database)), IClassFixture<PostgresDatabase>;
