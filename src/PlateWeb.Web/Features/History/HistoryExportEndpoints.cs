using System.Globalization;
using System.Text;
using PlateWeb.Data.Storage;

namespace PlateWeb.Web.Features.History;

/// <summary>GET /history/export.csv and /history/export.json: the filtered history, every page.</summary>
public static class HistoryExportEndpoints
{
    public static IEndpointRouteBuilder MapHistoryExport(this IEndpointRouteBuilder app)
    {
        app.MapGet("/history/export.csv", async ([AsParameters] HistoryFilter filter, IReadQueries queries, HttpResponse response, CancellationToken ct) =>
        {
            response.ContentType = "text/csv; charset=utf-8";
            response.Headers.ContentDisposition = "attachment; filename=\"plateweb-history.csv\"";
            await using var writer = new StreamWriter(response.Body, new UTF8Encoding(false));
            await writer.WriteLineAsync("id,image_id,file,text,corrected_text,confidence,country,format,read_at_utc");
            await foreach (var r in queries.ExportAsync(filter.ToQuery(), ct))
            {
                await writer.WriteLineAsync(string.Join(',',
                    r.Id.ToString(CultureInfo.InvariantCulture), r.ImageId.ToString(CultureInfo.InvariantCulture), Csv(r.FileName), Csv(r.Text),
                    Csv(r.CorrectedText), r.Confidence.ToString("0.###", CultureInfo.InvariantCulture), Csv(r.Country), Csv(r.Format),
                    r.CreatedAt.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)));
            }
        });
        app.MapGet("/history/export.json", ([AsParameters] HistoryFilter filter, IReadQueries queries, HttpResponse response, CancellationToken ct) =>
        {
            response.Headers.ContentDisposition = "attachment; filename=\"plateweb-history.json\"";
            return TypedResults.Ok(queries.ExportAsync(filter.ToQuery(), ct));
        });
        return app;
    }

    /// <summary>Quotes when needed; a leading = + - @ is defused so a spreadsheet never runs a file name as a formula.</summary>
    internal static string Csv(string? value)
    {
        if (string.IsNullOrEmpty(value)) return string.Empty;
        if (value[0] is '=' or '+' or '-' or '@') value = "'" + value;
        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
