using System.ComponentModel.DataAnnotations;

namespace PlateWeb.Web.Features.Account;

/// <summary>Section "Auth" of appsettings.json.</summary>
public sealed class AccountOptions : IValidatableObject
{
    public const string Section = "Auth";

    /// <summary>For unattended installs: with <see cref="AdminPassword"/>, the admin account created at the first start
    /// (set them through PLATEWEB_Auth__AdminUser / PLATEWEB_Auth__AdminPassword rather than in the file).</summary>
    public string? AdminUser { get; set; }

    public string? AdminPassword { get; set; }

    /// <summary>The one-time code /account/setup asks for while no account exists; empty: a random one is made at
    /// start, printed on the console and written to the data folder (PLATEWEB_Auth__SetupCode fixes it for scripts).</summary>
    public string? SetupCode { get; set; }

    /// <summary>Login attempts accepted per minute from one address; the next ones get 429.</summary>
    [Range(1, 1000)]
    public int LoginAttemptsPerMinute { get; set; } = 10;

    /// <summary>Wrong passwords for one user name from one address before sign-in from there pauses.</summary>
    [Range(1, 100)]
    public int MaxFailedAttempts { get; set; } = 5;

    /// <summary>The first pause; each further wrong password from that address doubles it, up to <see cref="MaxPauseMinutes"/>.</summary>
    [Range(1, 3600)]
    public int PauseSeconds { get; set; } = 60;

    [Range(1, 1440)]
    public int MaxPauseMinutes { get; set; } = 15;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(SetupCode) && !SetupCodes.IsAcceptable(SetupCode))
        {
            yield return new ValidationResult(
                $"{Section}:{nameof(SetupCode)} needs at least {SetupCodes.MinLength} letters or digits (dashes and spaces are ignored).",
                [nameof(SetupCode)]);
        }
    }
}

/// <summary>The two roles: admin (everything) and viewer (read the history and chat; no delete, export or keys).</summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string Viewer = "viewer";

    public static readonly IReadOnlyList<string> All = [Admin, Viewer];
}

public static class Policies
{
    /// <summary>Signed in with the admin role.</summary>
    public const string Admin = "admin";

    /// <summary>A signed-in user or a valid API key (stored images).</summary>
    public const string UserOrApiKey = "user-or-api-key";
}
