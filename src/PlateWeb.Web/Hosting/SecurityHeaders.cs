using System.Security.Cryptography;

namespace PlateWeb.Web.Hosting;

/// <summary>
/// Security headers on every response: a Content-Security-Policy that fits Blazor Server and
/// MudBlazor, no MIME sniffing, no framing, same-origin referrers.
/// </summary>
public static class SecurityHeaders
{
    private const string NonceKey = "plateweb:csp-nonce";
    private const string AppliedKey = "plateweb:security-headers";

    /// <summary>
    /// The policy, with {0} for the request's nonce. Scripts come only from this origin, save the one
    /// inline script Blazor writes, the import map (<c>&lt;ImportMap nonce=…&gt;</c> in App.razor).
    /// Blazor Server needs no eval (only WebAssembly needs 'wasm-unsafe-eval'). Styles need
    /// 'unsafe-inline': MudBlazor and Blazor's reconnection dialog write style attributes. connect-src
    /// 'self' covers the circuit's WebSocket on the same host and port. Images: the stored pictures
    /// (same origin), data: and blob: URLs (MudBlazor's file upload previews).
    /// </summary>
    private const string Policy =
        "default-src 'self'; " +
        "script-src 'self' 'nonce-{0}'; " +
        "style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data: blob:; " +
        "font-src 'self' data:; " +
        "connect-src 'self'; " +
        "object-src 'none'; " +
        "base-uri 'self'; " +
        "form-action 'self'; " +
        "frame-ancestors 'none'";

    /// <summary>
    /// Adds the headers when the response starts, so error pages (re-executed after the headers were
    /// cleared), static files and problem responses carry them too. Put it first in the pipeline.
    /// </summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        // The exception handler runs the pipeline again for the error page: register once, keep the nonce.
        if (!context.Items.ContainsKey(AppliedKey))
        {
            context.Items[AppliedKey] = true;
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = string.Format(System.Globalization.CultureInfo.InvariantCulture, Policy, Nonce(context));
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "same-origin";
                return Task.CompletedTask;
            });
        }
        await next(context);
    });

    /// <summary>The request's CSP nonce (128 random bits), for the inline scripts the app itself writes.</summary>
    public static string Nonce(HttpContext context)
    {
        if (context.Items[NonceKey] is string nonce) return nonce;
        // Hex: nothing in it for HTML or the header to encode.
        nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        context.Items[NonceKey] = nonce;
        return nonce;
    }
}
