using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using OpenCvSharp;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;
using PlateWeb.Data;
using PlateWeb.Data.Entities;
using PlateWeb.Data.Sightings;
using PlateWeb.Data.Storage;
using PlateWeb.Recognition.Video;

namespace PlateWeb.Jobs.UseCases;

/// <summary>A pass as the Live page lists it; <see cref="Quad"/> is null when its read was deleted.</summary>
public sealed record RecentPass(long Id, string Text, float Confidence, DateTime StartedAt, DateTime EndedAt, string? Direction,
    long? ImageId, int Width, int Height, float[]? Quad);

/// <summary>A pass as stored, with the image and read of its best frame.</summary>
public sealed record StoredPass(VehiclePass Pass, StoredImage Image, PlateReadEntity? Read);

/// <summary>
/// Stores a completed pass like an upload (its best frame as a content-addressed image, with the voted read dated by
/// the frame's capture time and marked with the camera), then its <see cref="VehiclePass"/> row, then publishes one
/// <see cref="PlateSighting"/>.
/// </summary>
public sealed partial class PassStore(
    IDbContextFactory<PlateDbContext> dbFactory,
    PlateStore store,
    SightingBus bus,
    ILogger<PassStore> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    // JPEG at 90: a 1280 × 720 frame is ~150 kB instead of ~1.5 MB as PNG, and plates stay sharp enough to read again.
    private static readonly ImageEncodingParam[] JpegQuality = [new(ImwriteFlags.JpegQuality, 90)];

    public async Task<StoredPass> StoreAsync(CameraRef camera, CompletedPass pass, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(camera);
        ArgumentNullException.ThrowIfNull(pass);
        Cv2.ImEncode(".jpg", pass.BestFrame, out var bytes, JpegQuality);
        var name = string.Create(CultureInfo.InvariantCulture, $"camera-{camera.Id}-{pass.BestFrameAt:yyyyMMdd-HHmmss-fff}.jpg");
        var stored = await store.StoreAsync(bytes, name, pass.BestFrame.Width, pass.BestFrame.Height, [pass.Voted], ct,
            new FrameOrigin(camera.Id, pass.BestFrameAt));
        var read = stored.Image.Reads.Where(r => r.NormalizedText == pass.Voted.Text).MaxBy(r => r.Confidence);
        var row = new VehiclePass
        {
            CameraId = camera.Id,
            StartedAt = pass.StartedAt,
            EndedAt = pass.EndedAt,
            Text = pass.Voted.DisplayText,
            NormalizedText = pass.Voted.Text,
            Confidence = pass.Voted.Confidence,
            CharConfidencesJson = JsonSerializer.Serialize(pass.Voted.CharConfidences, Json),
            ReadsJson = JsonSerializer.Serialize(pass.Reads.Select(r => new PassFrameRead(r.At, r.Read.Text, r.Read.Confidence, r.CenterX, r.CenterY)), Json),
            FrameCount = pass.FrameCount,
            Direction = pass.Direction,
            BestImageId = stored.Image.Id,
            BestReadId = read?.Id,
        };
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            db.VehiclePasses.Add(row);
            await db.SaveChangesAsync(ct);
        }
        LogStored(logger, row.Id, camera.Id, pass.Reads.Count, stored.Image.Id);
        if (read is not null)
        {
            bus.Publish(new PlateSighting(read.Id, stored.Image.Id, row.Text, row.NormalizedText, read.Country, row.Confidence,
                new DateTimeOffset(DateTime.SpecifyKind(pass.BestFrameAt, DateTimeKind.Utc)), camera.Id, camera.Name, row.Id));
        }
        return new StoredPass(row, stored.Image, read);
    }

    /// <summary>A camera's latest passes, newest first, with what is needed to show their plate cropped from the best frame.</summary>
    public async Task<List<RecentPass>> RecentAsync(int cameraId, int count, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.VehiclePasses.AsNoTracking().Where(p => p.CameraId == cameraId)
            .OrderByDescending(p => p.EndedAt).ThenByDescending(p => p.Id).Take(count)
            .Select(p => new RecentPass(p.Id, p.Text, p.Confidence, p.StartedAt, p.EndedAt, p.Direction, p.BestImageId,
                db.Images.Where(i => i.Id == p.BestImageId).Select(i => i.Width).FirstOrDefault(),
                db.Images.Where(i => i.Id == p.BestImageId).Select(i => i.Height).FirstOrDefault(),
                db.Reads.Where(r => r.Id == p.BestReadId).Select(r => r.Quad).FirstOrDefault()))
            .ToListAsync(ct);
    }

    // Ids and counts only: a plate is personal data.
    [LoggerMessage(Level = LogLevel.Information, Message = "Stored pass {PassId} of camera {CameraId}: {ReadCount} reads, best frame image {ImageId}")]
    private static partial void LogStored(ILogger logger, long passId, int cameraId, int readCount, long imageId);
}
