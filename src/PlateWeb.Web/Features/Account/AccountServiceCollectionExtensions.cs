using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
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
                c.Events.OnValidatePrincipal = SessionValidation.ValidatePrincipalAsync;
            }));
        services.AddIdentityCore<IdentityUser>(o =>
            {
                o.User.RequireUniqueEmail = false;
                o.Password.RequiredLength = 10;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireDigit = false;
                // Wrong passwords pause one address (LoginThrottle); locking the account would let anyone lock the admin out.
                o.Lockout.AllowedForNewUsers = false;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<PlateDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders();
        services.AddScoped<AuthenticationStateProvider, RevalidatingIdentityStateProvider>();
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Admin, p => p.RequireAuthenticatedUser().RequireRole(Roles.Admin))
            .AddPolicy(Policies.UserOrApiKey, p => p
                .AddAuthenticationSchemes(IdentityConstants.ApplicationScheme, ApiKeyAuthenticationHandler.SchemeName)
                .RequireAuthenticatedUser());
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<AccountOptions>>((o, account) =>
            o.AddPolicy(LoginLimiter, context => RateLimitPartition.GetFixedWindowLimiter(
                LoginThrottle.AddressKey(context.Connection.RemoteIpAddress),
                _ => new FixedWindowRateLimiterOptions { PermitLimit = account.Value.LoginAttemptsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })));
        services.AddSingleton<FirstRunState>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<LoginThrottle>();
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
        // Rate-limited like the login form: the setup code must not be guessed either.
        app.MapPost("/account/setup", SetupAsync).RequireRateLimiting(LoginLimiter).AllowAnonymous();
        app.MapPost("/account/logout", LogoutAsync);
        return app;
    }

    private static async Task<IResult> LoginAsync(
        [FromForm] string? userName, [FromForm] string? password, [FromForm] string? returnUrl, HttpContext http,
        SignInManager<IdentityUser> signIn, IPasswordHasher<IdentityUser> hasher, LoginThrottle throttle, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger("PlateWeb.Account");
        var back = SafeReturnUrl(returnUrl);
        if (string.IsNullOrWhiteSpace(userName) || string.IsNullOrEmpty(password))
        {
            return Back("missing", back);
        }
        var name = userName.Trim();
        var address = http.Connection.RemoteIpAddress;
        if (throttle.PausedFor(name, address) is { } wait)
        {
            LogRefused(logger, LogValues.Safe(name), "paused after wrong passwords from this address");
            return Paused(wait, back);
        }
        if (await signIn.UserManager.FindByNameAsync(name) is { } user)
        {
            var result = await signIn.PasswordSignInAsync(user, password, isPersistent: true, lockoutOnFailure: false);
            if (result.Succeeded)
            {
                throttle.Succeeded(name, address);
                LogSignedIn(logger, LogValues.Safe(name));
                return TypedResults.LocalRedirect(back);
            }
        }
        else
        {
            // As long as for a wrong password, so that the time taken does not tell which names exist.
            hasher.VerifyHashedPassword(UnknownUser, UnknownUserHash(hasher), password);
        }
        LogRefused(logger, LogValues.Safe(name), "wrong user name or password");
        return throttle.Failed(name, address) is { } pause ? Paused(pause, back) : Back("invalid", back);
    }

    private static readonly IdentityUser UnknownUser = new("unknown");

    private static string? _unknownUserHash;

    private static string UnknownUserHash(IPasswordHasher<IdentityUser> hasher) =>
        _unknownUserHash ??= hasher.HashPassword(UnknownUser, Guid.NewGuid().ToString("N"));

    private static async Task<IResult> SetupAsync(
        [FromForm] string? code, [FromForm] string? userName, [FromForm] string? password, [FromForm] string? confirm,
        UserManager<IdentityUser> users, SignInManager<IdentityUser> signIn, FirstRunState state, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        // Only while no account exists: afterwards this form cannot create anyone.
        if (state.HasAccounts) return SetupDone();
        if (!state.CodeMatches(code)) return TypedResults.LocalRedirect("/account/setup?error=code");
        if (string.IsNullOrWhiteSpace(userName) || string.IsNullOrEmpty(password) || password != confirm)
        {
            return TypedResults.LocalRedirect("/account/setup?error=" + (password != confirm ? "mismatch" : "missing"));
        }
        // One setup at a time: the second of two simultaneous posts finds the first one's account.
        using (await state.EnterSetupAsync(cancellationToken))
        {
            if (state.HasAccounts || await users.Users.AnyAsync(cancellationToken))
            {
                state.AccountExists();
                return SetupDone();
            }
            var errors = await AccountService.CreateUserAsync(users, userName, password, Roles.Admin);
            if (errors.Count > 0)
            {
                return TypedResults.LocalRedirect("/account/setup?error=rules&detail=" + Uri.EscapeDataString(string.Join(" ", errors)));
            }
            state.AccountExists();
        }
        LogAdminCreated(loggers.CreateLogger("PlateWeb.Account"), LogValues.Safe(userName));
        var user = await users.FindByNameAsync(userName.Trim());
        await signIn.SignInAsync(user!, isPersistent: true);
        return TypedResults.LocalRedirect("/");
    }

    /// <summary>
    /// Signs out everywhere: the account's security stamp changes, so every copy of its cookie (another
    /// device, a stolen one) is refused at its next request and open circuits within a minute.
    /// </summary>
    private static async Task<IResult> LogoutAsync(HttpContext http, ClaimsPrincipal principal, IAntiforgery antiforgery, SignInManager<IdentityUser> signIn)
    {
        // The endpoint binds no form field, so the antiforgery middleware would only note a bad token: check it here.
        if (!await antiforgery.IsRequestValidAsync(http)) return TypedResults.BadRequest();
        if (await signIn.UserManager.GetUserAsync(principal) is { } user) await signIn.UserManager.UpdateSecurityStampAsync(user);
        await signIn.SignOutAsync();
        return TypedResults.LocalRedirect("/account/login");
    }

    private static IResult SetupDone() => TypedResults.LocalRedirect("/account/login?error=setup-done");

    private static IResult Back(string error, string returnUrl) =>
        TypedResults.LocalRedirect($"/account/login?error={error}&returnUrl={Uri.EscapeDataString(returnUrl)}");

    private static IResult Paused(TimeSpan wait, string returnUrl) =>
        TypedResults.LocalRedirect($"/account/login?error=paused&wait={(int)Math.Ceiling(wait.TotalMinutes)}&returnUrl={Uri.EscapeDataString(returnUrl)}");

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
