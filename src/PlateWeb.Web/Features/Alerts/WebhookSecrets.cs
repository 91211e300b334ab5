using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;

namespace PlateWeb.Web.Features.Alerts;

/// <summary>
/// Webhook HMAC secrets at rest: protected with the app's Data Protection key ring (Hosting/DataProtectionKeys), shown
/// once when made, never logged. Losing the key ring makes them unreadable: the delivery then fails and says so.
/// </summary>
public sealed class WebhookSecrets(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("PlateWeb.Alerts.WebhookSecret.v1");

    /// <summary>A new random secret (32 bytes, base64url), for an admin who leaves the field empty.</summary>
    public static string NewSecret() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public string Protect(string secret) => _protector.Protect(secret);

    /// <exception cref="CryptographicException">The key ring that protected it is gone.</exception>
    public string Unprotect(string protectedSecret) => _protector.Unprotect(protectedSecret);
}

/// <summary>
/// The signature header of a webhook: <c>X-PlateWeb-Signature: sha256=HEX</c>, HMAC-SHA256 of the exact body bytes
/// with the webhook's secret (UTF-8). A receiver computes the same and compares in constant time.
/// </summary>
public static class WebhookSignature
{
    public const string Header = "X-PlateWeb-Signature";

    public static string Compute(string secret, ReadOnlySpan<byte> body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    public static bool Verify(string secret, ReadOnlySpan<byte> body, string? header) =>
        header is not null && CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(Compute(secret, body)), Encoding.ASCII.GetBytes(header));
}
