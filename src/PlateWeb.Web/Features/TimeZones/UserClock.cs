using System.Globalization;
using PlateWeb.Data.Time;

namespace PlateWeb.Web.Features.TimeZones;

/// <summary>
/// The signed-in user's time zone for one circuit or request (scoped): what every page shows stored UTC times in,
/// reads its date filters in and passes to the chat. Set once from the <c>plateweb.tz</c> cookie (the browser's zone,
/// or the one chosen in the app bar) by <c>Routes</c>; UTC until then.
/// </summary>
public sealed class UserClock
{
    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;

    /// <summary>Whether a valid zone came from the cookie (false: UTC by default).</summary>
    public bool IsKnown { get; private set; }

    /// <summary>"Europe/Paris", "UTC".</summary>
    public string Name => ZoneTime.Name(Zone);

    /// <summary>Uses the zone an id names; false (and the zone unchanged) for anything that is not one.</summary>
    public bool Use(string? id)
    {
        if (!ZoneTime.TryFind(id, out var zone)) return false;
        Use(zone);
        return true;
    }

    public void Use(TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        Zone = zone;
        IsKnown = true;
    }

    /// <summary>A stored (UTC) time in the user's zone.</summary>
    public DateTime ToLocal(DateTime utc) => ZoneTime.ToLocal(utc, Zone);

    /// <summary>A stored time in the user's zone, in the page's culture ("g": 1/2/2026 12:30 AM, 02/01/2026 00:30).</summary>
    public string Format(DateTime utc, string format = "g") => ToLocal(utc).ToString(format, CultureInfo.CurrentCulture);

    /// <summary>A stored time with the offset it had then: "02/01/2026 00:30 UTC+01:00".</summary>
    public string Stamp(DateTime utc) => $"{Format(utc)} {Offset(utc)}";

    /// <summary>"UTC+01:00" at that instant (summer and winter differ), "UTC" in UTC.</summary>
    public string Offset(DateTime utc) => ZoneTime.OffsetLabel(Zone.GetUtcOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)));

    /// <summary>The first instant (UTC) of a day in the user's zone: a date filter's bound.</summary>
    public DateTime StartOfDayUtc(DateOnly day) => ZoneTime.StartOfDayUtc(day, Zone);
}
