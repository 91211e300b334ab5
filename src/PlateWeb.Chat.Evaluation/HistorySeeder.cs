using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using PlateWeb.Data;
using PlateWeb.Data.Entities;
using PlateWeb.Recognition.Grammar;

namespace PlateWeb.Chat.Evaluation;

/// <summary>
/// Writes reads into a migrated, empty database as the app would have stored them: one image row per
/// read (no file: nothing reads the pictures here), the engine's text in display form with its
/// normalised text and skeleton, and a user correction in CorrectedText when the read has one.
/// </summary>
public static class HistorySeeder
{
    public static async Task SeedAsync(
        IDbContextFactory<PlateDbContext> dbFactory, IEnumerable<SeedRead> reads, TimeZoneInfo zone, PlateGrammar grammar, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(dbFactory);
        ArgumentNullException.ThrowIfNull(reads);
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(grammar);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var all = reads.ToList();
        // One camera per name the reads give; seeded cameras have no source to read (disabled, an empty folder path).
        var cameras = new Dictionary<string, Camera>(StringComparer.Ordinal);
        foreach (var name in all.Select(r => r.Camera).OfType<string>().Where(n => n.Length > 0).Distinct(StringComparer.Ordinal))
        {
            cameras[name] = new Camera { Name = name, Enabled = false, Kind = CameraSourceKind.Folder, ProtectedSource = "", SourceDisplay = "", CreatedAt = DateTime.UnixEpoch };
            db.Cameras.Add(cameras[name]);
        }
        if (cameras.Count > 0) await db.SaveChangesAsync(ct);
        foreach (var read in all)
        {
            int? cameraId = read.Camera is { Length: > 0 } camera ? cameras[camera].Id : null;
            var at = ToUtc(read.LocalTime, zone);
            var engineText = Display(read.CorrectedFrom ?? read.Text, read.Format, grammar);
            var sha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"seed-read-{read.Id}")));
            var corrected = read.CorrectedFrom is null ? null : read.Text.Trim().ToUpperInvariant();
            var format = grammar.Formats.FirstOrDefault(f => f.Id == read.Format);
            db.Images.Add(new StoredImage
            {
                Sha256 = sha,
                StoredPath = $"images/{sha[..2]}/{sha}.png",
                OriginalFileName = $"seed-{read.Id}.png",
                UploadedAt = at,
                CameraId = cameraId,
                Width = 640,
                Height = 480,
                Reads =
                [
                    new PlateReadEntity
                    {
                        Id = read.Id,
                        Text = engineText,
                        NormalizedText = PlateGrammar.Normalize(engineText),
                        Skeleton = PlateGrammar.Skeleton(engineText),
                        Confidence = read.Confidence01,
                        Country = string.IsNullOrWhiteSpace(read.Country) ? null : read.Country,
                        Format = read.Format,
                        Explanation = format?.Explanation,
                        RawText = PlateGrammar.Normalize(engineText),
                        CorrectedText = corrected,
                        CorrectedSkeleton = corrected is null ? null : PlateGrammar.Skeleton(corrected),
                        CorrectedAt = corrected is null ? null : at,
                        CreatedAt = at,
                        CameraId = cameraId,
                    },
                ],
            });
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>A local time in the hour a clock change skips is taken as the first time after it.</summary>
    private static DateTime ToUtc(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local)) local = local.AddMinutes(15);
        return TimeZoneInfo.ConvertTimeToUtc(local, zone);
    }

    /// <summary>The text as the engine prints it: kept when it has separators, else laid out in its format.</summary>
    private static string Display(string text, string? formatId, PlateGrammar grammar)
    {
        var upper = text.Trim().ToUpperInvariant();
        var normalized = PlateGrammar.Normalize(upper);
        if (upper != normalized) return upper;
        if (grammar.Formats.FirstOrDefault(f => f.Id == formatId) is { } format) return grammar.Format(normalized, format);
        return grammar.Match(normalized).FirstOrDefault()?.DisplayText ?? normalized;
    }
}
