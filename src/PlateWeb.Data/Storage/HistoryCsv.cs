using System.Globalization;
using PlateWeb.Data.Time;

namespace PlateWeb.Data.Storage;

/// <summary>The history as CSV, one read a line; shared by the web export and `platectl export`.</summary>
/// <remarks>
/// <c>read_at</c> is ISO 8601 with the offset of the zone the export was asked in ("2026-01-02T00:30:00+01:00",
/// "…Z" in UTC), and <c>time_zone</c> names that zone, so a spreadsheet and a script both know the instant.
/// <c>camera</c> names the camera that saw the plate and <c>camera_id</c> is its id (both empty for an upload); they are last so
/// older readers of the file keep their columns.
/// </remarks>
public static class HistoryCsv
{
    public const string Header = "id,image_id,file,text,corrected_text,confidence,country,format,read_at,time_zone,camera,camera_id";

    public static async Task WriteAsync(TextWriter writer, IAsyncEnumerable<ReadRow> rows, TimeZoneInfo zone, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(zone);
        var zoneName = ZoneTime.Name(zone);
        await writer.WriteLineAsync(Header);
        await foreach (var r in rows.WithCancellation(ct))
        {
            await writer.WriteLineAsync(string.Join(',',
                r.Id.ToString(CultureInfo.InvariantCulture), r.ImageId.ToString(CultureInfo.InvariantCulture), Escape(r.FileName), Escape(r.Text),
                Escape(r.CorrectedText), r.Confidence.ToString("0.###", CultureInfo.InvariantCulture), Escape(r.Country), Escape(r.Format),
                ZoneTime.Iso(r.CreatedAt, zone), zoneName, Escape(r.Camera), r.CameraId?.ToString(CultureInfo.InvariantCulture) ?? string.Empty));
        }
        await writer.FlushAsync(ct);
    }

    /// <summary>Quotes when needed; a leading = + - @ is defused so a spreadsheet never runs a file name as a formula.</summary>
    public static string Escape(string? value)
    {
        if (string.IsNullOrEmpty(value)) return string.Empty;
        if (value[0] is '=' or '+' or '-' or '@') value = "'" + value;
        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
