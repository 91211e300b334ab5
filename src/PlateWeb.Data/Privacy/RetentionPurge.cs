using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PlateWeb.Data.Privacy;

/// <summary>
/// Deletes images (with their reads) uploaded more than <see cref="DataOptions.RetentionDays"/> days
/// ago, then their files; rows first, so a crash leaves at worst orphan files for the start-up sweep.
/// </summary>
public sealed partial class RetentionPurge(
    IDbContextFactory<PlateDbContext> dbFactory,
    IOptions<DataOptions> options,
    TimeProvider time,
    ILogger<RetentionPurge> logger)
{
    // Bounded batches keep each write transaction short, so uploads never wait long behind a purge.
    private const int BatchSize = 500;

    /// <summary>Number of images deleted; 0 when retention is off (RetentionDays = 0).</summary>
    public async Task<int> PurgeAsync(CancellationToken ct)
    {
        var days = options.Value.RetentionDays;
        if (days <= 0) return 0;
        var cutoff = time.GetUtcNow().UtcDateTime.AddDays(-days);
        var total = 0;
        while (true)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var batch = await db.Images.Where(i => i.UploadedAt < cutoff).OrderBy(i => i.Id).Take(BatchSize).ToListAsync(ct);
            if (batch.Count == 0) break;
            db.Images.RemoveRange(batch);
            await db.SaveChangesAsync(ct);
            foreach (var image in batch)
            {
                var path = Path.Combine(options.Value.DataDirectory, image.StoredPath);
                if (File.Exists(path)) File.Delete(path);
            }
            total += batch.Count;
        }
        if (total > 0) LogPurged(logger, total, days);
        return total;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention: deleted {ImageCount} images older than {Days} days")]
    private static partial void LogPurged(ILogger logger, int imageCount, int days);
}

/// <summary>Runs <see cref="RetentionPurge"/> shortly after start-up, then every hour.</summary>
public sealed partial class RetentionWorker(RetentionPurge purge, IOptions<DataOptions> options, ILogger<RetentionWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.RetentionDays <= 0) return;
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1));
        do
        {
            try
            {
                await purge.PurgeAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A failed purge (locked database, full disk) is retried at the next tick; the app goes on.
                LogFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Retention purge failed; retrying in an hour")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
