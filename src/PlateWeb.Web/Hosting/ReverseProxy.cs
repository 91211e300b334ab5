using System.Net;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.HttpOverrides;

namespace PlateWeb.Web.Hosting;

/// <summary>
/// Section "ReverseProxy" of appsettings.json: PlateWeb behind Caddy, nginx or another TLS proxy
/// (README, "Behind a reverse proxy").
/// </summary>
public sealed class ReverseProxyOptions
{
    public const string Section = "ReverseProxy";

    /// <summary>
    /// Addresses of the proxies whose X-Forwarded-For/-Proto/-Host headers are believed, besides this
    /// machine's loopback (a proxy on the same machine needs no setting). Headers from anyone else are
    /// ignored: a client cannot pass itself off as another address or as HTTPS.
    /// </summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Networks of such proxies in CIDR notation ("10.0.0.0/8", "fd00::/8").</summary>
    public string[] KnownNetworks { get; set; } = [];

    /// <summary>Strict-Transport-Security on HTTPS answers (original scheme, as the proxy forwards it).</summary>
    public bool Hsts { get; set; } = true;

    /// <summary>HSTS max-age, in days.</summary>
    public int HstsDays { get; set; } = 180;
}

public static class ReverseProxyExtensions
{
    /// <summary>Forwarded headers from the configured proxies only, and HSTS.</summary>
    public static IServiceCollection AddReverseProxySupport(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(ReverseProxyOptions.Section).Get<ReverseProxyOptions>() ?? new ReverseProxyOptions();
        services.AddSingleton(options);
        services.Configure<ForwardedHeadersOptions>(f =>
        {
            f.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            // Loopback (the defaults) plus the configured ones.
            foreach (var proxy in options.KnownProxies)
            {
                f.KnownProxies.Add(IPAddress.TryParse(proxy, out var address)
                    ? address
                    : throw new InvalidOperationException($"ReverseProxy:KnownProxies: '{proxy}' is not an IP address."));
            }
            foreach (var network in options.KnownNetworks)
            {
                f.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(network, out var parsed)
                    ? parsed
                    : throw new InvalidOperationException($"ReverseProxy:KnownNetworks: '{network}' is not a network in CIDR notation (10.0.0.0/8)."));
            }
        });
        // Antiforgery's cookie is not Secure by default: make it follow the original scheme like the others.
        services.Configure<AntiforgeryOptions>(a => a.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        services.AddHsts(h =>
        {
            h.MaxAge = TimeSpan.FromDays(options.HstsDays);
            h.IncludeSubDomains = false;
        });
        return services;
    }

    /// <summary>
    /// First in the pipeline: the request's address and scheme become the client's, as the proxy saw
    /// them, so the login pauses count the real address and cookies are Secure when the browser used HTTPS.
    /// </summary>
    public static WebApplication UseReverseProxySupport(this WebApplication app)
    {
        app.UseForwardedHeaders();
        if (app.Services.GetRequiredService<ReverseProxyOptions>().Hsts && !app.Environment.IsDevelopment())
        {
            // Only HTTPS answers carry the header, and never for localhost (ASP.NET Core's HSTS rules).
            app.UseHsts();
        }
        return app;
    }
}
