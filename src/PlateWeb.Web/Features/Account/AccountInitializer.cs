using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PlateWeb.Data;
using PlateWeb.Web.Hosting;

namespace PlateWeb.Web.Features.Account;

/// <summary>
/// At start-up, after the database initializer: creates the two roles, and the admin account from
/// Auth:AdminUser / Auth:AdminPassword when no account exists yet (unattended installs). Without
/// them, the first visitor is sent to /account/setup, which asks for the one-time setup code
/// printed here (Auth:SetupCode, or a random one also written to the data folder).
/// </summary>
public sealed partial class AccountInitializer(
    IServiceScopeFactory scopes, IOptions<AccountOptions> options, IOptions<DataOptions> data, FirstRunState firstRun, ILogger<AccountInitializer> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role)) await roles.CreateAsync(new IdentityRole(role));
        }
        await EndIdentityLockoutsAsync(scope.ServiceProvider.GetRequiredService<PlateDbContext>(), cancellationToken);
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        var hasUsers = await users.Users.AnyAsync(cancellationToken);
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
        var codeFile = Path.Combine(data.Value.DataDirectory, SetupCodes.FileName);
        if (hasUsers)
        {
            firstRun.AccountExists();
            // A code left by a start that ended before the setup was done.
            File.Delete(codeFile);
        }
        else if (options.Value.SetupCode is { } configured && !string.IsNullOrWhiteSpace(configured))
        {
            firstRun.AwaitSetup(configured, codeFile: null);
            LogSetupNeededWithConfiguredCode(logger);
        }
        else
        {
            var code = SetupCodes.Generate();
            WriteOwnerOnly(codeFile, code + Environment.NewLine);
            firstRun.AwaitSetup(code, codeFile);
            LogSetupNeeded(logger, code, codeFile);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Wrong passwords no longer lock an account (LoginThrottle pauses one address instead): lockouts and
    /// failure counts left by earlier versions are cleared, and Identity's lockout is off for every account.
    /// </summary>
    private static Task EndIdentityLockoutsAsync(PlateDbContext db, CancellationToken cancellationToken) =>
        db.Users.Where(u => u.LockoutEnabled || u.LockoutEnd != null || u.AccessFailedCount != 0)
            .ExecuteUpdateAsync(u => u
                .SetProperty(x => x.LockoutEnabled, false)
                .SetProperty(x => x.LockoutEnd, (DateTimeOffset?)null)
                .SetProperty(x => x.AccessFailedCount, 0), cancellationToken);

    private static void WriteOwnerOnly(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.Delete(path);
        var mode = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) mode.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using var writer = new StreamWriter(path, mode);
        writer.Write(text);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Admin account {UserName} created from configuration")]
    private static partial void LogAdminFromConfiguration(ILogger logger, string userName);

    [LoggerMessage(Level = LogLevel.Warning, Message = """
        No account yet. To create the admin account, open the app in a browser (/account/setup) and enter this one-time setup code:

            {SetupCode}

        (also in {CodeFile}; it is deleted once the account exists)
        """)]
    private static partial void LogSetupNeeded(ILogger logger, string setupCode, string codeFile);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No account yet: open the app in a browser (/account/setup) and enter the setup code given as Auth:SetupCode to create the admin account")]
    private static partial void LogSetupNeededWithConfiguredCode(ILogger logger);
}
