// One file: the store's write order (file first, then the row, under a per-hash lock), the corrections and
// deletions that change what it wrote, and the orphan sweep that cleans up after a crash share the path rules and
// the guarantees stated below; together they show that no row ever points at a missing file.

using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PlateWeb.Data.Entities;
using PlateWeb.Data.Postgres;
using PlateWeb.Recognition.Grammar;
using PlateWeb.Recognition.Imaging;
using PlateWeb.Recognition.Pipeline;

namespace PlateWeb.Data.Storage;

/// <summary>An image as stored, with its reads; <see cref="AlreadyStored"/> tells an identical re-upload.</summary>
public sealed record StoreResult(StoredImage Image, bool AlreadyStored);

/// <summary>A camera's picture: which camera, and when it was taken (UTC); its reads are dated by that time.</summary>
public sealed record FrameOrigin(int CameraId, DateTime CapturedAt);

/// <summary>
/// Stores images once on disk, content-addressed by SHA-256, and their plate reads in SQLite.
/// Write order: the file first (temp file + atomic move), then the row, so a crash can leave at
/// worst a file without a row (swept at start-up), never a row pointing at a missing file.
/// </summary>
public sealed partial class PlateStore(
    IDbContextFactory<PlateDbContext> dbFactory,
    IOptions<DataOptions> options,
    TimeProvider time,
    ILogger<PlateStore> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly DataOptions _options = options.Value;

    // Reads corrected texts (their country, format and explanation).
    private static readonly PlateGrammar Grammar = new();

    public static string Sha256Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>The image with this content, with its reads, or null.</summary>
    public async Task<StoredImage?> FindBySha256Async(string sha256, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Images.AsNoTracking().Include(i => i.Reads).SingleOrDefaultAsync(i => i.Sha256 == sha256, ct);
    }

    public async Task<StoredImage?> FindImageAsync(long id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Images.AsNoTracking().Include(i => i.Reads).SingleOrDefaultAsync(i => i.Id == id, ct);
    }

    /// <summary>One read with its image and the image's other reads, or null.</summary>
    public async Task<PlateReadEntity?> FindReadAsync(long readId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Reads.AsNoTrackingWithIdentityResolution()
            .Include(r => r.Image).ThenInclude(i => i!.Reads)
            .SingleOrDefaultAsync(r => r.Id == readId, ct);
    }

    /// <summary>Absolute path of a stored image's file.</summary>
    public string GetFullPath(StoredImage image) => Path.Combine(_options.DataDirectory, image.StoredPath);

    /// <summary>
    /// Stores an image and what the engine read in it, unless the same bytes are already stored:
    /// then the existing image (and its reads) comes back with <see cref="StoreResult.AlreadyStored"/>.
    /// </summary>
    public async Task<StoreResult> StoreAsync(
        byte[] bytes, string originalFileName, int width, int height, IReadOnlyList<PlateRead> reads, CancellationToken ct,
        FrameOrigin? origin = null)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var sha = Sha256Hex(bytes);
        if (await FindBySha256Async(sha, ct) is { } existing)
        {
            return new StoreResult(existing, AlreadyStored: true);
        }

        var relative = RelativePathFor(sha, ImageHeader.Sniff(bytes).Format);
        await WriteFileOnceAsync(relative, bytes, ct);

        var now = time.GetUtcNow().UtcDateTime;
        var image = new StoredImage
        {
            Sha256 = sha,
            SizeBytes = bytes.LongLength,
            Width = width,
            Height = height,
            UploadedAt = now,
            StoredPath = relative,
            OriginalFileName = FileNames.Clean(originalFileName),
            NoPlateFound = reads.Count == 0,
            CameraId = origin?.CameraId,
            CapturedAt = origin?.CapturedAt,
            Reads = reads.Select(r => ToEntity(r, origin?.CapturedAt ?? now, origin?.CameraId)).ToList(),
        };
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            // Two uploads of the same bytes race (a double click, two cameras, the app and platectl
            // import): the look-up above missed the other's row. BEGIN IMMEDIATE takes SQLite's write
            // lock (PostgreSQL: a lock on the hash) before looking again, so the loser finds the winner's row instead of failing on the
            // unique index (which EF Core logs as an error with its whole stack, before any catch).
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
#pragma warning disable EF1002 // Constant SQL; the hash goes as a parameter.
            if (db.IsPostgres()) await db.Database.ExecuteSqlRawAsync(PostgresSql.LockImageHash, [sha], ct);
#pragma warning restore EF1002
            var winner = await db.Images.AsNoTracking().Where(i => i.Sha256 == sha).Select(i => (long?)i.Id).SingleOrDefaultAsync(ct);
            if (winner is { } winnerId)
            {
                await transaction.RollbackAsync(ct);
                LogRaceLost(logger, winnerId);
                return new StoreResult((await FindImageAsync(winnerId, ct))!, AlreadyStored: true);
            }
            db.Images.Add(image);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }

        LogStored(logger, image.Id, image.Reads.Count);
        return new StoreResult(image, AlreadyStored: false);
    }

    /// <summary>
    /// Stores the user's correction of a read beside the original OCR text, which is kept; an empty
    /// text removes the correction. The grammar reads the corrected text again (the engine's country
    /// as the hint): the read's country, format and explanation become those of the corrected text,
    /// and the engine's own are kept aside and put back when the correction is removed. Null when the
    /// read does not exist. A text that breaks <see cref="PlateCorrection"/>'s rule is refused with
    /// <see cref="InvalidCorrectionException"/> and logged (by read id, never the text), whichever
    /// page, API or command sent it.
    /// </summary>
    /// <param name="correctedBy">The user name shown beside the correction ("corrected by NAME") and written in the audit.</param>
    public async Task<PlateReadEntity?> CorrectAsync(long readId, string? correctedText, CancellationToken ct, string? correctedBy = null)
    {
        string? text;
        try
        {
            text = PlateCorrection.Normalize(correctedText);
        }
        catch (InvalidCorrectionException ex)
        {
            LogCorrectionRefused(logger, readId, ex.Problem);
            throw;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var read = await db.Reads.SingleOrDefaultAsync(r => r.Id == readId, ct);
        if (read is null) return null;
        var before = read.CorrectedText ?? read.Text;
        if (text is null) Uncorrect(read);
        else Correct(read, text, correctedBy);
        AuditLog.Add(db, time.GetUtcNow().UtcDateTime, correctedBy, text is null ? AuditAction.CorrectionRemoved : AuditAction.Corrected, read.Id,
            text is null ? $"{before} → {read.Text} (the engine's reading)" : $"{before} → {text}");
        await db.SaveChangesAsync(ct);
        return read;
    }

    private void Correct(PlateReadEntity read, string text, string? correctedBy)
    {
        if (read.CorrectedText is null)
        {
            // First correction: the engine's reading is kept aside.
            (read.OcrCountry, read.OcrFormat, read.OcrExplanation) = (read.Country, read.Format, read.Explanation);
        }
        read.CorrectedText = text;
        read.CorrectedSkeleton = PlateGrammar.Skeleton(text);
        read.CorrectedAt = time.GetUtcNow().UtcDateTime;
        read.CorrectedBy = correctedBy;
        // The format the corrected text fits best, the engine's country favoured; a text that fits no
        // format keeps the engine's country (the user corrected the characters, not the plate's origin).
        var fit = Grammar.Match(text).MaxBy(m => PlateGrammar.Weight(m.Format, read.OcrCountry));
        read.Country = fit?.Format.Country ?? read.OcrCountry;
        read.Format = fit?.Format.Id;
        read.Explanation = fit?.Explanation;
    }

    private static void Uncorrect(PlateReadEntity read)
    {
        // A corrected read always holds the engine's reading aside (the migration that added the
        // columns copied it for the corrections made before).
        if (read.CorrectedText is not null)
        {
            (read.Country, read.Format, read.Explanation) = (read.OcrCountry, read.OcrFormat, read.OcrExplanation);
        }
        read.CorrectedText = null;
        read.CorrectedSkeleton = null;
        read.CorrectedAt = null;
        read.CorrectedBy = null;
        (read.OcrCountry, read.OcrFormat, read.OcrExplanation) = (null, null, null);
    }

    /// <summary>Deletes one read, audited as done by <paramref name="deletedBy"/>; false when it did not exist. The image stays.</summary>
    public async Task<bool> DeleteReadAsync(long readId, CancellationToken ct, string? deletedBy = null)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var read = await db.Reads.AsNoTracking().Where(r => r.Id == readId)
            .Select(r => new { r.Text, r.CorrectedText, r.ImageId }).SingleOrDefaultAsync(ct);
        if (read is null || await db.Reads.Where(r => r.Id == readId).ExecuteDeleteAsync(ct) == 0) return false;
        AuditLog.Add(db, time.GetUtcNow().UtcDateTime, deletedBy, AuditAction.ReadDeleted, readId,
            $"{read.CorrectedText ?? read.Text} (image {read.ImageId})");
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return true;
    }

    /// <summary>
    /// Deletes an image, its reads (cascade) and its file, audited as done by <paramref name="deletedBy"/>;
    /// false when it did not exist. The row goes
    /// first: a crash before the file is deleted leaves an orphan file, which the start-up sweep removes.
    /// </summary>
    public async Task<bool> DeleteImageAsync(long imageId, CancellationToken ct, string? deletedBy = null)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var image = await db.Images.Include(i => i.Reads).SingleOrDefaultAsync(i => i.Id == imageId, ct);
        if (image is null) return false;
        db.Images.Remove(image);
        var reads = image.Reads.Count == 0 ? "no plate" : string.Join(", ", image.Reads.OrderBy(r => r.Id).Select(r => r.CorrectedText ?? r.Text));
        AuditLog.Add(db, time.GetUtcNow().UtcDateTime, deletedBy, AuditAction.ImageDeleted, imageId, $"{image.OriginalFileName}: {reads}");
        await db.SaveChangesAsync(ct);
        var path = GetFullPath(image);
        if (File.Exists(path)) File.Delete(path);
        return true;
    }

    /// <summary>
    /// A file no row points at is left alone until it is this old: the app writes an image's file
    /// before its row, so a young "orphan" may be an upload in progress in another process (the web
    /// app while `platectl check --repair` runs, or `platectl import` while the app starts). Storing
    /// takes well under a minute even with a slow disk and a queue; an hour also covers a process
    /// paused by a debugger or a suspended VM, and a real orphan only costs its bytes until then.
    /// </summary>
    public static readonly TimeSpan OrphanSafeAge = TimeSpan.FromHours(1);

    /// <summary>
    /// Deletes files under the images folder that no row points at (left by a crash between file and
    /// row), unless they are younger than <see cref="OrphanSafeAge"/>. Only the app's start-up and
    /// `platectl check --repair` sweep.
    /// </summary>
    public async Task<int> SweepOrphansAsync(CancellationToken ct)
    {
        var root = _options.ImagesDirectory;
        if (!Directory.Exists(root)) return 0;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var known = (await db.Images.AsNoTracking().Select(i => i.StoredPath).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        // File times come from the system clock, whatever clock the store was given.
        var cutoff = DateTime.UtcNow - OrphanSafeAge;
        int deleted = 0, young = 0;
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(_options.DataDirectory, file).Replace('\\', '/');
            if (known.Contains(relative)) continue;
            if (File.GetLastWriteTimeUtc(file) > cutoff)
            {
                young++;
                continue;
            }
            File.Delete(file);
            deleted++;
        }
        if (deleted > 0) LogSwept(logger, deleted);
        if (young > 0) LogYoungKept(logger, young, OrphanSafeAge.TotalMinutes);
        return deleted;
    }

    /// <summary>Ranked alternatives of a read, best first.</summary>
    public static IReadOnlyList<StoredCandidate> Candidates(PlateReadEntity read) =>
        JsonSerializer.Deserialize<List<StoredCandidate>>(read.CandidatesJson, Json) ?? [];

    internal static string RelativePathFor(string sha, string? format)
    {
        var extension = format switch
        {
            "jpeg" => "jpg",
            null => "bin",
            _ => format,
        };
        return $"images/{sha[..2]}/{sha}.{extension}";
    }

    private async Task WriteFileOnceAsync(string relative, byte[] bytes, CancellationToken ct)
    {
        var path = Path.Combine(_options.DataDirectory, relative);
        if (File.Exists(path))
        {
            // Content-addressed: an existing file already holds these bytes. It may be an old orphan,
            // so it is made young again: a sweep must not take it before this row is committed.
            try
            {
                File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
                return;
            }
            catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
            {
                // Deleted meanwhile with its image: written again below.
            }
        }
        PrivateFiles.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            await PrivateFiles.WriteNewAsync(temp, bytes, ct);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    private static PlateReadEntity ToEntity(PlateRead read, DateTime now, int? cameraId) => new()
    {
        CameraId = cameraId,
        Text = read.DisplayText,
        NormalizedText = PlateGrammar.Normalize(read.Text),
        Skeleton = PlateGrammar.Skeleton(read.Text),
        Confidence = read.Confidence,
        Quad = read.Quad.Points.SelectMany(p => new[] { p.X, p.Y }).ToArray(),
        Country = read.Country,
        Format = read.Format,
        Explanation = read.Explanation,
        RawText = read.RawText,
        CandidatesJson = JsonSerializer.Serialize(read.Candidates.Select(c => new StoredCandidate(c.Text, c.Score, c.FormatId)), Json),
        CreatedAt = now,
    };

    // Ids only: an original file name is often the plate itself ("AZJ6991.jpg").
    [LoggerMessage(Level = LogLevel.Information, Message = "Stored image {ImageId} with {ReadCount} reads")]
    private static partial void LogStored(ILogger logger, long imageId, int readCount);

    [LoggerMessage(Level = LogLevel.Information, Message = "Image {ImageId} was stored meanwhile by another upload of the same bytes; that one is kept")]
    private static partial void LogRaceLost(ILogger logger, long imageId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused the correction of read {ReadId}: {Problem}")]
    private static partial void LogCorrectionRefused(ILogger logger, long readId, CorrectionProblem problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deleted {Count} orphan image files (no database row)")]
    private static partial void LogSwept(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Kept {Count} image files without a row yet, younger than {SafeAgeMinutes} minutes (maybe uploads in progress)")]
    private static partial void LogYoungKept(ILogger logger, int count, double safeAgeMinutes);
}
