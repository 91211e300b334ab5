using Microsoft.AspNetCore.Http.HttpResults;
using PlateWeb.Data.Time;
using PlateWeb.Web.Features.Localization;

namespace PlateWeb.Web.Features.TimeZones;

/// <summary>
/// GET /timezone?tz=Europe/Paris&amp;redirectUri=/history: remembers the zone in <c>plateweb.tz</c> and goes back (a full
/// load: the circuit reads its zone once). <c>tz=auto</c> forgets the choice; the page's script then writes the
/// browser's zone again.
/// </summary>
public static partial class TimeZoneEndpoints
{
    public const string Path = "/timezone";

    /// <summary>What <c>tz</c> takes to follow the browser's zone.</summary>
    public const string Auto = "auto";

    public static string Link(string zone, string redirectUri) =>
        $"{Path.TrimStart('/')}?tz={Uri.EscapeDataString(zone)}&redirectUri={Uri.EscapeDataString(redirectUri)}";

    public static IEndpointRouteBuilder MapTimeZoneSwitch(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, Results<RedirectHttpResult, ContentHttpResult> (string? tz, string? redirectUri, HttpContext http, ILoggerFactory loggers) =>
        {
            var logger = loggers.CreateLogger(typeof(TimeZoneEndpoints));
            var target = string.IsNullOrEmpty(redirectUri) ? "/" : redirectUri;
            if (!CultureEndpoints.IsLocal(target))
            {
                LogRefused(logger, "redirectUri");
                return TypedResults.Text("redirectUri must be a path on this site, such as /history.", statusCode: StatusCodes.Status400BadRequest);
            }
            if (string.Equals(tz, Auto, StringComparison.OrdinalIgnoreCase))
            {
                TimeZoneCookie.Delete(http);
                return TypedResults.LocalRedirect(target);
            }
            if (!ZoneTime.TryFind(tz, out var zone))
            {
                // The value is not logged: it came from the request and may be anything.
                LogRefused(logger, "tz");
                return TypedResults.Text("Unknown time zone: give an IANA id such as Europe/Paris, America/New_York or UTC, or auto.",
                    statusCode: StatusCodes.Status400BadRequest);
            }
            TimeZoneCookie.Write(http, ZoneTime.Name(zone));
            return TypedResults.LocalRedirect(target);
        });
        return app;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Time zone switch refused: bad {Parameter}")]
    private static partial void LogRefused(ILogger logger, string parameter);
}
