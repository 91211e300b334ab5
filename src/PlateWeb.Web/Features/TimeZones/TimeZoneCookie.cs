using PlateWeb.Data.Time;

namespace PlateWeb.Web.Features.TimeZones;

/// <summary>
/// <c>plateweb.tz</c>: the user's IANA zone for a year. Written by <c>assets/timezone.js</c> with the browser's zone
/// when it is missing, and by GET /timezone when the user chooses one. Not HttpOnly: the script must see that it is
/// there so as not to overwrite a choice, and a zone is no secret. Read only through <see cref="ZoneTime.TryFind"/>.
/// </summary>
public static class TimeZoneCookie
{
    public const string Name = "plateweb.tz";

    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(365);

    /// <summary>The cookie's zone id when it names a zone; null when it is missing or garbage.</summary>
    public static string? Read(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var value = request.Cookies[Name];
        if (value is not null && value.Contains('%', StringComparison.Ordinal)) value = Uri.UnescapeDataString(value);
        return ZoneTime.TryFind(value, out var zone) ? ZoneTime.Name(zone) : null;
    }

    /// <summary>The cookie's zone, UTC when there is none.</summary>
    public static TimeZoneInfo Zone(HttpRequest request) =>
        Read(request) is { } id && ZoneTime.TryFind(id, out var zone) ? zone : TimeZoneInfo.Utc;

    public static void Write(HttpContext http, string id)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.Response.Cookies.Append(Name, id, Options(http, DateTimeOffset.UtcNow.Add(Lifetime)));
    }

    public static void Delete(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.Response.Cookies.Delete(Name, Options(http, expires: null));
    }

    private static CookieOptions Options(HttpContext http, DateTimeOffset? expires) => new()
    {
        Path = "/",
        Expires = expires,
        IsEssential = true,
        SameSite = SameSiteMode.Lax,
        HttpOnly = false,
        // The original scheme, behind a TLS proxy too (ReverseProxy).
        Secure = http.Request.IsHttps,
    };
}
