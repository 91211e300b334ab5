using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using PlateWeb.Web.Features.Api;

namespace PlateWeb.Web.Features.Audit;

/// <summary>Who the audit names for a change: the signed-in user, or the API key that sent the request.</summary>
public static class AuditActor
{
    public static async Task<string?> NameAsync(Task<AuthenticationState>? authentication) =>
        authentication is null ? null : (await authentication).User.Identity?.Name;

    public static string Of(ClaimsPrincipal user) =>
        user.FindFirstValue(ApiKeyAuthenticationHandler.KeyNameClaim) is { } key ? "API key " + key : user.Identity?.Name ?? "(unknown)";
}
