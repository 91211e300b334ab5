using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using PlateWeb.Data.Storage;
using PlateWeb.Web.Features.Audit;

namespace PlateWeb.Web.Features.Api;

/// <summary>
/// POST /api/reads/bulk: what History's bulk bar does, for scripts. One action (delete, not_a_plate, unmark) on the
/// reads listed by id or on every read a filter selects; each read changed is audited as the key's change.
/// Needs the delete scope: marking "not a plate" takes a read out of the history as surely as deleting it.
/// </summary>
public static class BulkReadsApi
{
    /// <summary>Most ids one request may list; a filter has no such limit.</summary>
    public const int MaxIds = 10_000;

    public static IEndpointRouteBuilder MapBulkReadsApi(this IEndpointRouteBuilder app)
    {
        app.MapApiGroup("/api")
            .MapPost("/reads/bulk", BulkAsync)
            .RequireAuthorization(ApiScopes.Delete)
            .DisableAntiforgery() // A key header, not a cookie, authenticates: there is no cross-site form to forge.
            .WithSummary("Delete, mark 'not a plate' or unmark many reads: by ids (at most 10 000) or by a filter; dry_run counts only. Needs the delete scope.");
        return app;
    }

    private static async Task<Results<Ok<ApiBulkResult>, ProblemHttpResult>> BulkAsync(
        ApiBulkRequest? request, BulkReads bulk, ClaimsPrincipal user, CancellationToken ct)
    {
        if (request is null) return Problem("No request", "Send a JSON body: {\"action\": \"delete\" | \"not_a_plate\" | \"unmark\", \"ids\": [...] or \"filter\": {...}}.");
        if (ParseAction(request.Action) is not { } action)
        {
            return Problem("Unknown action", "action is one of delete, not_a_plate, unmark.");
        }
        var (selection, problem) = Selection(request);
        if (selection is null) return Problem("Bad selection", problem!);

        var matched = await bulk.CountAsync(selection, ct);
        if (request.DryRun) return TypedResults.Ok(new ApiBulkResult(request.Action!, matched, 0, true));
        var by = AuditActor.Of(user);
        var changed = action switch
        {
            BulkAction.Delete => await bulk.DeleteAsync(selection, by, ct),
            BulkAction.NotAPlate => await bulk.MarkNotAPlateAsync(selection, by, ct),
            _ => await bulk.UnmarkNotAPlateAsync(selection, by, ct),
        };
        return TypedResults.Ok(new ApiBulkResult(request.Action!, matched, changed, false));
    }

    private enum BulkAction { Delete, NotAPlate, Unmark }

    private static BulkAction? ParseAction(string? action) => action?.Trim().ToLowerInvariant() switch
    {
        "delete" => BulkAction.Delete,
        "not_a_plate" or "not-a-plate" => BulkAction.NotAPlate,
        "unmark" => BulkAction.Unmark,
        _ => null,
    };

    /// <summary>The reads the request names, or why it names none clearly: exactly one of ids and filter, and a filter
    /// that selects everything only when it says so (<c>"all": true</c>).</summary>
    internal static (ReadSelection? Selection, string? Problem) Selection(ApiBulkRequest request)
    {
        if ((request.Ids is null) == (request.Filter is null)) return (null, "Give either ids (a list of read ids) or filter, not both and not neither.");
        if (request.Ids is { } ids)
        {
            if (ids.Count == 0) return (null, "ids is empty.");
            if (ids.Count > MaxIds) return (null, $"At most {MaxIds} ids per request; use a filter for more.");
            return (ReadSelection.Of(ids), null);
        }
        var f = request.Filter!;
        if (ReadQuery.SearchProblem(f.Q) is { } tooLong) return (null, tooLong);
        if (f.MinConfidence is { } min && !(min >= 0 && min <= 1)) return (null, "filter.min_confidence is a number between 0 and 1.");
        var empty = string.IsNullOrWhiteSpace(f.Q) && string.IsNullOrWhiteSpace(f.Country) && f.MinConfidence is null
            && f.From is null && f.To is null && f.CameraId is null;
        if (empty && !f.All) return (null, "This filter selects every read: add \"all\": true to the filter to mean it.");
        var query = new ReadQuery(
            string.IsNullOrWhiteSpace(f.Q) ? null : f.Q, 0, 1, ReadSort.CreatedAt, true,
            string.IsNullOrWhiteSpace(f.Country) ? null : f.Country.Trim(), f.MinConfidence, Utc(f.From), Utc(f.To), f.NotAPlate, f.CameraId);
        return (ReadSelection.Matching(query), null);
    }

    private static DateTime? Utc(DateTime? value) => value?.Kind switch
    {
        DateTimeKind.Local => value.Value.ToUniversalTime(),
        _ => value is null ? null : DateTime.SpecifyKind(value.Value, DateTimeKind.Utc),
    };

    private static ProblemHttpResult Problem(string title, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status400BadRequest, title: title);
}

/// <summary>The body of POST /api/reads/bulk.</summary>
/// <param name="DryRun">Count the reads the selection holds, change nothing.</param>
public sealed record ApiBulkRequest(string? Action, IReadOnlyList<long>? Ids, ApiBulkFilter? Filter, bool DryRun = false);

/// <summary>The history's filters, as GET /api/reads takes them; from and to are UTC times (an offset is honoured).</summary>
/// <param name="NotAPlate">Select among the reads marked "not a plate" (hidden otherwise), to unmark them.</param>
/// <param name="All">Needed when no other field narrows the selection.</param>
public sealed record ApiBulkFilter(
    string? Q = null, string? Country = null, float? MinConfidence = null, DateTime? From = null, DateTime? To = null,
    int? CameraId = null, bool NotAPlate = false, bool All = false);

/// <param name="Matched">Reads the selection held.</param>
/// <param name="Changed">Reads changed: deleted, newly marked or unmarked (a read already marked is matched, not changed).</param>
public sealed record ApiBulkResult(string Action, int Matched, int Changed, bool DryRun);
