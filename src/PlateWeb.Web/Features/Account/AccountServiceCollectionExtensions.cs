using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using PlateWeb.Data;
using PlateWeb.Web.Features.Api;
using PlateWeb.Web.Hosting;

namespace PlateWeb.Web.Features.Account;

public static partial class AccountServiceCollectionExtensions
{
    private const string LoginLimiter = "login";

    /// <summary>ASP.NET Core Identity on the app's database, cookie sign-in, the two roles and their policies.</summary>
    public static IServiceCollection AddAccountFeature(this IServiceCollection services)
    {
        services.AddOptions<AccountOptions>().BindConfiguration(AccountOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddLocalization();
        services.AddCascadingAuthenticationState();
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = IdentityConstants.ApplicationScheme;
                o.DefaultSignInScheme = IdentityConstants.ApplicationScheme;
            })
            .AddIdentityCookies(cookies => cookies.ApplicationCookie?.Configure(c =>
            {
                c.LoginPath = "/account/login";
                c.LogoutPath = "/account/logout";
                c.AccessDeniedPath = "/account/denied";
                c.Cookie.Name = "plateweb.auth";
                c.Cookie.HttpOnly = true;
                c.Cookie.SameSite = SameSiteMode.Lax;
                // Secure over HTTPS; plain http://localhost still works for a home install.
                c.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                c.SlidingExpiration = true;
                c.ExpireTimeSpan = TimeSpan.FromDays(7);
            }));
        services.AddIdentityCore<IdentityUser>(o =>
            {
                o.User.RequireUniqueEmail = false;
                o.Password.RequiredLength = 10;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireDigit = false;
                o.Lockout.AllowedForNewUsers = true;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<PlateDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders();
        services.AddOptions<IdentityOptions>().Configure<IOptions<AccountOptions>>((o, account) =>
        {
            o.Lockout.MaxFailedAccessAttempts = account.Value.MaxFailedAttempts;
            o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(account.Value.LockoutMinutes);
        });
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Admin, p => p.RequireAuthenticatedUser().RequireRole(Roles.Admin))
            .AddPolicy(Policies.UserOrApiKey, p => p
                .AddAuthenticationSchemes(IdentityConstants.ApplicationScheme, ApiKeyAuthenticationHandler.SchemeName)
                .RequireAuthenticatedUser());
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<AccountOptions>>((o, account) =>
            o.AddPolicy(LoginLimiter, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = account.Value.LoginAttemptsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })));
        services.AddSingleton<FirstRunState>();
        // After the database initializer (registered by AddPlateData): the tables must exist.
        services.AddHostedService<AccountInitializer>();
        return services;
    }

    /// <summary>Until an account exists, every page request goes to /account/setup.</summary>
    public static IApplicationBuilder UseFirstRunSetup(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var state = context.RequestServices.GetRequiredService<FirstRunState>();
        var path = context.Request.Path;
        if (!state.HasAccounts && HttpMethods.IsGet(context.Request.Method)
            && !path.StartsWithSegments("/account/setup") && !path.StartsWithSegments("/_framework") && !path.StartsWithSegments("/_content")
            && !path.StartsWithSegments("/assets") && !path.StartsWithSegments("/health") && !path.StartsWithSegments("/api")
            && !path.StartsWithSegments("/culture") && !Path.HasExtension(path.Value))
        {
            context.Response.Redirect("/account/setup");
            return;
        }
        await next(context);
    });

    /// <summary>POST /account/login, /account/setup and /account/logout: plain form posts with an antiforgery token.</summary>
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/account/login", LoginAsync).RequireRateLimiting(LoginLimiter).AllowAnonymous();
        app.MapPost("/account/setup", SetupAsync).AllowAnonymous();
        app.MapPost("/account/logout", async (SignInManager<IdentityUser> signIn) =>
        {
            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect("/account/login");
        });
        return app;
    }

    private static async Task<IResult> LoginAsync(
        [FromForm] string? userName, [FromForm] string? password, [FromForm] string? returnUrl,
        SignInManager<IdentityUser> signIn, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger("PlateWeb.Account");
        var back = SafeReturnUrl(returnUrl);
        if (string.IsNullOrWhiteSpace(userName) || string.IsNullOrEmpty(password))
        {
            return Back("missing", back);
        }
        var result = await signIn.PasswordSignInAsync(userName.Trim(), password, isPersistent: true, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            LogSignedIn(logger, LogValues.Safe(userName));
            return TypedResults.LocalRedirect(back);
        }
        LogRefused(logger, LogValues.Safe(userName), result.IsLockedOut ? "locked out" : "wrong user name or password");
        return Back(result.IsLockedOut ? "locked" : "invalid", back);
    }

    private static async Task<IResult> SetupAsync(
        [FromForm] string? userName, [FromForm] string? password, [FromForm] string? confirm,
        UserManager<IdentityUser> users, SignInManager<IdentityUser> signIn, FirstRunState state, ILoggerFactory loggers)
    {
        // Only while no account exists: afterwards this form cannot create anyone.
        if (state.HasAccounts || users.Users.Any())
        {
            state.HasAccounts = true;
            return TypedResults.LocalRedirect("/account/login");
        }
        if (string.IsNullOrWhiteSpace(userName) || string.IsNullOrEmpty(password) || password != confirm)
        {
            return TypedResults.LocalRedirect("/account/setup?error=" + (password != confirm ? "mismatch" : "missing"));
        }
        var errors = await AccountService.CreateUserAsync(users, userName, password, Roles.Admin);
        if (errors.Count > 0)
        {
            return TypedResults.LocalRedirect("/account/setup?error=rules&detail=" + Uri.EscapeDataString(string.Join(" ", errors)));
        }
        state.HasAccounts = true;
        LogAdminCreated(loggers.CreateLogger("PlateWeb.Account"), LogValues.Safe(userName));
        var user = await users.FindByNameAsync(userName.Trim());
        await signIn.SignInAsync(user!, isPersistent: true);
        return TypedResults.LocalRedirect("/");
    }

    private static IResult Back(string error, string returnUrl) =>
        TypedResults.LocalRedirect($"/account/login?error={error}&returnUrl={Uri.EscapeDataString(returnUrl)}");

    /// <summary>Only a local path: "//evil.example" and absolute URLs become "/" (no open redirect).</summary>
    public static string SafeReturnUrl(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)
            ? url
            : "/";

    [LoggerMessage(Level = LogLevel.Information, Message = "{UserName} signed in")]
    private static partial void LogSignedIn(ILogger logger, string userName);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sign-in refused for {UserName}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string userName, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Admin account {UserName} created at first start")]
    private static partial void LogAdminCreated(ILogger logger, string userName);
}
