using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using PlateWeb.Data.Entities;

namespace PlateWeb.Data.Storage;

/// <summary>A key as listed in the UI (never with its secret).</summary>
public sealed record ApiKeyInfo(long Id, string Name, string Prefix, DateTime CreatedAt, DateTime? RevokedAt, DateTime? LastUsedAt);

/// <summary>A new key: <see cref="Secret"/> is shown once and never stored.</summary>
public sealed record CreatedApiKey(ApiKeyInfo Key, string Secret);

/// <summary>Creates, checks and revokes API keys; only each key's SHA-256 is stored.</summary>
public sealed partial class ApiKeyStore(IDbContextFactory<PlateDbContext> dbFactory, TimeProvider time, ILogger<ApiKeyStore> logger)
{
    private const string SecretPrefix = "pw_";

    public async Task<CreatedApiKey> CreateAsync(string name, CancellationToken ct)
    {
        var trimmed = (name ?? string.Empty).Trim();
        if (trimmed.Length is 0 or > 100 || trimmed.Any(char.IsControl))
        {
            throw new ArgumentException("A key needs a name of 1 to 100 characters, without control characters.", nameof(name));
        }
        var secret = SecretPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var key = new ApiKey
        {
            Name = trimmed,
            Prefix = secret[..10],
            Hash = HashOf(secret),
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(ct);
        LogCreated(logger, key.Name, key.Prefix);
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

    private static ApiKeyInfo Info(ApiKey k) => new(k.Id, k.Name, k.Prefix, k.CreatedAt, k.RevokedAt, k.LastUsedAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "API key {KeyName} ({KeyPrefix}…) created")]
    private static partial void LogCreated(ILogger logger, string keyName, string keyPrefix);

    [LoggerMessage(Level = LogLevel.Information, Message = "API key {KeyName} ({KeyPrefix}…) revoked")]
    private static partial void LogRevoked(ILogger logger, string keyName, string keyPrefix);
}
