using System.Globalization;
using System.Text.RegularExpressions;

namespace PlateWeb.Data.Time;

/// <summary>
/// Stored times are UTC; people read and ask in their own zone. The one place that turns an IANA id
/// ("Europe/Paris", from the browser, a setting or an API field) into a zone and converts both ways,
/// shared by the web app, the chat's grounding and the history queries.
/// </summary>
public static partial class ZoneTime
{
    /// <summary>Longest id accepted: the longest IANA ids ("America/Argentina/ComodRivadavia") have 32 characters.</summary>
    public const int MaxIdLength = 64;

    /// <summary>
    /// The zone an IANA id names (Debian's tzdata; "UTC" too), or false for anything else. Only letters,
    /// digits and <c>/ _ - +</c> are looked up: the id becomes a path under /usr/share/zoneinfo, so a
    /// cookie or a request field must never reach the file system with dots or other characters.
    /// </summary>
    public static bool TryFind(string? id, out TimeZoneInfo zone)
    {
        zone = TimeZoneInfo.Utc;
        if (string.IsNullOrEmpty(id) || id.Length > MaxIdLength || !IdShape().IsMatch(id)) return false;
        if (string.Equals(id, "UTC", StringComparison.OrdinalIgnoreCase)) return true;
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(id, out var found)) return false;
        zone = found;
        return true;
    }

    /// <summary>The zone an id names; <paramref name="what"/> names the setting or field in the message.</summary>
    /// <exception cref="ArgumentException">Not a time zone this machine knows.</exception>
    public static TimeZoneInfo Find(string id, string what) =>
        TryFind(id, out var zone)
            ? zone
            : throw new ArgumentException($"{what} '{id}' is not a time zone: give an IANA id such as Europe/Paris, America/New_York or UTC.", what);

    /// <summary>The id to show and store: the IANA id, "UTC" for UTC.</summary>
    public static string Name(TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return IsUtc(zone) ? "UTC" : zone.Id;
    }

    public static bool IsUtc(TimeZoneInfo zone) =>
        zone == TimeZoneInfo.Utc || zone.Id is "UTC" or "Etc/UTC" or "Etc/UCT" or "Etc/Universal" or "Etc/Zulu";

    /// <summary>A stored time (UTC, whatever its Kind says: SQLite gives Unspecified) in <paramref name="zone"/>.</summary>
    public static DateTime ToLocal(DateTime utc, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone);

    /// <summary>A stored time as an offset time in <paramref name="zone"/>.</summary>
    public static DateTimeOffset ToOffset(DateTime utc, TimeZoneInfo zone)
    {
        var local = ToLocal(utc, zone);
        return new DateTimeOffset(local, zone.GetUtcOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)));
    }

    /// <summary>The first instant (UTC) of a local day. Where a clock change skips midnight, the day starts at the first time that exists.</summary>
    public static DateTime StartOfDayUtc(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local)) local = local.AddMinutes(30);
        return DateTime.SpecifyKind(TimeZoneInfo.ConvertTimeToUtc(local, zone), DateTimeKind.Utc);
    }

    /// <summary>The local day a stored time falls on.</summary>
    public static DateOnly Day(DateTime utc, TimeZoneInfo zone) => DateOnly.FromDateTime(ToLocal(utc, zone));

    /// <summary>ISO 8601 with the zone's offset at that instant ("2026-01-02T00:30:00+01:00"); "Z" in UTC.</summary>
    public static string Iso(DateTime utc, TimeZoneInfo zone) =>
        IsUtc(zone)
            ? DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : ToOffset(utc, zone).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    /// <summary>"UTC+01:00", "UTC-09:30", "UTC": an offset as people read it.</summary>
    public static string OffsetLabel(TimeSpan offset) =>
        offset == TimeSpan.Zero
            ? "UTC"
            : "UTC" + (offset < TimeSpan.Zero ? "-" : "+") + offset.Duration().ToString(@"hh\:mm", CultureInfo.InvariantCulture);

    /// <summary>
    /// [from, to) cut where the zone's offset changes, each piece with its offset: a query can then group a
    /// piece by local day with a fixed offset (SQLite has no time zone data) and stay right across a
    /// clock change. The pieces are found day by day, each change then to the minute.
    /// </summary>
    public static IReadOnlyList<(DateTime FromUtc, DateTime ToUtc, TimeSpan Offset)> OffsetRanges(TimeZoneInfo zone, DateTime fromUtc, DateTime toUtc)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var ranges = new List<(DateTime, DateTime, TimeSpan)>();
        if (toUtc <= fromUtc) return ranges;
        fromUtc = DateTime.SpecifyKind(fromUtc, DateTimeKind.Utc);
        toUtc = DateTime.SpecifyKind(toUtc, DateTimeKind.Utc);
        var start = fromUtc;
        var offset = zone.GetUtcOffset(start);
        var probe = start;
        while (probe < toUtc)
        {
            // The last instant of the range is toUtc's tick before: [from, to) never reaches toUtc itself.
            var next = probe.AddDays(1) < toUtc ? probe.AddDays(1) : toUtc.AddTicks(-1);
            if (zone.GetUtcOffset(next) == offset)
            {
                if (next >= toUtc.AddTicks(-1)) break;
                probe = next;
                continue;
            }
            // The change lies in (probe, next]: halve down to the minute (changes fall on a minute).
            var (low, high) = (probe, next);
            while (high - low > TimeSpan.FromMinutes(1))
            {
                var mid = low + (high - low) / 2;
                if (zone.GetUtcOffset(mid) == offset) low = mid;
                else high = mid;
            }
            var change = new DateTime(high.Ticks - high.Ticks % TimeSpan.TicksPerMinute, DateTimeKind.Utc);
            if (change <= low || zone.GetUtcOffset(change) == offset) change = change.AddMinutes(1);
            if (change >= toUtc) break;
            ranges.Add((start, change, offset));
            start = probe = change;
            offset = zone.GetUtcOffset(change);
        }
        ranges.Add((start, toUtc, offset));
        return ranges;
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex IdShape();
}
