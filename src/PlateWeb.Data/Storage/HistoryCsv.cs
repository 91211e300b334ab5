using System.Globalization;

namespace PlateWeb.Data.Storage;

/// <summary>The history as CSV, one read a line; shared by the web export and `platectl export`.</summary>
public static class HistoryCsv
{
    public const string Header = "id,image_id,file,text,corrected_text,confidence,country,format,read_at_utc";

    public static async Task WriteAsync(TextWriter writer, IAsyncEnumerable<ReadRow> rows, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(rows);
        await writer.WriteLineAsync(Header);
        await foreach (var r in rows.WithCancellation(ct))
        {
            await writer.WriteLineAsync(string.Join(',',
                r.Id.ToString(CultureInfo.InvariantCulture), r.ImageId.ToString(CultureInfo.InvariantCulture), Escape(r.FileName), Escape(r.Text),
                Escape(r.CorrectedText), r.Confidence.ToString("0.###", CultureInfo.InvariantCulture), Escape(r.Country), Escape(r.Format),
                r.CreatedAt.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)));
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
