namespace PlateWeb.Data.Entities;

/// <summary>A key that scripts and cameras send in the X-Api-Key header. Only its SHA-256 is stored.</summary>
public sealed class ApiKey
{
    public long Id { get; set; }

    /// <summary>Who or what uses it ("gate camera"), written in the logs of every request.</summary>
    public required string Name { get; set; }

    /// <summary>The key's first characters, shown in the list so a user can tell keys apart; not enough to use it.</summary>
    public required string Prefix { get; set; }

    /// <summary>Lower-case hex SHA-256 of the whole key. Keys are 256 random bits, so a fast hash is enough.</summary>
    public required string Hash { get; set; }

    /// <summary>What the key may do; keys made before scopes existed have them all.</summary>
    public ApiKeyScopes Scopes { get; set; }

    /// <summary>UTC.</summary>
    public DateTime CreatedAt { get; set; }

    /// <summary>UTC; a revoked key is refused but kept, so the logs' key names stay explained.</summary>
    public DateTime? RevokedAt { get; set; }

    /// <summary>UTC, updated at most once a minute.</summary>
    public DateTime? LastUsedAt { get; set; }
}
