using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using PlateWeb.Data.Storage;

namespace PlateWeb.Web.Features.Api;

/// <summary>Authenticates a request by the API key in its header (ApiOptions.KeyHeader).</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyStore keys,
    IOptions<ApiOptions> api) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    /// <summary>Claim that holds the key's name, written in the request log.</summary>
    public const string KeyNameClaim = "plateweb:api-key";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(api.Value.KeyHeader, out var values) || values.Count == 0)
        {
            return AuthenticateResult.NoResult();
        }
        var key = await keys.ValidateAsync(values[0], Context.RequestAborted);
        if (key is null) return AuthenticateResult.Fail("Unknown or revoked API key.");
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, key.Name), new Claim(KeyNameClaim, key.Name), new Claim(ClaimTypes.NameIdentifier, "api-key:" + key.Id), .. ApiScopes.Claims(key.Scopes)],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        // A person who opened the address in a browser (a picture's link, a bookmark) is no script: the
        // sign-in cookie's challenge, which runs with this one on addresses open to both (/images), sends
        // them to sign in and back. Under /api this scheme is the only one: it always answers.
        if (IsBrowserNavigation(Request) && !Request.Headers.ContainsKey(api.Value.KeyHeader) && !Request.Path.StartsWithSegments("/api"))
        {
            return Task.CompletedTask;
        }
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        return Response.WriteAsJsonAsync(new
        {
            title = "API key required",
            detail = $"Send a valid key in the {api.Value.KeyHeader} header (create one on the API keys page).",
            status = 401,
        }, Context.RequestAborted);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return Response.WriteAsJsonAsync(new
        {
            title = "Not allowed for this key",
            detail = "This API key does not have the scope this request needs (read, upload, delete, chat or admin); an admin gives scopes when creating a key.",
            status = 403,
        }, Context.RequestAborted);
    }

    /// <summary>A top-level navigation by a browser: it says so (Sec-Fetch-Mode), or it asks for HTML first.</summary>
    internal static bool IsBrowserNavigation(HttpRequest request) =>
        request.Headers["Sec-Fetch-Mode"] == "navigate"
        || request.Headers.Accept.ToString().StartsWith("text/html", StringComparison.OrdinalIgnoreCase);
}
