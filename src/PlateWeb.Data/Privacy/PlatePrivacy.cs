using System.IO.Compression;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PlateWeb.Data.Entities;
using PlateWeb.Data.Storage;
using PlateWeb.Recognition.Grammar;

namespace PlateWeb.Data.Privacy;

/// <summary>One stored read of a plate, as shown before "Forget this plate" for confirmation.</summary>
public sealed record PlateMatch(long ReadId, long ImageId, string Text, string? CorrectedText, float Confidence, string? Country, DateTime CreatedAt, string FileName);

/// <summary>What "Forget this plate" removed.</summary>
public sealed record ForgetResult(int Reads, int Images, int Files, int ChatMessages = 0, int Conversations = 0);

/// <summary>
/// A licence plate is personal data: everything stored about one plate can be listed, exported
/// (JSON + images in a zip) and forgotten. A plate matches when its OCR text or its correction has
/// the same confusion skeleton (O/0/D, I/1, B/8, S/5 … are one class), so "AB-I23-CD" finds the
/// reads of AB-123-CD; the matches are shown to the user before anything is deleted.
/// </summary>
public sealed partial class PlatePrivacy(
    IDbContextFactory<PlateDbContext> dbFactory,
    IOptions<DataOptions> options,
    ILogger<PlatePrivacy> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>Every read whose text or correction matches <paramref name="plateText"/>, oldest first.</summary>
    public async Task<IReadOnlyList<PlateMatch>> FindAsync(string plateText, CancellationToken ct)
    {
        var skeleton = SkeletonOrThrow(plateText);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await Matching(db, skeleton)
            .OrderBy(r => r.CreatedAt).ThenBy(r => r.Id)
            .Select(r => new PlateMatch(r.Id, r.ImageId, r.Text, r.CorrectedText, r.Confidence, r.Country, r.CreatedAt, r.Image!.OriginalFileName))
            .ToListAsync(ct);
    }

    /// <summary>
    /// Deletes every read of the plate and every image it appears in (the picture shows the plate,
    /// so it goes too, with the other reads it holds), then the image files. Rows go first, in one
    /// transaction: a crash before the files are deleted leaves orphan files, removed by the
    /// start-up sweep, never a row without its file. The chat's messages,
    /// conversations and titles about the plate go in the same transaction; <paramref name="beforeCommit"/>
    /// lets the caller delete what else it keeps about the plate there too.
    /// </summary>
    /// <param name="forgottenBy">Who asked, for the audit. The audit keeps that a plate was forgotten, by whom and
    /// how much went, never which plate: the details of earlier entries that name it become "(forgotten)".</param>
    public async Task<ForgetResult> ForgetAsync(
        string plateText, Func<PlateDbContext, string, CancellationToken, Task<int>>? beforeCommit, CancellationToken ct, string? forgottenBy = null)
    {
        var skeleton = SkeletonOrThrow(plateText);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // The plate as asked and as each of its reads spells it (OCR text and correction): the chat names it any of these ways.
        var spellings = await Matching(db, skeleton).Select(r => new { r.Text, r.CorrectedText }).ToListAsync(ct);
        var names = new PlateNames(spellings.SelectMany(r => new[] { r.Text, r.CorrectedText }).Append(plateText));
        var imageIds = await Matching(db, skeleton).Select(r => r.ImageId).Distinct().ToListAsync(ct);
        var images = await db.Images.Where(i => imageIds.Contains(i.Id)).Include(i => i.Reads).ToListAsync(ct);
        var reads = images.Sum(i => i.Reads.Count);
        db.Images.RemoveRange(images);
        var readIds = images.SelectMany(i => i.Reads).Select(r => r.Id).ToHashSet();
        // The chat goes too: messages that name the plate or cite one of the deleted reads, conversations opened about it, titles naming it.
        var chat = await ChatScrub.RemoveAsync(db, names, readIds, ct);
        await AuditLog.RedactAsync(db, names, ct);
        AuditLog.Add(db, DateTime.UtcNow, forgottenBy, AuditAction.PlateForgotten, null, $"{reads} reads in {images.Count} images");
        await db.SaveChangesAsync(ct);
        if (beforeCommit is not null) await beforeCommit(db, skeleton, ct);
        await transaction.CommitAsync(ct);

        var files = 0;
        foreach (var image in images)
        {
            var path = Path.Combine(options.Value.DataDirectory, image.StoredPath);
            if (!File.Exists(path)) continue;
            File.Delete(path);
            files++;
        }
        LogForgotten(logger, reads, images.Count, chat.Messages, chat.Conversations);
        return new ForgetResult(reads, images.Count, files, chat.Messages, chat.Conversations);
    }

    /// <summary>
    /// Writes a zip with <c>plate.json</c> (every read of the plate, with its image's metadata) and
    /// <c>images/</c> (the stored pictures it appears in). Returns the number of reads exported.
    /// </summary>
    public async Task<int> ExportAsync(string plateText, Stream destination, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var skeleton = SkeletonOrThrow(plateText);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var reads = await Matching(db, skeleton).AsNoTracking().Include(r => r.Image)
            .OrderBy(r => r.CreatedAt).ThenBy(r => r.Id).ToListAsync(ct);

        await using var zip = new ZipArchive(destination, ZipArchiveMode.Create, leaveOpen: true);
        var document = new
        {
            plate = plateText.Trim().ToUpperInvariant(),
            exportedAtUtc = DateTime.UtcNow,
            reads = reads.Select(r => new
            {
                id = r.Id,
                text = r.Text,
                correctedText = r.CorrectedText,
                rawText = r.RawText,
                confidence = r.Confidence,
                country = r.Country,
                format = r.Format,
                quad = r.Quad,
                candidates = PlateStore.Candidates(r),
                createdAtUtc = r.CreatedAt,
                correctedAtUtc = r.CorrectedAt,
                image = new
                {
                    id = r.ImageId,
                    sha256 = r.Image!.Sha256,
                    originalFileName = r.Image.OriginalFileName,
                    width = r.Image.Width,
                    height = r.Image.Height,
                    sizeBytes = r.Image.SizeBytes,
                    uploadedAtUtc = r.Image.UploadedAt,
                    file = "images/" + Path.GetFileName(r.Image.StoredPath),
                },
            }),
        };
        var entry = zip.CreateEntry("plate.json", CompressionLevel.Optimal);
        await using (var json = await entry.OpenAsync(ct))
        {
            await JsonSerializer.SerializeAsync(json, document, Json, ct);
        }
        foreach (var image in reads.Select(r => r.Image!).DistinctBy(i => i.Id))
        {
            var path = Path.Combine(options.Value.DataDirectory, image.StoredPath);
            if (!File.Exists(path)) continue;
            // Pictures are already compressed (JPEG, PNG, WebP): store them as they are.
            await zip.CreateEntryFromFileAsync(path, "images/" + Path.GetFileName(image.StoredPath), CompressionLevel.NoCompression, ct);
        }
        return reads.Count;
    }

    private static IQueryable<PlateReadEntity> Matching(PlateDbContext db, string skeleton) =>
        db.Reads.Where(r => r.Skeleton == skeleton || r.CorrectedSkeleton == skeleton);

    private static string SkeletonOrThrow(string plateText)
    {
        var skeleton = PlateGrammar.Skeleton(plateText ?? string.Empty);
        if (skeleton.Length < 2)
        {
            throw new ArgumentException("Give a plate text with at least two letters or digits.", nameof(plateText));
        }
        return skeleton;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Forgot a plate: {ReadCount} reads in {ImageCount} images, {MessageCount} chat messages and {ConversationCount} conversations deleted")]
    private static partial void LogForgotten(ILogger logger, int readCount, int imageCount, int messageCount, int conversationCount);
}
