using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Localization;

namespace PlateWeb.Web.Features.Localization;

/// <summary>GET /culture?c=fr&amp;redirectUri=/history: remembers the language in the culture cookie and goes back.</summary>
public static partial class CultureEndpoints
{
    public const string Path = "/culture";

    /// <summary>The switch's address for a language, coming back to <paramref name="redirectUri"/> (a local path).</summary>
    public static string Link(string culture, string redirectUri) =>
        $"{Path.TrimStart('/')}?c={Uri.EscapeDataString(culture)}&redirectUri={Uri.EscapeDataString(redirectUri)}";

    public static IEndpointRouteBuilder MapCultureSwitch(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, Results<RedirectHttpResult, ContentHttpResult> (string? c, string? redirectUri, HttpContext http, ILoggerFactory loggers) =>
        {
            var logger = loggers.CreateLogger(typeof(CultureEndpoints));
            if (!SupportedCultures.IsSupported(c))
            {
                LogRefused(logger, "language", c);
                return TypedResults.Text($"Unknown language '{c}': choose one of {string.Join(", ", SupportedCultures.Names)}.", statusCode: StatusCodes.Status400BadRequest);
            }
            var target = string.IsNullOrEmpty(redirectUri) ? "/" : redirectUri;
            if (!IsLocal(target))
            {
                // Only paths of this site: an open redirect would let a link to PlateWeb send people anywhere.
                LogRefused(logger, "redirectUri", target);
                return TypedResults.Text("redirectUri must be a path on this site, such as /history.", statusCode: StatusCodes.Status400BadRequest);
            }
            var culture = c!.ToLowerInvariant();
            http.Response.Cookies.Append(
                CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions
                {
                    Path = "/",
                    Expires = DateTimeOffset.UtcNow.AddYears(1),
                    IsEssential = true,
                    SameSite = SameSiteMode.Lax,
                    HttpOnly = true,
                    // The original scheme, behind a TLS proxy too (ReverseProxy).
                    Secure = http.Request.IsHttps,
                });
            return TypedResults.LocalRedirect(target);
        });
        return app;
    }

    /// <summary>A path on this site: "/…", but not "//host" or "/\host", which browsers read as another site.</summary>
    internal static bool IsLocal(string uri) =>
        uri.Length > 0 && uri[0] == '/'
        && (uri.Length == 1 || (uri[1] != '/' && uri[1] != '\\'))
        && !uri.Any(char.IsControl);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Language switch refused: bad {Parameter} {Value}")]
    private static partial void LogRefused(ILogger logger, string parameter, string? value);
}
