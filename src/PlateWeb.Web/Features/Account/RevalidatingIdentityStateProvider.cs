using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace PlateWeb.Web.Features.Account;

/// <summary>
/// A Blazor circuit outlives the request that opened it, so the cookie check alone would let a
/// signed-out or deleted user keep working in an open tab: every <see cref="Interval"/> the circuit's
/// user is checked against the account's current security stamp, and a stale one becomes anonymous
/// (the page then goes to the sign-in form).
/// </summary>
public sealed class RevalidatingIdentityStateProvider(ILoggerFactory loggers, IServiceScopeFactory scopes, IOptions<IdentityOptions> identity)
    : RevalidatingServerAuthenticationStateProvider(loggers)
{
    /// <summary>Short, as each check is one lookup by key; the template's 30 minutes leave a stolen session open too long.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    protected override TimeSpan RevalidationInterval => Interval;

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken) =>
        IsStillValidAsync(authenticationState.User, cancellationToken);

    /// <summary>Whether the account still exists and its security stamp is the one <paramref name="user"/> was signed in with.</summary>
    public async Task<bool> IsStillValidAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        if (await users.GetUserAsync(user) is not { } account) return false;
        if (!users.SupportsUserSecurityStamp) return true;
        return user.FindFirstValue(identity.Value.ClaimsIdentity.SecurityStampClaimType) == await users.GetSecurityStampAsync(account);
    }
}
