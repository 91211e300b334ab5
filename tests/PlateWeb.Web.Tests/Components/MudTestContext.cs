using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace PlateWeb.Web.Tests.Components;

/// <summary>The one bUnit context for PlateWeb components: MudBlazor services, JS calls answered loosely.</summary>
/// <remarks>
/// MudBlazor registers services that are only IAsyncDisposable, so the container must be disposed
/// asynchronously: xUnit 2 calls IAsyncLifetime.DisposeAsync first, and the later synchronous
/// Dispose then finds it already done.
/// </remarks>
public abstract class MudTestContext : BunitContext, IAsyncLifetime
{
    protected MudTestContext()
    {
        Services.AddMudServices();
        // The components' IStringLocalizer<T>, over the app's real .resx files.
        Services.AddLocalization();
        // The user's zone, UTC until a test says otherwise (Clock.Use("Europe/Paris")), as Routes sets it from the cookie.
        Services.AddScoped<PlateWeb.Web.Features.TimeZones.UserClock>();
        JSInterop.Mode = JSRuntimeMode.Loose;
        // Pages show admin actions (delete, export, keys) through AuthorizeView: the default test user is an admin.
        Auth = AddAuthorization();
        Auth.SetAuthorized("admin");
        Auth.SetRoles(PlateWeb.Web.Features.Account.Roles.Admin);
        Auth.SetPolicies(PlateWeb.Web.Features.Account.Policies.Admin);
        Auth.SetClaims(new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.NameIdentifier, TestUserId));
    }

    /// <summary>The account id of the default test user (its AspNetUsers row exists in <see cref="SqliteTestContext"/>).</summary>
    public const string TestUserId = "test-user-admin";

    /// <summary>The signed-in test user; a test can make it a viewer (<c>SetRoles</c>, <c>SetPolicies</c>).</summary>
    protected Bunit.TestDoubles.BunitAuthorizationContext Auth { get; }

    public Task InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();
}
