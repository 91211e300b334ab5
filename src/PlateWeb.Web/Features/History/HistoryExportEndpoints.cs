using System.Text;
using PlateWeb.Data.Storage;

namespace PlateWeb.Web.Features.History;

/// <summary>GET /history/export.csv and /history/export.json: the filtered history, every page.</summary>
public static class HistoryExportEndpoints
{
    public static IEndpointRouteBuilder MapHistoryExport(this IEndpointRouteBuilder app)
    {
        // Exports are for admins: a viewer reads the history but does not take it away.
        var history = app.MapGroup("/history").RequireAuthorization(PlateWeb.Web.Features.Account.Policies.Admin);
        history.MapGet("/export.csv", async ([AsParameters] HistoryFilter filter, IReadQueries queries, HttpResponse response, CancellationToken ct) =>
        {
            response.ContentType = "text/csv; charset=utf-8";
            response.Headers.ContentDisposition = "attachment; filename=\"plateweb-history.csv\"";
            await using var writer = new StreamWriter(response.Body, new UTF8Encoding(false));
            await HistoryCsv.WriteAsync(writer, queries.ExportAsync(filter.ToQuery(), ct), ct);
        });
        history.MapGet("/export.json", ([AsParameters] HistoryFilter filter, IReadQueries queries, HttpResponse response, CancellationToken ct) =>
        {
            response.Headers.ContentDisposition = "attachment; filename=\"plateweb-history.json\"";
            return TypedResults.Ok(queries.ExportAsync(filter.ToQuery(), ct));
        });
        return app;
    }
}
