using PlateWeb.Data.Alerts;

namespace PlateWeb.Data.Entities;

/// <summary>A named list of plates or patterns ("residents", "banned", "deliveries") that alert rules refer to.</summary>
public sealed class Watchlist
{
    public int Id { get; set; }

    public required string Name { get; set; }

    /// <summary>How forgiving its matching is; by default confusions and one edit.</summary>
    public WatchTolerance Tolerance { get; set; } = WatchTolerance.ConfusionsAndOneEdit;

    /// <summary>UTC.</summary>
    public DateTime CreatedAt { get; set; }

    public List<WatchlistEntry> Entries { get; set; } = [];
}

/// <summary>One plate or pattern of a watchlist (<see cref="WatchPattern"/>), with a label and an optional expiry.</summary>
public sealed class WatchlistEntry
{
    public long Id { get; set; }

    public int WatchlistId { get; set; }

    public Watchlist? Watchlist { get; set; }

    /// <summary>As <see cref="WatchPattern.ToString"/> writes it: "AB1??CD", "AB1*".</summary>
    public required string Pattern { get; set; }

    public string Label { get; set; } = string.Empty;

    /// <summary>UTC; the entry stops matching from then on. Null: never.</summary>
    public DateTime? ExpiresAt { get; set; }

    /// <summary>UTC.</summary>
    public DateTime CreatedAt { get; set; }
}
