using System.Text;
using PlateWeb.Data.Storage;
using PlateWeb.Data.Time;
using PlateWeb.Web.Features.TimeZones;

namespace PlateWeb.Web.Features.History;

/// <summary>
/// GET /history/export.csv and /history/export.json: the filtered history, every page. Times are ISO 8601 with the offset
/// of the user's zone (<c>tz=</c>, else the <c>plateweb.tz</c> cookie, else UTC), and each row names the zone; the date
/// filters are days of that zone.
/// </summary>
public static class HistoryExportEndpoints
{
    public static IEndpointRouteBuilder MapHistoryExport(this IEndpointRouteBuilder app)
    {
        // Exports are for admins: a viewer reads the history but does not take it away.
        var history = app.MapGroup("/history").RequireAuthorization(PlateWeb.Web.Features.Account.Policies.Admin);
        history.MapGet("/export.csv", async ([AsParameters] HistoryFilter filter, string? tz, IReadQueries queries, HttpContext http, CancellationToken ct) =>
        {
            if (filter.Problem() is { } problem) return Results.Problem(title: "Bad filter", detail: problem, statusCode: 400);
            if (ExportZone(tz, http.Request) is not { } zone) return BadZone();
            var response = http.Response;
            response.ContentType = "text/csv; charset=utf-8";
            response.Headers.ContentDisposition = "attachment; filename=\"plateweb-history.csv\"";
            await using var writer = new StreamWriter(response.Body, new UTF8Encoding(false));
            await HistoryCsv.WriteAsync(writer, queries.ExportAsync(filter.ToQuery(zone), ct), zone, ct);
            return Results.Empty;
        });
        history.MapGet("/export.json", ([AsParameters] HistoryFilter filter, string? tz, IReadQueries queries, HttpContext http, CancellationToken ct) =>
        {
            if (filter.Problem() is { } problem) return Results.Problem(title: "Bad filter", detail: problem, statusCode: 400);
            if (ExportZone(tz, http.Request) is not { } zone) return BadZone();
            http.Response.Headers.ContentDisposition = "attachment; filename=\"plateweb-history.json\"";
            return Results.Ok(ExportedRead.InZone(queries.ExportAsync(filter.ToQuery(zone), ct), zone, ct));
        });
        // "Export everything about this plate": JSON and pictures in a zip (PlatePrivacy).
        history.MapGet("/plate.zip", async (string text, PlateWeb.Data.Privacy.PlatePrivacy privacy, HttpResponse response, CancellationToken ct) =>
        {
            if (PlateWeb.Recognition.Grammar.PlateGrammar.Normalize(text ?? "").Length < 2)
            {
                return Results.Problem(title: "No plate", detail: "Give a plate text with at least two letters or digits.", statusCode: 400);
            }
            var name = PlateWeb.Recognition.Grammar.PlateGrammar.Normalize(text!);
            response.ContentType = "application/zip";
            response.Headers.ContentDisposition = $"attachment; filename=\"plateweb-{name}.zip\"";
            // The zip is written to a buffer first: ZipArchive needs a seekable stream or synchronous writes.
            using var buffer = new MemoryStream();
            await privacy.ExportAsync(text!, buffer, ct);
            buffer.Position = 0;
            await buffer.CopyToAsync(response.Body, ct);
            return Results.Empty;
        });
        return app;
    }

    /// <summary>The zone <c>tz</c> names, else the cookie's, else UTC; null when <c>tz</c> names none.</summary>
    private static TimeZoneInfo? ExportZone(string? tz, HttpRequest request) =>
        tz is null ? TimeZoneCookie.Zone(request) : ZoneTime.TryFind(tz, out var zone) ? zone : null;

    private static IResult BadZone() =>
        Results.Problem(title: "Bad time zone", detail: "tz is an IANA time zone such as Europe/Paris, America/New_York or UTC.", statusCode: 400);
}
