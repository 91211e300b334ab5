using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using PlateWeb.Data.Alerts;
using PlateWeb.Data.Entities;
using PlateWeb.Web.Features.Alerts;

namespace PlateWeb.Web.Features.Api;

/// <summary>A watchlist in the list: its tolerance, how many entries it has and how many rules use it.</summary>
public sealed record ApiWatchlist(int Id, string Name, string Tolerance, int EntryCount, int RuleCount);

/// <summary>One watchlist with its entries.</summary>
public sealed record ApiWatchlistDetail(int Id, string Name, string Tolerance, DateTime CreatedAt, IReadOnlyList<ApiWatchlistEntry> Entries)
{
    public static ApiWatchlistDetail From(Watchlist w) =>
        new(w.Id, w.Name, ApiJson.Name(w.Tolerance), Utc(w.CreatedAt), w.Entries.Select(ApiWatchlistEntry.From).ToList());

    internal static DateTime Utc(DateTime t) => DateTime.SpecifyKind(t, DateTimeKind.Utc);
}

/// <summary>One entry: a plate or pattern ("AB1??CD", "AB1*"), its label and its expiry (UTC; null: never).</summary>
public sealed record ApiWatchlistEntry(long Id, string Pattern, string Label, DateTime? ExpiresAt, DateTime CreatedAt)
{
    public static ApiWatchlistEntry From(WatchlistEntry e) =>
        new(e.Id, e.Pattern, e.Label, e.ExpiresAt is { } x ? ApiWatchlistDetail.Utc(x) : null, ApiWatchlistDetail.Utc(e.CreatedAt));
}

/// <summary>
/// /api/watchlists for keys with the admin scope: the lists and their entries, through <see cref="AlertAdmin"/> like
/// the Watchlists page (same checks; every change refreshes the alert rules). Entries are plates: never logged.
/// </summary>
public static class WatchlistsApi
{
    public static IEndpointRouteBuilder MapWatchlistsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapApiGroup("/api/watchlists").RequireAuthorization(ApiScopes.Admin);
        api.MapGet("", ListAsync).WithSummary("Every watchlist, by name, with its number of entries and rules.");
        api.MapGet("/{id:int}", GetAsync).WithSummary("One watchlist with its entries.");
        api.MapPost("", CreateAsync).WithSummary("Add a watchlist: JSON {name, tolerance (exact|confusions|confusions_and_one_edit)}.");
        api.MapPatch("/{id:int}", PatchAsync).WithSummary("Rename a watchlist or change its tolerance.");
        api.MapDelete("/{id:int}", DeleteAsync).WithSummary("Remove a watchlist and its entries (409 while rules use it).");
        api.MapGet("/{id:int}/entries", EntriesAsync).WithSummary("The watchlist's entries.");
        api.MapPost("/{id:int}/entries", AddEntryAsync).WithSummary("Add an entry: JSON {pattern, label, expires_at}.");
        api.MapPatch("/{id:int}/entries/{entryId:long}", PatchEntryAsync).WithSummary("Change an entry's pattern, label or expiry (null: never).");
        api.MapDelete("/{id:int}/entries/{entryId:long}", DeleteEntryAsync).WithSummary("Remove an entry.");
        return app;
    }

    private static async Task<Ok<List<ApiWatchlist>>> ListAsync(AlertAdmin admin, CancellationToken ct) =>
        TypedResults.Ok((await admin.ListWatchlistsAsync(ct)).Select(w => new ApiWatchlist(w.Id, w.Name, ApiJson.Name(w.Tolerance), w.EntryCount, w.RuleCount)).ToList());

    private static async Task<Results<Ok<ApiWatchlistDetail>, NotFound>> GetAsync(int id, AlertAdmin admin, CancellationToken ct) =>
        await admin.FindWatchlistAsync(id, ct) is { } list ? TypedResults.Ok(ApiWatchlistDetail.From(list)) : TypedResults.NotFound();

    private static async Task<Results<Created<ApiWatchlistDetail>, ProblemHttpResult>> CreateAsync(HttpRequest request, AlertAdmin admin, CancellationToken ct)
    {
        var (body, problem) = await ApiJson.ObjectAsync(request, ct);
        if (body is null) return problem!;
        try
        {
            Only(body, "name", "tolerance");
            var name = ApiJson.Text("name", body["name"]) ?? throw new ApiFieldException("A watchlist needs a name.");
            var tolerance = Tolerance(body) ?? WatchTolerance.ConfusionsAndOneEdit;
            var list = await admin.CreateWatchlistAsync(name, tolerance, ct);
            return TypedResults.Created($"/api/watchlists/{list.Id}", ApiWatchlistDetail.From(list));
        }
        catch (Exception ex) when (Refused(ex) is { } refused)
        {
            return refused;
        }
    }

    private static async Task<Results<Ok<ApiWatchlistDetail>, NotFound, ProblemHttpResult>> PatchAsync(int id, HttpRequest request, AlertAdmin admin, CancellationToken ct)
    {
        var (body, problem) = await ApiJson.ObjectAsync(request, ct);
        if (body is null) return problem!;
        try
        {
            Only(body, "name", "tolerance");
            if (body.ContainsKey("name") && body["name"] is null) throw new ApiFieldException("A watchlist needs a name.");
            if (!await admin.UpdateWatchlistAsync(id, ApiJson.Text("name", body["name"]), Tolerance(body), ct)) return TypedResults.NotFound();
            return TypedResults.Ok(ApiWatchlistDetail.From((await admin.FindWatchlistAsync(id, ct))!));
        }
        catch (Exception ex) when (Refused(ex) is { } refused)
        {
            return refused;
        }
    }

    private static async Task<Results<NoContent, NotFound, ProblemHttpResult>> DeleteAsync(int id, AlertAdmin admin, CancellationToken ct)
    {
        if (await admin.FindWatchlistAsync(id, ct) is null) return TypedResults.NotFound();
        try
        {
            await admin.DeleteWatchlistAsync(id, ct);
            return TypedResults.NoContent();
        }
        catch (AlertAdminException ex) when (Refused(ex) is { } refused)
        {
            return refused;
        }
    }

    private static async Task<Results<Ok<List<ApiWatchlistEntry>>, NotFound>> EntriesAsync(int id, AlertAdmin admin, CancellationToken ct) =>
        await admin.FindWatchlistAsync(id, ct) is { } list ? TypedResults.Ok(list.Entries.Select(ApiWatchlistEntry.From).ToList()) : TypedResults.NotFound();

    private static async Task<Results<Created<ApiWatchlistEntry>, NotFound, ProblemHttpResult>> AddEntryAsync(int id, HttpRequest request, AlertAdmin admin, CancellationToken ct)
    {
        if (await admin.FindWatchlistAsync(id, ct) is null) return TypedResults.NotFound();
        var (body, problem) = await ApiJson.ObjectAsync(request, ct);
        if (body is null) return problem!;
        try
        {
            Only(body, "pattern", "label", "expires_at");
            var pattern = ApiJson.Text("pattern", body["pattern"]) ?? throw new ApiFieldException("An entry needs a pattern: a plate (AB-123-CD), with ? for one character or a final * for a prefix.");
            var entry = await admin.AddEntryAsync(id, pattern, ApiJson.Text("label", body["label"]), ApiJson.Time("expires_at", body["expires_at"]), ct);
            return TypedResults.Created($"/api/watchlists/{id}/entries/{entry.Id}", ApiWatchlistEntry.From(entry));
        }
        catch (Exception ex) when (Refused(ex) is { } refused)
        {
            return refused;
        }
    }

    private static async Task<Results<Ok<ApiWatchlistEntry>, NotFound, ProblemHttpResult>> PatchEntryAsync(
        int id, long entryId, HttpRequest request, AlertAdmin admin, CancellationToken ct)
    {
        var (body, problem) = await ApiJson.ObjectAsync(request, ct);
        if (body is null) return problem!;
        try
        {
            Only(body, "pattern", "label", "expires_at");
            if (body.ContainsKey("pattern") && body["pattern"] is null) throw new ApiFieldException("An entry needs a pattern.");
            var change = new WatchlistEntryChange(
                ApiJson.Text("pattern", body["pattern"]), ApiJson.Text("label", body["label"]), body.ContainsKey("expires_at"), ApiJson.Time("expires_at", body["expires_at"]));
            return await admin.UpdateEntryAsync(id, entryId, change, ct) is { } entry ? TypedResults.Ok(ApiWatchlistEntry.From(entry)) : TypedResults.NotFound();
        }
        catch (Exception ex) when (Refused(ex) is { } refused)
        {
            return refused;
        }
    }

    private static async Task<Results<NoContent, NotFound>> DeleteEntryAsync(int id, long entryId, AlertAdmin admin, CancellationToken ct) =>
        await admin.DeleteEntryAsync(id, entryId, ct) ? TypedResults.NoContent() : TypedResults.NotFound();

    private static WatchTolerance? Tolerance(JsonObject body) =>
        body["tolerance"] is null ? null
        : ApiJson.Choice<WatchTolerance>("tolerance", body["tolerance"]) ?? throw new ApiFieldException("tolerance must be \"exact\", \"confusions\" or \"confusions_and_one_edit\".");

    private static void Only(JsonObject body, params string[] fields)
    {
        if (body.Select(p => p.Key).FirstOrDefault(k => !fields.Contains(k, StringComparer.Ordinal)) is { } unknown)
        {
            throw new ApiFieldException($"Unknown field '{ApiJson.Shown(unknown)}'; send {string.Join(", ", fields)}.");
        }
    }

    /// <summary>A refusal as its problem: a taken name or a list in use 409, a list gone 404, anything else said wrong 400; null for other exceptions.</summary>
    private static ProblemHttpResult? Refused(Exception ex) => ex switch
    {
        ApiFieldException f => ApiJson.Problem(StatusCodes.Status400BadRequest, "Invalid watchlist", f.Message),
        AlertAdminException { Code: "NameTaken" or "ListInUse" } a => ApiJson.Problem(StatusCodes.Status409Conflict, "Conflict", a.Message),
        AlertAdminException { Code: "NoList" } a => ApiJson.Problem(StatusCodes.Status404NotFound, "No such watchlist", a.Message),
        AlertAdminException a => ApiJson.Problem(StatusCodes.Status400BadRequest, "Invalid watchlist", a.Message),
        _ => null,
    };
}
