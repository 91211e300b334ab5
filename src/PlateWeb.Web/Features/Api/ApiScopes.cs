using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using PlateWeb.Data.Entities;

namespace PlateWeb.Web.Features.Api;

/// <summary>
/// An API key's scopes as claims and one authorization policy per scope: a key without
/// <see cref="ApiKeyScopes.Delete"/> gets 403 on DELETE /api/reads/{id}, and so on.
/// </summary>
public static class ApiScopes
{
    /// <summary>One claim per scope the key holds ("read", "upload", "delete", "chat", "admin").</summary>
    public const string Claim = "plateweb:api-scope";

    public const string Read = "api-scope-read";
    public const string Upload = "api-scope-upload";
    public const string Delete = "api-scope-delete";
    public const string Chat = "api-scope-chat";
    public const string Admin = "api-scope-admin";

    /// <summary>
    /// For endpoints open to signed-in users and keys alike (/images/{id}): a key must hold read;
    /// a signed-in user passes.
    /// </summary>
    public const string ReadWhenKey = "api-scope-read-when-key";

    public static IEnumerable<Claim> Claims(ApiKeyScopes scopes) =>
        Enum.GetValues<ApiKeyScopes>()
            .Where(s => s is not ApiKeyScopes.None and not ApiKeyScopes.All && scopes.HasFlag(s))
            .Select(s => new Claim(Claim, Name(s)));

    public static AuthorizationBuilder AddApiScopePolicies(this AuthorizationBuilder authorization) => authorization
        .AddPolicy(Read, p => Scoped(p, ApiKeyScopes.Read))
        .AddPolicy(Upload, p => Scoped(p, ApiKeyScopes.Upload))
        .AddPolicy(Delete, p => Scoped(p, ApiKeyScopes.Delete))
        .AddPolicy(Chat, p => Scoped(p, ApiKeyScopes.Chat))
        .AddPolicy(Admin, p => Scoped(p, ApiKeyScopes.Admin))
        .AddPolicy(ReadWhenKey, p => p.RequireAssertion(c => c.User.Identities.Any(i => i.IsAuthenticated
            && (i.AuthenticationType != ApiKeyAuthenticationHandler.SchemeName || i.HasClaim(Claim, Name(ApiKeyScopes.Read))))));

    private static string Name(ApiKeyScopes scope) => scope.ToString().ToLowerInvariant();

    private static void Scoped(AuthorizationPolicyBuilder policy, ApiKeyScopes scope) => policy
        .AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
        .RequireAuthenticatedUser()
        .RequireClaim(Claim, Name(scope));
}
