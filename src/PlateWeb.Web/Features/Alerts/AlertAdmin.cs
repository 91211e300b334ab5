using Microsoft.EntityFrameworkCore;
using PlateWeb.Data;
using PlateWeb.Data.Alerts;
using PlateWeb.Data.Entities;
using PlateWeb.Data.Time;

namespace PlateWeb.Web.Features.Alerts;

/// <summary>Why a watchlist or rule change was refused; <see cref="Code"/> names the page's message.</summary>
public sealed class AlertAdminException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;

    /// <summary>The AlertStrings key of a code's message ("Error" + code; each code has one, checked by a test).</summary>
    public static string ResourceKey(string code) => "Error" + code;
}

/// <summary>A watchlist with its number of entries, for the Watchlists page.</summary>
public sealed record WatchlistSummary(int Id, string Name, WatchTolerance Tolerance, int EntryCount, int RuleCount);

/// <summary>A change to a watchlist entry: the fields given change, the others stay (<see cref="SetsExpiry"/>: <see cref="ExpiresAtUtc"/> is given, null clears it).</summary>
public sealed record WatchlistEntryChange(string? Pattern, string? Label, bool SetsExpiry, DateTime? ExpiresAtUtc);

/// <summary>What the rules page saves (the secret only when a new one is given).</summary>
public sealed record AlertRuleDraft(
    string Name, int WatchlistId, AlertTrigger Trigger, IReadOnlyCollection<int> CameraIds, bool IncludeUploads,
    int? FromHour, int? ToHour, string? TimeZone, bool NotifyInApp, string? WebhookUrl, string? WebhookSecret, bool PublishMqtt);

/// <summary>Watchlists, their entries and the alert rules: reads and checked changes; every change refreshes the rules.</summary>
public sealed class AlertAdmin(IDbContextFactory<PlateDbContext> dbFactory, AlertCatalog catalog, WebhookSecrets secrets, TimeProvider time)
{
    public const int MaxNameLength = 80;
    public const int MaxLabelLength = 120;

    public async Task<IReadOnlyList<WatchlistSummary>> ListWatchlistsAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Watchlists.AsNoTracking().OrderBy(w => w.Name)
            .Select(w => new WatchlistSummary(w.Id, w.Name, w.Tolerance, w.Entries.Count, db.AlertRules.Count(r => r.WatchlistId == w.Id)))
            .ToListAsync(ct);
    }

    public async Task<Watchlist> CreateWatchlistAsync(string name, WatchTolerance tolerance, CancellationToken ct)
    {
        name = CheckName(name);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.Watchlists.AnyAsync(w => w.Name == name, ct)) throw new AlertAdminException("NameTaken", "A watchlist has this name already.");
        var list = new Watchlist { Name = name, Tolerance = tolerance, CreatedAt = time.GetUtcNow().UtcDateTime };
        db.Watchlists.Add(list);
        await db.SaveChangesAsync(ct);
        catalog.Invalidate();
        return list;
    }

    /// <summary>One watchlist with its entries (by pattern); null when there is none.</summary>
    public async Task<Watchlist?> FindWatchlistAsync(int watchlistId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Watchlists.AsNoTracking().Include(w => w.Entries.OrderBy(e => e.Pattern)).SingleOrDefaultAsync(w => w.Id == watchlistId, ct);
    }

    /// <summary>Renames a watchlist and/or changes its tolerance (rules refer to it by id); false when there is no such list.</summary>
    /// <exception cref="AlertAdminException">The name is empty, too long or taken.</exception>
    public async Task<bool> UpdateWatchlistAsync(int watchlistId, string? name, WatchTolerance? tolerance, CancellationToken ct)
    {
        var newName = name is null ? null : CheckName(name);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var list = await db.Watchlists.SingleOrDefaultAsync(w => w.Id == watchlistId, ct);
        if (list is null) return false;
        if (newName is not null && newName != list.Name)
        {
            if (await db.Watchlists.AnyAsync(w => w.Name == newName && w.Id != watchlistId, ct)) throw new AlertAdminException("NameTaken", "A watchlist has this name already.");
            list.Name = newName;
        }
        if (tolerance is { } t) list.Tolerance = t;
        await db.SaveChangesAsync(ct);
        catalog.Invalidate();
        return true;
    }

    public async Task SetToleranceAsync(int watchlistId, WatchTolerance tolerance, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Watchlists.Where(w => w.Id == watchlistId).ExecuteUpdateAsync(s => s.SetProperty(w => w.Tolerance, tolerance), ct);
        catalog.Invalidate();
    }

    public async Task DeleteWatchlistAsync(int watchlistId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.AlertRules.AnyAsync(r => r.WatchlistId == watchlistId, ct))
            throw new AlertAdminException("ListInUse", "Rules use this watchlist: delete them first.");
        await db.Watchlists.Where(w => w.Id == watchlistId).ExecuteDeleteAsync(ct);
        catalog.Invalidate();
    }

    public async Task<IReadOnlyList<WatchlistEntry>> ListEntriesAsync(int watchlistId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.WatchlistEntries.AsNoTracking().Where(e => e.WatchlistId == watchlistId).OrderBy(e => e.Pattern).ToListAsync(ct);
    }

    /// <exception cref="AlertAdminException">Not a pattern (the message says why), or no such list.</exception>
    public async Task<WatchlistEntry> AddEntryAsync(int watchlistId, string pattern, string? label, DateTime? expiresAtUtc, CancellationToken ct)
    {
        var parsed = WatchPattern.TryParse(pattern, out var error) ?? throw new AlertAdminException("BadPattern", error!);
        label = (label ?? string.Empty).Trim();
        if (label.Length > MaxLabelLength) throw new AlertAdminException("LabelTooLong", $"A label has at most {MaxLabelLength} characters.");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Watchlists.AnyAsync(w => w.Id == watchlistId, ct)) throw new AlertAdminException("NoList", "This watchlist no longer exists.");
        var entry = new WatchlistEntry
        {
            WatchlistId = watchlistId,
            Pattern = parsed.ToString(),
            Label = label,
            ExpiresAt = expiresAtUtc,
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        db.WatchlistEntries.Add(entry);
        await db.SaveChangesAsync(ct);
        catalog.Invalidate();
        return entry;
    }

    /// <summary>Changes an entry of a list; null when the list has no such entry.</summary>
    /// <exception cref="AlertAdminException">Not a pattern (the message says why), or a label too long.</exception>
    public async Task<WatchlistEntry?> UpdateEntryAsync(int watchlistId, long entryId, WatchlistEntryChange change, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(change);
        var pattern = change.Pattern is null ? null : (WatchPattern.TryParse(change.Pattern, out var error) ?? throw new AlertAdminException("BadPattern", error!)).ToString();
        var label = change.Label?.Trim();
        if (label is { Length: > MaxLabelLength }) throw new AlertAdminException("LabelTooLong", $"A label has at most {MaxLabelLength} characters.");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var entry = await db.WatchlistEntries.SingleOrDefaultAsync(e => e.Id == entryId && e.WatchlistId == watchlistId, ct);
        if (entry is null) return null;
        if (pattern is not null) entry.Pattern = pattern;
        if (label is not null) entry.Label = label;
        if (change.SetsExpiry) entry.ExpiresAt = change.ExpiresAtUtc;
        await db.SaveChangesAsync(ct);
        catalog.Invalidate();
        return entry;
    }

    /// <summary>Removes an entry of a list; false when the list has no such entry.</summary>
    public async Task<bool> DeleteEntryAsync(int watchlistId, long entryId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var deleted = await db.WatchlistEntries.Where(e => e.Id == entryId && e.WatchlistId == watchlistId).ExecuteDeleteAsync(ct);
        if (deleted > 0) catalog.Invalidate();
        return deleted > 0;
    }

    public async Task DeleteEntryAsync(long entryId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.WatchlistEntries.Where(e => e.Id == entryId).ExecuteDeleteAsync(ct);
        catalog.Invalidate();
    }

    public async Task<IReadOnlyList<AlertRule>> ListRulesAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.AlertRules.AsNoTracking().Include(r => r.Watchlist).OrderBy(r => r.Name).ToListAsync(ct);
    }

    /// <summary>Creates a rule; returns it and the webhook secret to show once (made when a webhook has none given).</summary>
    public async Task<(AlertRule Rule, string? Secret)> CreateRuleAsync(AlertRuleDraft draft, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var name = CheckName(draft.Name);
        if (draft.FromHour is < 0 or > 23 || draft.ToHour is < 0 or > 24 || (draft.FromHour is null) != (draft.ToHour is null))
            throw new AlertAdminException("BadHours", "Give both hours (from 0–23, to 1–24) or neither.");
        var zone = string.IsNullOrWhiteSpace(draft.TimeZone) ? null : draft.TimeZone.Trim();
        if (zone is not null && !ZoneTime.TryFind(zone, out _)) throw new AlertAdminException("BadZone", "Unknown time zone.");
        string? url = null, secret = null;
        if (!string.IsNullOrWhiteSpace(draft.WebhookUrl))
        {
            if (!Uri.TryCreate(draft.WebhookUrl.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
                throw new AlertAdminException("BadUrl", "The webhook must be an http:// or https:// address.");
            url = uri.ToString();
            secret = string.IsNullOrWhiteSpace(draft.WebhookSecret) ? WebhookSecrets.NewSecret() : draft.WebhookSecret.Trim();
        }
        if (!draft.NotifyInApp && url is null && !draft.PublishMqtt) throw new AlertAdminException("NoAction", "Choose at least one action.");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Watchlists.AnyAsync(w => w.Id == draft.WatchlistId, ct)) throw new AlertAdminException("NoList", "Choose a watchlist.");
        var rule = new AlertRule
        {
            Name = name,
            WatchlistId = draft.WatchlistId,
            Trigger = draft.Trigger,
            CameraIds = string.Join(',', draft.CameraIds.Order()),
            IncludeUploads = draft.IncludeUploads,
            FromHour = draft.FromHour,
            ToHour = draft.ToHour,
            TimeZone = zone,
            NotifyInApp = draft.NotifyInApp,
            WebhookUrl = url,
            WebhookSecretProtected = secret is null ? null : secrets.Protect(secret),
            PublishMqtt = draft.PublishMqtt,
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        db.AlertRules.Add(rule);
        await db.SaveChangesAsync(ct);
        catalog.Invalidate();
        return (rule, secret);
    }

    public async Task SetEnabledAsync(int ruleId, bool enabled, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.AlertRules.Where(r => r.Id == ruleId).ExecuteUpdateAsync(s => s.SetProperty(r => r.Enabled, enabled), ct);
        catalog.Invalidate();
    }

    public async Task DeleteRuleAsync(int ruleId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.AlertRules.Where(r => r.Id == ruleId).ExecuteDeleteAsync(ct);
        catalog.Invalidate();
    }

    private static string CheckName(string? name)
    {
        var trimmed = (name ?? string.Empty).Trim();
        if (trimmed.Length == 0) throw new AlertAdminException("NameRequired", "A name is required.");
        if (trimmed.Length > MaxNameLength) throw new AlertAdminException("NameTooLong", $"A name has at most {MaxNameLength} characters.");
        return trimmed;
    }
}
