using System.Globalization;
using System.Linq.Expressions;
using System.Text.RegularExpressions;
using PlateWeb.Data.Entities;

namespace PlateWeb.Chat.Grounding.Filters;

/// <summary>
/// "at night", "in the morning", "after 22:00", "between 8 and 9", "le soir", "avant 7 h", "entre 8h et 9h30":
/// reads whose local time of day is in a window (the end excluded; a window may cross midnight). Reads are
/// stored in UTC with their UTC minute of the day (<see cref="PlateReadEntity.CreatedMinute"/>, indexed), so at each
/// UTC offset of the zone the local window is one or two ranges of that minute: the minutes in the window at every
/// offset are plain ranges, and the few others (an hour at each end where summer time shifts the window) hold only in
/// the stretches of time with their offset (two stretches per year where clocks change). SQLite reads index ranges;
/// no read is loaded and no time is computed per read.
/// </summary>
internal sealed class TimeOfDayFilter : IFilterParser
{
    private const string Time = @"\d{1,2}(?:(?: ?h ?| )\d{2}| ?h)?(?: ?(?:am|pm))?";

    // Named parts of the day, also alone after a day ("Tuesday afternoon", "mardi soir": the day is the period);
    // "good morning" / "good evening" stay greetings.
    private static readonly (Regex Pattern, int From, int To)[] Named =
    [
        (QuestionShape.Words(@"at night|during the night|overnight|by night|la nuit|de nuit|pendant la nuit|cette nuit|dans la nuit|(?<!good )nights?|nuits?"), 22 * 60, 6 * 60),
        (QuestionShape.Words(@"in the morning|this morning|during the morning|le matin|du matin|ce matin|en matinee|dans la matinee|(?<!good )mornings?|matin|matinee"), 6 * 60, 12 * 60),
        (QuestionShape.Words(@"in the afternoon|this afternoon|during the afternoon|l'apres-midi|l'apres midi|cet apres-midi|cet apres midi|dans l'apres-midi|(?<!good )afternoons?|apres-midi|apres midi"), 12 * 60, 18 * 60),
        (QuestionShape.Words(@"in the evening|this evening|during the evening|le soir|du soir|ce soir|en soiree|dans la soiree|(?<!good )evenings?|soir|soiree"), 18 * 60, 22 * 60),
    ];

    private static readonly Regex Between = QuestionShape.Words($@"(?:between|from|entre|de) ({Time}) (?:and|to|et|a) ({Time})");
    private static readonly Regex After = QuestionShape.Words($@"(?:after|past|later than|apres|a partir de|des|plus tard que) ({Time})");
    private static readonly Regex Before = QuestionShape.Words($@"(?:before|earlier than|until|avant|jusqu'a|plus tot que) ({Time})");
    private static readonly Regex Parts = new(@"^(\d{1,2})(?:\D*?(\d{2}))?.*?(am|pm)?$", RegexOptions.CultureInvariant);

    public (ReadFilter? Filter, string Remaining) Find(string folded, FilterClock clock)
    {
        foreach (var (pattern, from, to) in Named)
        {
            if (pattern.Match(folded) is { Success: true } m) return (Filter(from, to, clock), Blank(folded, m));
        }
        if (Between.Match(folded) is { Success: true } between && Minutes(between.Groups[1].Value) is { } a && Minutes(between.Groups[2].Value) is { } b && a != b)
        {
            return (Filter(a, b, clock), Blank(folded, between));
        }
        if (After.Match(folded) is { Success: true } after && Minutes(after.Groups[1].Value) is { } start && start < 24 * 60)
        {
            return (Filter(start, 24 * 60, clock), Blank(folded, after));
        }
        if (Before.Match(folded) is { Success: true } before && Minutes(before.Groups[1].Value) is { } end && end > 0)
        {
            return (Filter(0, end, clock), Blank(folded, before));
        }
        return (null, folded);
    }

    /// <summary>"22 00", "8h30", "9", "10 pm" (folded) as minutes after midnight; null when not a time.</summary>
    internal static int? Minutes(string time)
    {
        var m = Parts.Match(time.Trim());
        if (!m.Success) return null;
        var hour = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        var minute = m.Groups[2].Success ? int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) : 0;
        if (m.Groups[3].Success)
        {
            if (hour is < 1 or > 12) return null;
            hour = hour % 12 + (m.Groups[3].Value == "pm" ? 12 : 0);
        }
        if (hour > 24 || minute > 59 || (hour == 24 && minute > 0)) return null;
        return hour * 60 + minute;
    }

    private static ReadFilter Filter(int from, int to, FilterClock clock)
    {
        var tail = string.Create(CultureInfo.InvariantCulture, $" between {from / 60:00}:{from % 60:00} and {to / 60 % 24:00}:{to % 60:00}");
        var parameter = Expression.Parameter(typeof(PlateReadEntity), "r");
        var offsets = Stretches(clock).GroupBy(s => s.Offset).ToList();
        // The UTC minutes of the window at each offset of the period. A minute in the window at every offset is in
        // it whenever the read was made: a plain range of the stored minute's index. The others (an hour at each end
        // where summer time shifts the window) hold only in the stretches with that offset.
        var inWindow = offsets.ToDictionary(o => o.Key, o => Minutes(UtcRanges(from, to, o.Key)));
        var always = Enumerable.Range(0, Day).Select(m => inWindow.Values.All(w => w[m])).ToArray();
        var body = Ranges(always, parameter);
        foreach (var group in offsets)
        {
            var only = Enumerable.Range(0, Day).Select(m => inWindow[group.Key][m] && !always[m]).ToArray();
            if (Ranges(only, parameter) is not { } minutes) continue;
            Expression? times = null;
            foreach (var (start, end, _) in group)
            {
                var stretch = Replace(InStretch(start, end), parameter);
                times = times is null ? stretch : Expression.OrElse(times, stretch);
            }
            var term = Expression.AndAlso(minutes, times!);
            body = body is null ? term : Expression.OrElse(body, term);
        }
        return new ReadFilter(Expression.Lambda<Func<PlateReadEntity, bool>>(body ?? Expression.Constant(false), parameter), tail);
    }

    private const int Day = 24 * 60;

    private static bool[] Minutes(IReadOnlyList<(int Low, int High)> ranges)
    {
        var minutes = new bool[Day];
        foreach (var (low, high) in ranges) Array.Fill(minutes, true, low, high - low);
        return minutes;
    }

    /// <summary>The minutes set in <paramref name="minutes"/> as ranges of <see cref="PlateReadEntity.CreatedMinute"/>, OR-ed; null when none is.</summary>
    private static Expression? Ranges(bool[] minutes, ParameterExpression parameter)
    {
        Expression? body = null;
        for (var m = 0; m < Day; m++)
        {
            if (!minutes[m]) continue;
            var low = m;
            while (m < Day && minutes[m]) m++;
            var range = Replace(InMinutes(low, m), parameter);
            body = body is null ? range : Expression.OrElse(body, range);
        }
        return body;
    }

    /// <summary>
    /// The local window [<paramref name="from"/>, <paramref name="to"/>) (minutes; it crosses midnight when from ≥ to) as
    /// ranges [low, high) of the UTC minute of the day at UTC offset <paramref name="offset"/> (minutes): one, or two
    /// where the shifted window crosses UTC midnight.
    /// </summary>
    internal static IReadOnlyList<(int Low, int High)> UtcRanges(int from, int to, int offset)
    {
        var length = ((to - from) % Day + Day) % Day;
        if (length == 0) length = Day;
        var low = ((from - offset) % Day + Day) % Day;
        return low + length <= Day ? [(low, low + length)] : [(low, Day), (0, low + length - Day)];
    }

    private static Expression<Func<PlateReadEntity, bool>> InMinutes(int low, int high) =>
        low == 0 ? r => r.CreatedMinute < high
        : high == Day ? r => r.CreatedMinute >= low
        : r => r.CreatedMinute >= low && r.CreatedMinute < high;

    private static Expression<Func<PlateReadEntity, bool>> InStretch(DateTime start, DateTime end) =>
        start == DateTime.MinValue ? r => r.CreatedAt < end
        : end == DateTime.MaxValue ? r => r.CreatedAt >= start
        : r => r.CreatedAt >= start && r.CreatedAt < end;

    /// <summary>
    /// Stretches of constant UTC offset (minutes) over the question's period, or from 2000 to today when it has
    /// none; the first and last are open-ended, so a read outside takes the nearest offset.
    /// </summary>
    internal static IReadOnlyList<(DateTime Start, DateTime End, int Offset)> Stretches(FilterClock clock)
    {
        var first = clock.Period?.From ?? new DateOnly(2000, 1, 1);
        var last = (clock.Period?.To ?? clock.Today).AddDays(2);
        var stretches = new List<(DateTime, DateTime, int)>();
        var start = DateTime.MinValue;
        var day = first.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var offset = OffsetAt(clock.Zone, day);
        for (var next = day.AddDays(1); next <= last.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc); day = next, next = next.AddDays(1))
        {
            if (OffsetAt(clock.Zone, next) == offset) continue;
            var change = day;
            while (OffsetAt(clock.Zone, change) == offset) change = change.AddMinutes(15);
            stretches.Add((start, change, offset));
            start = change;
            offset = OffsetAt(clock.Zone, change);
        }
        stretches.Add((start, DateTime.MaxValue, offset));
        return stretches;
    }

    private static int OffsetAt(TimeZoneInfo zone, DateTime utc) => (int)zone.GetUtcOffset(utc).TotalMinutes;

    private static string Blank(string text, Match m) => text.Remove(m.Index, m.Length).Insert(m.Index, new string(' ', m.Length));

    private static Expression Replace(Expression<Func<PlateReadEntity, bool>> lambda, ParameterExpression parameter) =>
        new Rebind(lambda.Parameters[0], parameter).Visit(lambda.Body);

    private sealed class Rebind(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }
}
