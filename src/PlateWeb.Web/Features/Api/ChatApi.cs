using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using PlateWeb.Chat;
using PlateWeb.Chat.Grounding;
using PlateWeb.Data.Time;

namespace PlateWeb.Web.Features.Api;

/// <summary>A question to the chat from a script.</summary>
/// <param name="LastQuery">The <see cref="ApiAnswer.Query"/> of the previous answer, for a follow-up ("and yesterday?"): the API
/// keeps no conversation, so a script that wants follow-ups passes the last query back.</param>
/// <param name="TimeZone">The asker's IANA zone ("Europe/Paris"): "today", "after 22:00" and the answer's times are in it.
/// Null: <c>Chat:TimeZone</c>, else the server's zone.</param>
public sealed record ApiQuestion(string? Question, long? ReadId = null, string? LastQuery = null, string? TimeZone = null);

public sealed record ApiSource(int Number, string Line, IReadOnlyList<long> ReadIds);

/// <summary>The whole answer (the web page streams it; a script gets it at once), with the facts it may use.</summary>
/// <param name="Outcome">How the answer passed the check: "passed", "regenerated", "replaced" (written from the facts
/// because the model's answer did not match them) or "rendered" (a long list written from the facts); null when unchecked.</param>
/// <param name="Query">This question's query, to send back as <see cref="ApiQuestion.LastQuery"/> with a follow-up; null when it has none.</param>
public sealed record ApiAnswer(
    string Answer, IReadOnlyList<ApiSource> Sources, bool Cancelled, int Tokens, double FirstTokenMs, string? Outcome = null, string? Query = null);

/// <summary>POST /api/chat: the same grounded chat as the page, queued behind other users' questions.</summary>
public static class ChatApi
{
    public static IEndpointRouteBuilder MapChatApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api").RequireAuthorization(ApiServiceCollectionExtensions.Policy)
            .MapPost("/chat", AskAsync)
            .RequireAuthorization(ApiScopes.Chat)
            .RequireRateLimiting(ChatLimiter)
            .DisableAntiforgery()
            .WithSummary("Ask the chat about the stored history; the answer comes back whole, with its sources.");
        return app;
    }

    /// <summary>Rate limiter of POST /api/chat: <see cref="ApiOptions.ChatPerMinute"/> questions per key.</summary>
    public const string ChatLimiter = "api-chat";

    private static async Task<Results<Ok<ApiAnswer>, ProblemHttpResult>> AskAsync(ApiQuestion body, IChatService chat, HttpContext http, CancellationToken ct)
    {
        var answer = new StringBuilder();
        IReadOnlyList<ApiSource> sources = [];
        string? outcome = null;
        string? query = null;
        TimeZoneInfo? zone = null;
        if (body.TimeZone is { } zoneId && !ZoneTime.TryFind(zoneId, out zone))
        {
            return TypedResults.Problem(title: "Bad time zone", detail: "time_zone is an IANA time zone such as Europe/Paris, America/New_York or UTC.",
                statusCode: StatusCodes.Status400BadRequest);
        }
        var context = body.ReadId is null && body.LastQuery is null && zone is null
            ? null
            : new GroundingContext(body.ReadId, null) { LastQuery = body.LastQuery, TimeZone = zone };
        await foreach (var e in chat.AskAsync(body.Question ?? string.Empty, context, ct))
        {
            switch (e)
            {
                case ChatRejected rejected:
                    return TypedResults.Problem(title: "Question refused", detail: rejected.Message, statusCode: StatusCodes.Status400BadRequest);
                case ChatUnavailable { Busy: true } busy:
                    http.Response.Headers.RetryAfter = "30";
                    return TypedResults.Problem(title: "Chat busy", detail: busy.Message, statusCode: StatusCodes.Status503ServiceUnavailable);
                case ChatUnavailable unavailable:
                    return TypedResults.Problem(title: "No chat model", detail: unavailable.Message, statusCode: StatusCodes.Status503ServiceUnavailable);
                case ChatGrounded grounded:
                    sources = grounded.Grounding.Facts.Select(f => new ApiSource(f.Number, f.Line, f.ReadIds)).ToList();
                    query = grounded.Grounding.Query;
                    break;
                case ChatToken token:
                    answer.Append(token.Text);
                    break;
                case ChatChecked check:
                    answer.Clear().Append(check.Text);
                    outcome = check.Outcome.ToString().ToLowerInvariant();
                    break;
                case ChatCompleted done:
                    return TypedResults.Ok(new ApiAnswer(answer.ToString().Trim(), sources, done.Cancelled, done.TokenCount, Math.Round(done.TimeToFirstToken.TotalMilliseconds, 1), outcome, query));
            }
        }
        return TypedResults.Ok(new ApiAnswer(answer.ToString().Trim(), sources, Cancelled: ct.IsCancellationRequested, 0, 0, Query: query));
    }
}
