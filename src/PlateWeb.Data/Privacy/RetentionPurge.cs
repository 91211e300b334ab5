using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PlateWeb.Data.Entities;

namespace PlateWeb.Data.Privacy;

/// <summary>
/// Deletes images (with their reads) uploaded more than <see cref="DataOptions.RetentionDays"/> days
/// ago, then their files; rows first, so a crash leaves at worst orphan files for the start-up sweep.
/// The chat follows (<see cref="ChatScrub"/>): messages citing a purged read go, and so do messages,
/// conversations and titles naming a plate once the history holds no read of it any more (a plate
/// still read recently stays nameable in the chat).
/// </summary>
public sealed partial class RetentionPurge(
    IDbContextFactory<PlateDbContext> dbFactory,
    IOptions<DataOptions> options,
    TimeProvider time,
    ILogger<RetentionPurge> logger)
{
    // Bounded batches keep each write transaction short, so uploads never wait long behind a purge.
    private const int BatchSize = 500;

    /// <summary>
    /// Number of images deleted: those older than <see cref="DataOptions.RetentionDays"/> (0: kept), and a camera's pictures
    /// older than its own <see cref="Camera.RetentionDays"/> (a camera that keeps its pictures for less time than the history).
    /// </summary>
    public async Task<int> PurgeAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var days = options.Value.RetentionDays;
        int total = 0, messages = 0;
        if (days > 0)
        {
            var cutoff = now.AddDays(-days);
            var (images, scrubbed) = await PurgeWhereAsync(i => i.UploadedAt < cutoff, ct);
            total += images;
            messages += scrubbed;
            // The audit names plates too: its entries are kept no longer than what they are about.
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            await db.AuditEntries.Where(a => a.At < cutoff).ExecuteDeleteAsync(ct);
            if (images > 0) LogPurged(logger, images, days, messages);
        }
        List<(int Id, int Days)> cameras;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            cameras = (await db.Cameras.AsNoTracking().Where(c => c.RetentionDays != null && c.RetentionDays > 0)
                .Select(c => new { c.Id, c.RetentionDays }).ToListAsync(ct))
                .Select(c => (c.Id, c.RetentionDays!.Value)).ToList();
        }
        foreach (var (id, cameraDays) in cameras)
        {
            if (days > 0 && cameraDays >= days) continue; // The history's own retention already went further.
            var cutoff = now.AddDays(-cameraDays);
            var (images, scrubbed) = await PurgeWhereAsync(i => i.CameraId == id && i.UploadedAt < cutoff, ct);
            if (images > 0) LogCameraPurged(logger, images, id, cameraDays, scrubbed);
            total += images;
        }
        return total;
    }

    /// <summary>Whether anything can ever be purged: the history's retention or a camera's is set.</summary>
    public async Task<bool> AnyRetentionAsync(CancellationToken ct)
    {
        if (options.Value.RetentionDays > 0) return true;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Cameras.AnyAsync(c => c.RetentionDays != null && c.RetentionDays > 0, ct);
    }

    /// <summary>Deletes the images <paramref name="which"/> selects, in batches, then their files; returns how many images
    /// and how many chat messages went with them.</summary>
    private async Task<(int Images, int Messages)> PurgeWhereAsync(System.Linq.Expressions.Expression<Func<StoredImage, bool>> which, CancellationToken ct)
    {
        int total = 0, messages = 0;
        while (true)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var batch = await db.Images.Where(which).OrderBy(i => i.Id).Take(BatchSize)
                .Include(i => i.Reads).ToListAsync(ct);
            if (batch.Count == 0) break;
            var purged = batch.SelectMany(i => i.Reads).ToList();
            db.Images.RemoveRange(batch);
            await db.SaveChangesAsync(ct);
            var gone = await PlatesGoneAsync(db, purged, ct);
            messages += (await ChatScrub.RemoveAsync(db, new PlateNames(gone), purged.Select(r => r.Id).ToHashSet(), ct)).Messages;
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            foreach (var image in batch)
            {
                var path = Path.Combine(options.Value.DataDirectory, image.StoredPath);
                if (File.Exists(path)) File.Delete(path);
            }
            total += batch.Count;
        }
        return (total, messages);
    }

    /// <summary>The spellings (OCR text, correction) of the purged reads whose plate no remaining read has.</summary>
    private static async Task<IReadOnlyList<string>> PlatesGoneAsync(PlateDbContext db, IReadOnlyList<PlateReadEntity> purged, CancellationToken ct)
    {
        var skeletons = purged.Select(r => r.Skeleton).Concat(purged.Select(r => r.CorrectedSkeleton).OfType<string>()).Distinct().ToList();
        var kept = (await db.Reads
                .Where(r => skeletons.Contains(r.Skeleton) || (r.CorrectedSkeleton != null && skeletons.Contains(r.CorrectedSkeleton)))
                .Select(r => new { r.Skeleton, r.CorrectedSkeleton })
                .ToListAsync(ct))
            .SelectMany(r => new[] { r.Skeleton, r.CorrectedSkeleton })
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
        return purged
            .SelectMany(r => new[] { (r.Text, r.Skeleton), (r.CorrectedText, r.CorrectedSkeleton) })
            .Where(p => p.Item1 is not null && p.Item2 is not null && !kept.Contains(p.Item2))
            .Select(p => p.Item1!)
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention: deleted {ImageCount} images older than {Days} days and {MessageCount} chat messages about them")]
    private static partial void LogPurged(ILogger logger, int imageCount, int days, int messageCount);

    // The camera by id: its name may be a place someone lives.
    [LoggerMessage(Level = LogLevel.Information, Message = "Retention: deleted {ImageCount} pictures of camera {CameraId} older than its {Days} days and {MessageCount} chat messages about them")]
    private static partial void LogCameraPurged(ILogger logger, int imageCount, int cameraId, int days, int messageCount);
}

/// <summary>Runs <see cref="RetentionPurge"/> shortly after start-up, then every hour (a camera's retention set later
/// is honoured at the next tick).</summary>
public sealed partial class RetentionWorker(RetentionPurge purge, ILogger<RetentionWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1));
        do
        {
            try
            {
                if (await purge.AnyRetentionAsync(stoppingToken)) await purge.PurgeAsync(stoppingToken);
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
