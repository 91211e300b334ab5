using Microsoft.AspNetCore.Diagnostics;
using PlateWeb.Data.Storage;

namespace PlateWeb.Web.Features.Errors;

/// <summary>
/// Turns what went wrong into RFC 7807 problem details: the exceptions that describe a bad request
/// (a body over the size limit, a form with too many fields, a search longer than a plate) or a
/// full disk, on any path; and any other exception of an API request, as a 500 without internals.
/// Other exceptions of pages go on to the error page.
/// </summary>
public sealed partial class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var path = httpContext.Features.Get<IExceptionHandlerPathFeature>()?.Path ?? httpContext.Request.Path.Value;
        if (Classify(exception) is not { } problem)
        {
            if (!ProblemResponses.IsApiPath(path)) return false;
            problem = (StatusCodes.Status500InternalServerError, "Unexpected error", "The server could not answer this request; its log says why.");
        }
        if (problem.Status >= 500) LogServerError(logger, exception, problem.Status, path ?? "");
        else LogRefused(logger, problem.Status, path ?? "", exception.GetType().Name);
        httpContext.Response.StatusCode = problem.Status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = problem.Status, Title = problem.Title, Detail = problem.Detail },
        });
    }

    /// <summary>Status, title and words for the exceptions that are not bugs of the server, or null.</summary>
    public static (int Status, string Title, string Detail)? Classify(Exception exception) => exception switch
    {
        _ when DiskFull.Is(exception) => (StatusCodes.Status507InsufficientStorage, "Disk full",
            "The server's disk is full: nothing can be stored until space is freed."),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => (StatusCodes.Status413PayloadTooLarge,
            "Request too large", "The request body is larger than the server accepts (see Upload:MaxFileBytes for images)."),
        BadHttpRequestException bad => (bad.StatusCode, "Bad request", bad.Message),
        // Form reading: more than FormOptions.ValueCountLimit fields, a boundary or header too long…
        InvalidDataException data => (StatusCodes.Status400BadRequest, "Malformed request", data.Message),
        SearchTooLongException search => (StatusCodes.Status400BadRequest, "Search too long", search.Message),
        _ => null,
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "Answered {StatusCode} to {Path}")]
    private static partial void LogServerError(ILogger logger, Exception exception, int statusCode, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused a request to {Path} with {StatusCode} ({ExceptionType})")]
    private static partial void LogRefused(ILogger logger, int statusCode, string path, string exceptionType);
}
