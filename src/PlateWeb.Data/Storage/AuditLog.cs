using Microsoft.EntityFrameworkCore;
using PlateWeb.Data.Entities;
using PlateWeb.Data.Privacy;

namespace PlateWeb.Data.Storage;

/// <summary>One page of the audit, newest first.</summary>
public sealed record AuditPage(int TotalCount, IReadOnlyList<AuditEntry> Items);

/// <summary>
/// Who corrected or deleted what. Entries are added to the same context as the change they record,
/// so both are saved in one transaction: no change without its entry, no entry without its change.
/// </summary>
public sealed class AuditLog(IDbContextFactory<PlateDbContext> dbFactory)
{
    public const int MaxUserLength = 128;

    public const int MaxDetailLength = 500;

    /// <summary>What a forgotten plate's entries say in place of their detail.</summary>
    public const string Forgotten = "(forgotten)";

    /// <summary>Who, when no name was given (an older caller).</summary>
    public const string Unknown = "(unknown)";

    public async Task<AuditPage> ListAsync(int skip, int take, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var total = await db.AuditEntries.CountAsync(ct);
        var items = await db.AuditEntries.AsNoTracking().OrderByDescending(a => a.At).ThenByDescending(a => a.Id)
            .Skip(Math.Max(0, skip)).Take(Math.Clamp(take, 1, 500)).ToListAsync(ct);
        return new AuditPage(total, items);
    }

    /// <summary>Adds an entry to <paramref name="db"/>; the caller's SaveChanges stores it with the change.</summary>
    internal static void Add(PlateDbContext db, DateTime at, string? user, AuditAction action, long? targetId, string? detail) =>
        db.AuditEntries.Add(new AuditEntry
        {
            At = at,
            User = Cut(string.IsNullOrWhiteSpace(user) ? Unknown : user.Trim(), MaxUserLength),
            Action = action,
            TargetId = targetId,
            Detail = detail is null ? null : Cut(detail, MaxDetailLength),
        });

    /// <summary>The entries whose detail names a forgotten plate keep who and when, not what.</summary>
    internal static async Task<int> RedactAsync(PlateDbContext db, PlateNames plate, CancellationToken ct)
    {
        if (plate.Count == 0) return 0;
        var named = (await db.AuditEntries.Where(a => a.Detail != null && a.Detail != Forgotten).ToListAsync(ct))
            .Where(a => plate.AreNamedIn(a.Detail)).ToList();
        foreach (var entry in named) entry.Detail = Forgotten;
        return named.Count;
    }

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
