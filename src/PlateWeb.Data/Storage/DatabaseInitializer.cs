using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PlateWeb.Data.Storage;

/// <summary>At start-up: creates the data folder, applies migrations, turns on WAL, sweeps orphan files.</summary>
public sealed partial class DatabaseInitializer(
    IDbContextFactory<PlateDbContext> dbFactory,
    IOptions<DataOptions> options,
    PlateStore store,
    ILogger<DatabaseInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(options.Value.ImagesDirectory);
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            await db.Database.MigrateAsync(cancellationToken);
            // WAL lets the history read while the queue writes; the mode is stored in the file itself.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            if (await SkeletonIndex.EnsureAsync(db, cancellationToken)) LogSkeletonIndexRebuilt(logger);
        }
        await store.SweepOrphansAsync(cancellationToken);
        LogReady(logger, options.Value.DatabasePath);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "The plate search index (ReadSkeletons) was missing and has been rebuilt")]
    private static partial void LogSkeletonIndexRebuilt(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Database ready at {DatabasePath}")]
    private static partial void LogReady(ILogger logger, string databasePath);
}
