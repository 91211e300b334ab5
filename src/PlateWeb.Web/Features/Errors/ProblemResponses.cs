namespace PlateWeb.Web.Features.Errors;

/// <summary>
/// Errors of the API (and of the other endpoints that scripts call) as RFC 7807 problem details:
/// exceptions through <see cref="ProblemExceptionHandler"/>, empty 4xx/5xx answers through the
/// status code pages. Pages keep the error page (the developer page in Development).
/// </summary>
public static class ProblemResponses
{
    public static IServiceCollection AddProblemResponses(this IServiceCollection services)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
            c.ProblemDetails.Extensions.TryAdd("traceId", c.HttpContext.TraceIdentifier));
        services.AddExceptionHandler<ProblemExceptionHandler>();
        return services;
    }

    /// <summary>After the app's error page (whose middleware also asks the handler first), before everything else.</summary>
    public static IApplicationBuilder UseProblemResponses(this IApplicationBuilder app) =>
        app.UseWhen(c => IsApiPath(c.Request.Path.Value), api =>
        {
            api.UseExceptionHandler();
            api.UseStatusCodePages();
        });

    /// <summary>The API, the health report and the history exports: answered to scripts, in JSON.</summary>
    public static bool IsApiPath(string? path) =>
        path is not null && (path.StartsWith("/api/", StringComparison.OrdinalIgnoreCase) || path.Equals("/api", StringComparison.OrdinalIgnoreCase)
            || path.Equals("/health", StringComparison.OrdinalIgnoreCase) || path.StartsWith("/history/export", StringComparison.OrdinalIgnoreCase));
}
