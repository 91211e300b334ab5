using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PlateWeb.Data.Storage;

/// <summary>
/// At the app's start-up: creates the data folder, applies migrations, turns on WAL, then sweeps
/// orphan files (only those older than <see cref="PlateStore.OrphanSafeAge"/>). Other processes on the
/// same folder (`platectl`) call <see cref="PrepareAsync"/>, which never sweeps.
/// </summary>
public sealed partial class DatabaseInitializer(
    IDbContextFactory<PlateDbContext> dbFactory,
    IOptions<DataOptions> options,
    PlateStore store,
    ILogger<DatabaseInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await PrepareAsync(dbFactory, options.Value, logger, cancellationToken);
        await store.SweepOrphansAsync(cancellationToken);
        LogReady(logger, options.Value.Provider == DatabaseProvider.Sqlite ? options.Value.DatabasePath : "PostgreSQL");
    }

    /// <summary>Folder, migrations, WAL and the search index; no sweep (a running app may be writing).</summary>
    public static async Task PrepareAsync(IDbContextFactory<PlateDbContext> dbFactory, DataOptions options, ILogger logger, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(dbFactory);
        ArgumentNullException.ThrowIfNull(options);
        PrivateFiles.CreateDirectory(options.ImagesDirectory);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (db.IsPostgres())
        {
            // PostgreSQL alters tables in place: the migrations' trigram indexes and triggers stay.
            await db.Database.MigrateAsync(ct);
            return;
        }
        PrivateFiles.PrepareDatabaseFile(options.DatabasePath);
        await db.Database.MigrateAsync(ct);
        // WAL lets the history read while the queue writes; the mode is stored in the file itself.
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        if (await SkeletonIndex.EnsureAsync(db, ct)) LogSkeletonIndexRebuilt(logger);
        if (await PlateSummaryIndex.EnsureAsync(db, ct)) LogPlateSummariesRebuilt(logger);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "The plate search index (ReadSkeletons) was missing and has been rebuilt")]
    private static partial void LogSkeletonIndexRebuilt(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The plate summaries (PlateSummaries) had no triggers and have been rebuilt")]
    private static partial void LogPlateSummariesRebuilt(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Database ready at {DatabasePath}")]
    private static partial void LogReady(ILogger logger, string databasePath);
}
