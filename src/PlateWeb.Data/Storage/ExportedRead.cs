using System.Runtime.CompilerServices;
using PlateWeb.Data.Time;

namespace PlateWeb.Data.Storage;

/// <summary>
/// A read as the JSON exports write it (web and `platectl export --json`): <paramref name="CreatedAt"/> carries the
/// offset of <paramref name="TimeZone"/>, the zone the export was asked in, so the instant is never ambiguous.
/// <paramref name="Camera"/> and <paramref name="CameraId"/> name the camera that saw the plate (null for an upload).
/// </summary>
public sealed record ExportedRead(
    long Id, long ImageId, string Text, string? CorrectedText, float Confidence, string? Country, string? Format,
    DateTimeOffset CreatedAt, string FileName, string TimeZone, string? Camera = null, int? CameraId = null)
{
    public static ExportedRead From(ReadRow row, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new(row.Id, row.ImageId, row.Text, row.CorrectedText, row.Confidence, row.Country, row.Format,
            ZoneTime.ToOffset(row.CreatedAt, zone), row.FileName, ZoneTime.Name(zone), row.Camera, row.CameraId);
    }

    public static async IAsyncEnumerable<ExportedRead> InZone(IAsyncEnumerable<ReadRow> rows, TimeZoneInfo zone, [EnumeratorCancellation] CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(rows);
        await foreach (var row in rows.WithCancellation(ct)) yield return From(row, zone);
    }
}
