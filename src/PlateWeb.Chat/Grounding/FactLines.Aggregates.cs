using System.Globalization;

namespace PlateWeb.Chat.Grounding;

/// <summary>
/// Fact line forms added with the query aggregates (docs/CHAT-PROMPT.md, "Fact lines of the aggregates").
/// The default model was not trained on them: the aggregates that write them also write a ready answer.
/// </summary>
internal static partial class FactLines
{
    /// <summary>"plate AB-123-CD: 4 reads": a plate's reads over the question's period and filters.</summary>
    public static string PlateTally(string plate, int count) => $"plate {plate}: {Reads(count)}";

    /// <param name="tail">" seen exactly 1 time", then the scope's tail.</param>
    public static string PlateCount(int plates, string tail = "") =>
        (plates == 1 ? "count: 1 plate" : string.Create(CultureInfo.InvariantCulture, $"count: {plates} plates")) + tail;

    /// <summary>"busiest day: 2026-11-28 (Saturday), 3 reads".</summary>
    public static string BusiestDay(DateOnly day, int count) =>
        string.Create(CultureInfo.InvariantCulture, $"busiest day: {day:yyyy-MM-dd} ({day.DayOfWeek}), {Reads(count)}");

    /// <summary>"busiest hour: 08:00-09:00, 3 reads" (local time).</summary>
    public static string BusiestHour(int hour, int count) =>
        string.Create(CultureInfo.InvariantCulture, $"busiest hour: {hour:00}:00-{(hour + 1) % 24:00}:00, {Reads(count)}");

    /// <summary>"day 2026-11-28 (Saturday): 2 reads": one line of a per-day breakdown.</summary>
    public static string DayTally(DateOnly day, int count) =>
        string.Create(CultureInfo.InvariantCulture, $"day {day:yyyy-MM-dd} ({day.DayOfWeek}): {Reads(count)}");

    /// <summary>"hour 08:00-09:00: 2 reads": one line of a per-hour breakdown (local time).</summary>
    public static string HourTally(int hour, int count) =>
        string.Create(CultureInfo.InvariantCulture, $"hour {hour:00}:00-{(hour + 1) % 24:00}:00: {Reads(count)}");

    /// <summary>"seen on 2026-11-24: no" / "seen on 2026-11-24: yes, 1 read"; a range: "seen from 2026-11-16 to 2026-11-22: ...".</summary>
    public static string Presence(string plate, DateRange period, int count) =>
        $"{plate} seen {PeriodWords(period)}: " + (count == 0 ? "no" : $"yes, {Reads(count)}");

    public static string PeriodWords(DateRange period) => period.From == period.To
        ? string.Create(CultureInfo.InvariantCulture, $"on {period.From:yyyy-MM-dd} ({period.From.DayOfWeek})")
        : string.Create(CultureInfo.InvariantCulture, $"from {period.From:yyyy-MM-dd} to {period.To:yyyy-MM-dd}");

    /// <summary>"usual arrival of AB-123-CD: 09:00, median of the first read on 4 days, earliest 08:14, latest 17:02" (local times).</summary>
    public static string UsualArrival(string plate, int median, int days, int earliest, int latest) =>
        string.Create(CultureInfo.InvariantCulture,
            $"usual arrival of {plate}: {Clock(median)}, median of the first read on {days} day{(days == 1 ? "" : "s")}, earliest {Clock(earliest)}, latest {Clock(latest)}");

    /// <summary>Minutes after midnight as "HH:mm".</summary>
    public static string Clock(int minutes) => string.Create(CultureInfo.InvariantCulture, $"{minutes / 60:00}:{minutes % 60:00}");
}
