using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using PlateWeb.Web.Hosting;

namespace PlateWeb.Web.Features.Account;

/// <summary>
/// At start-up, after the database initializer: creates the two roles, and the admin account from
/// Auth:AdminUser / Auth:AdminPassword when no account exists yet (unattended installs). Without
/// them, the first visitor is sent to /account/setup to create it.
/// </summary>
public sealed partial class AccountInitializer(IServiceScopeFactory scopes, IOptions<AccountOptions> options, FirstRunState firstRun, ILogger<AccountInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role)) await roles.CreateAsync(new IdentityRole(role));
        }
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        var hasUsers = users.Users.Any();
        if (!hasUsers && options.Value is { AdminUser: { Length: > 0 } name, AdminPassword: { Length: > 0 } password })
        {
            var errors = await AccountService.CreateUserAsync(users, name, password, Roles.Admin);
            if (errors.Count > 0)
            {
                throw new InvalidOperationException("Auth:AdminUser / Auth:AdminPassword could not create the admin account: " + string.Join(" ", errors));
            }
            LogAdminFromConfiguration(logger, LogValues.Safe(name));
            hasUsers = true;
        }
        firstRun.HasAccounts = hasUsers;
        if (!hasUsers) LogSetupNeeded(logger);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Admin account {UserName} created from configuration")]
    private static partial void LogAdminFromConfiguration(ILogger logger, string userName);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No account yet: open the app in a browser to create the admin account (/account/setup)")]
    private static partial void LogSetupNeeded(ILogger logger);
}

/// <summary>Whether any account exists; until one does, every page leads to /account/setup.</summary>
public sealed class FirstRunState
{
    public volatile bool HasAccounts;
}
