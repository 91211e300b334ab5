using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using PlateWeb.Data.Entities;

namespace PlateWeb.Data.Storage;

/// <summary>A key as listed in the UI (never with its secret).</summary>
public sealed record ApiKeyInfo(long Id, string Name, string Prefix, DateTime CreatedAt, DateTime? RevokedAt, DateTime? LastUsedAt, ApiKeyScopes Scopes = ApiKeyScopes.All);

/// <summary>A new key: <see cref="Secret"/> is shown once and never stored.</summary>
public sealed record CreatedApiKey(ApiKeyInfo Key, string Secret);

/// <summary>Creates, checks and revokes API keys; only each key's SHA-256 is stored.</summary>
public sealed partial class ApiKeyStore(IDbContextFactory<PlateDbContext> dbFactory, TimeProvider time, ILogger<ApiKeyStore> logger)
{
    private const string SecretPrefix = "pw_";

    /// <summary>Every scope there is: "all" and admin (which "all" leaves out).</summary>
    private const ApiKeyScopes Known = ApiKeyScopes.All | ApiKeyScopes.Admin;

    /// <summary>A key with every scope, as keys were before scopes.</summary>
    public Task<CreatedApiKey> CreateAsync(string name, CancellationToken ct) => CreateAsync(name, ApiKeyScopes.All, ct);

    public async Task<CreatedApiKey> CreateAsync(string name, ApiKeyScopes scopes, CancellationToken ct)
    {
        var trimmed = (name ?? string.Empty).Trim();
        if (trimmed.Length is 0 or > 100 || trimmed.Any(char.IsControl))
        {
            throw new ArgumentException("A key needs a name of 1 to 100 characters, without control characters.", nameof(name));
        }
        if (scopes == ApiKeyScopes.None || (scopes & ~Known) != 0)
        {
            throw new ArgumentException("A key needs at least one scope of read, upload, delete, chat and admin.", nameof(scopes));
        }
        var secret = SecretPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var key = new ApiKey
        {
            Name = trimmed,
            Prefix = secret[..10],
            Hash = HashOf(secret),
            Scopes = scopes,
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(ct);
        LogCreated(logger, key.Name, key.Prefix, key.Scopes);
        return new CreatedApiKey(Info(key), secret);
    }

    /// <summary>The key's name when <paramref name="secret"/> is a valid, unrevoked key; otherwise null.</summary>
    public async Task<ApiKeyInfo?> ValidateAsync(string? secret, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(secret) || secret.Length > 200 || !secret.StartsWith(SecretPrefix, StringComparison.Ordinal)) return null;
        var hash = HashOf(secret);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Hash == hash, ct);
        if (key is null || key.RevokedAt is not null) return null;
        var now = time.GetUtcNow().UtcDateTime;
        if (key.LastUsedAt is null || now - key.LastUsedAt > TimeSpan.FromMinutes(1))
        {
            key.LastUsedAt = now;
            await db.SaveChangesAsync(ct);
        }
        return Info(key);
    }

    public async Task<IReadOnlyList<ApiKeyInfo>> ListAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var keys = await db.ApiKeys.AsNoTracking().OrderBy(k => k.Id).ToListAsync(ct);
        return keys.Select(Info).ToList();
    }

    /// <summary>False when there is no such key or it was already revoked.</summary>
    public async Task<bool> RevokeAsync(long id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == id, ct);
        if (key is null || key.RevokedAt is not null) return false;
        key.RevokedAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        LogRevoked(logger, key.Name, key.Prefix);
        return true;
    }

    private static string HashOf(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static ApiKeyInfo Info(ApiKey k) => new(k.Id, k.Name, k.Prefix, k.CreatedAt, k.RevokedAt, k.LastUsedAt, k.Scopes);

    /// <summary>"read,upload": the scopes as <c>platectl keys</c> takes and prints them.</summary>
    public static string Format(ApiKeyScopes scopes) =>
        string.Join(",", Enum.GetValues<ApiKeyScopes>().Where(s => s is not ApiKeyScopes.None and not ApiKeyScopes.All && scopes.HasFlag(s)).Select(s => s.ToString().ToLowerInvariant()));

    /// <summary>Parses "read,upload,delete,chat,admin" (any order, any case; "all" for the first four, not admin); null for an unknown word or none.</summary>
    public static ApiKeyScopes? Parse(string? text)
    {
        var scopes = ApiKeyScopes.None;
        foreach (var word in (text ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!Enum.TryParse<ApiKeyScopes>(word, ignoreCase: true, out var scope) || !Enum.IsDefined(scope) || int.TryParse(word, out _)) return null;
            scopes |= scope;
        }
        return scopes == ApiKeyScopes.None ? null : scopes;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "API key {KeyName} ({KeyPrefix}…) created with scopes {Scopes}")]
    private static partial void LogCreated(ILogger logger, string keyName, string keyPrefix, ApiKeyScopes scopes);

    [LoggerMessage(Level = LogLevel.Information, Message = "API key {KeyName} ({KeyPrefix}…) revoked")]
    private static partial void LogRevoked(ILogger logger, string keyName, string keyPrefix);
}
