using Microsoft.EntityFrameworkCore;
using PlateWeb.Data;
using PlateWeb.Data.Alerts;
using PlateWeb.Data.Entities;
using PlateWeb.Data.Time;

namespace PlateWeb.Web.Features.Alerts;

/// <summary>One watchlist entry, its pattern parsed once.</summary>
public sealed record CompiledEntry(long Id, WatchPattern Pattern, string Label, DateTime? ExpiresAtUtc);

public sealed record CompiledList(int Id, string Name, WatchTolerance Tolerance, IReadOnlyList<CompiledEntry> Entries);

/// <summary>An enabled rule with its list, ready to evaluate without the database.</summary>
public sealed record CompiledRule(
    int Id,
    string Name,
    AlertTrigger Trigger,
    CompiledList List,
    IReadOnlySet<int> CameraIds,
    bool IncludeUploads,
    int? FromHour,
    int? ToHour,
    TimeZoneInfo Zone,
    bool NotifyInApp,
    string? WebhookUrl,
    string? WebhookSecretProtected,
    bool PublishMqtt);

/// <summary>
/// The enabled rules and their lists, loaded once and kept until a change through <see cref="AlertAdmin"/> calls
/// <see cref="Invalidate"/>: evaluating a sighting never waits for the database.
/// </summary>
public sealed class AlertCatalog(IDbContextFactory<PlateDbContext> dbFactory)
{
    private readonly SemaphoreSlim _loading = new(1, 1);
    private volatile Snapshot? _snapshot;
    private int _version;

    /// <summary>Raised by <see cref="Invalidate"/>: the scale-out relay tells the other web nodes' catalogs.</summary>
    public event Action? Changed;

    public void Invalidate()
    {
        InvalidateFromPeer();
        Changed?.Invoke();
    }

    /// <summary>Another web node changed the rules or lists: reload at the next sighting, without telling the others again.</summary>
    public void InvalidateFromPeer()
    {
        Interlocked.Increment(ref _version);
        _snapshot = null;
    }

    public async ValueTask<IReadOnlyList<CompiledRule>> RulesAsync(CancellationToken ct)
    {
        var current = _snapshot;
        if (current is not null && current.Version == Volatile.Read(ref _version)) return current.Rules;
        await _loading.WaitAsync(ct);
        try
        {
            current = _snapshot;
            var version = Volatile.Read(ref _version);
            if (current is not null && current.Version == version) return current.Rules;
            var rules = await LoadAsync(ct);
            _snapshot = new Snapshot(version, rules);
            return rules;
        }
        finally
        {
            _loading.Release();
        }
    }

    private async Task<IReadOnlyList<CompiledRule>> LoadAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rules = await db.AlertRules.AsNoTracking().Where(r => r.Enabled).ToListAsync(ct);
        var listIds = rules.Select(r => r.WatchlistId).Distinct().ToList();
        var lists = await db.Watchlists.AsNoTracking().Include(w => w.Entries).Where(w => listIds.Contains(w.Id)).ToListAsync(ct);
        var compiled = lists.ToDictionary(l => l.Id, l => new CompiledList(
            l.Id, l.Name, l.Tolerance,
            l.Entries.Select(e => WatchPattern.TryParse(e.Pattern, out _) is { } p ? new CompiledEntry(e.Id, p, e.Label, e.ExpiresAt) : null)
                .OfType<CompiledEntry>().ToList()));
        return rules.Where(r => compiled.ContainsKey(r.WatchlistId)).Select(r => new CompiledRule(
            r.Id, r.Name, r.Trigger, compiled[r.WatchlistId], ParseCameraIds(r.CameraIds), r.IncludeUploads, r.FromHour, r.ToHour,
            r.TimeZone is { Length: > 0 } zone && ZoneTime.TryFind(zone, out var tz) ? tz : TimeZoneInfo.Utc,
            r.NotifyInApp, r.WebhookUrl, r.WebhookSecretProtected, r.PublishMqtt)).ToList();
    }

    public static IReadOnlySet<int> ParseCameraIds(string? text) =>
        (text ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => int.TryParse(s, System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : (int?)null)
            .OfType<int>().ToHashSet();

    private sealed record Snapshot(int Version, IReadOnlyList<CompiledRule> Rules);
}
