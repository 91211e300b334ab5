namespace PlateWeb.Chat.Evaluation;

/// <summary>A clock that says what it is told, in a given time zone (tests, and <c>platectl ask-eval</c> pinning "today").</summary>
public sealed class FixedClock(DateTimeOffset now, TimeZoneInfo zone) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override TimeZoneInfo LocalTimeZone => zone;

    public override DateTimeOffset GetUtcNow() => Now.ToUniversalTime();

    /// <summary>Noon of <paramref name="day"/> in the clock's zone: every period of that day is whole.</summary>
    public void SetToday(DateOnly day)
    {
        var local = day.ToDateTime(new TimeOnly(12, 0));
        Now = new DateTimeOffset(local, zone.GetUtcOffset(local));
    }
}
