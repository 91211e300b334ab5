using System.Globalization;
using System.Text.RegularExpressions;

namespace PlateWeb.Chat.Grounding;

/// <summary>A period of whole local days, both ends included.</summary>
public sealed record DateRange(DateOnly From, DateOnly To)
{
    /// <summary>"yyyy-MM-dd to yyyy-MM-dd", the prompt's <c>Period:</c> value.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{From:yyyy-MM-dd} to {To:yyyy-MM-dd}");
}

/// <summary>
/// The time expressions of docs/CHAT-PROMPT.md, English and French, resolved against "today"
/// (a local date). Works on folded text (<see cref="TextFolding"/>). The first expression found wins.
/// </summary>
internal static partial class TimeExpressions
{
    private static readonly string[] EnglishDays = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];
    private static readonly string[] FrenchDays = ["dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"];
    private static readonly string[] EnglishMonths = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];
    private static readonly string[] FrenchMonths = ["janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre", "octobre", "novembre", "decembre"];

    // Short forms people type ("Nov 18", "18 nov", "sept"): "may" and "mar" are words of their own, so only the full names.
    private static readonly Dictionary<string, int> MonthAbbreviations = new(StringComparer.Ordinal)
    {
        ["jan"] = 1,
        ["janv"] = 1,
        ["feb"] = 2,
        ["fev"] = 2,
        ["fevr"] = 2,
        ["apr"] = 4,
        ["avr"] = 4,
        ["jun"] = 6,
        ["jul"] = 7,
        ["juil"] = 7,
        ["aug"] = 8,
        ["sep"] = 9,
        ["sept"] = 9,
        ["oct"] = 10,
        ["nov"] = 11,
        ["dec"] = 12,
    };

    private static readonly string Weekday = string.Join('|', EnglishDays.Concat(FrenchDays));
    private static readonly string Month = string.Join('|', EnglishMonths.Concat(FrenchMonths));
    private static readonly string AnyMonth = string.Join('|', EnglishMonths.Concat(FrenchMonths).Concat(MonthAbbreviations.Keys).OrderByDescending(m => m.Length));
    private static readonly string Count = @"\d{1,3}|" + NumberWords.Pattern;

    // One calendar day as written: 2026-11-18, 18/11/2026, 18 novembre, 1er novembre, 18th of November, November 18, Nov 18th 2026.
    private const string Ordinal = @"(?:er|st|nd|rd|th)?";
    private static readonly string DayMonth = $@"\d{{1,2}}{Ordinal} (?:of )?(?:{AnyMonth})(?: \d{{4}})?";
    private static readonly string MonthDay = $@"(?:{AnyMonth}) \d{{1,2}}{Ordinal}(?: \d{{4}})?";
    private static readonly string Date = $@"\d{{4}}-\d{{1,2}}-\d{{1,2}}|\d{{1,2}}/\d{{1,2}}/\d{{4}}|{DayMonth}|{MonthDay}";

    // A day number alone ("du 16 au 20 novembre", "between Nov 9 and 15") takes its month and year from the other end.
    private static readonly string RangeEnd = $@"{Date}|\d{{1,2}}{Ordinal}";

    private delegate DateRange? Resolver(Match match, DateOnly today);

    private static readonly (Regex Pattern, Resolver Resolve)[] Rules =
    [
        (Rx($@"(?:between|from|entre|du|de) (?:the |le )?({RangeEnd}) (?:and|to|until|till|through|et|au|a|jusqu'au) (?:the |le )?({RangeEnd})"), (m, t) => Between(m, t)),
        (Rx($@"(?:since|depuis) (?:the |le )?({Date})"), (m, t) => ParseDay(m.Groups[1].Value, t, null) is { } from && from <= t ? new DateRange(from, t) : null),
        (Rx(@"(?:on |le |the )?(\d{4})-(\d{1,2})-(\d{1,2})"), (m, _) => Day(Int(m, 1), Int(m, 2), Int(m, 3))),
        (Rx(@"(?:on |le |the )?(\d{1,2})/(\d{1,2})/(\d{4})"), (m, _) => Day(Int(m, 3), Int(m, 2), Int(m, 1))),
        (Rx($@"(?:on |le |the )?({DayMonth}|{MonthDay})"), (m, t) => ParseDay(m.Groups[1].Value, t, null) is { } day ? One(day) : null),
        (Rx(@"(?:the )?day before yesterday|avant-hier|avant hier"), (_, t) => One(t.AddDays(-2))),
        (Rx(@"today|aujourd'hui|aujourd hui"), (_, t) => One(t)),
        (Rx(@"yesterday|hier"), (_, t) => One(t.AddDays(-1))),
        (Rx($@"(?:since|depuis) (?:le |last )?({Weekday})"), (m, t) => new DateRange(OnOrBefore(t, DayOf(m.Groups[1].Value)), t)),
        (Rx(@"(?:this|the current) week|cette semaine"), (_, t) => new DateRange(OnOrBefore(t, DayOfWeek.Monday), t)),
        (Rx(@"(?:last|previous) week|the week before|(?:la )?semaine (?:derniere|passee|precedente|d'avant|d avant)"), (_, t) => PreviousWeek(t)),
        (Rx($@"(?:in |during |over )?(?:the )?(?:last|past) ({Count}) days|(?:les |ces |aux )?({Count}) derniers jours"), (m, t) => LastDays(t, m)),
        (Rx(@"(?:this|the current) month|ce mois(?:-ci| ci)?"), (_, t) => new DateRange(new DateOnly(t.Year, t.Month, 1), t)),
        (Rx(@"(?:last|previous) month|the month before|(?:le )?mois (?:dernier|passe|precedent|d'avant|d avant)"), (_, t) => PreviousMonth(t)),
        (Rx($@"(?:(?:in|during|en|pendant|durant|au mois de|in the month of) )({Month})(?: (\d{{4}}))?"), (m, t) => MonthRange(t, m)),
        (Rx($@"({Month}) (\d{{4}})"), (m, t) => MonthRange(t, m)),
        // A weekday alone is the latest such day, today included: "did it come on Tuesday?", "mardi dernier".
        (Rx($@"(?:on |le |last |this |ce )?({Weekday})(?: (?:dernier|passe))?"), (m, t) => One(OnOrBefore(t, DayOf(m.Groups[1].Value)))),
        // A month named alone ("Same for October?", "quel jour d'octobre"): the latest such month. Not "may" ("may I..."), nor "march".
        (Rx($@"({string.Join('|', EnglishMonths.Concat(FrenchMonths).Where(n => n is not ("may" or "march")))})"), (m, t) => MonthRange(t, m)),
    ];

    /// <summary>True when <paramref name="written"/> is a date written with a month name ("Nov 16", "18 novembre") or a day ("27th", "1er"), which is no plate.</summary>
    public static bool IsDate(string written) => WholeDate.IsMatch(TextFolding.Fold(written).Trim());

    private static readonly Regex WholeDate = new($@"^(?:{DayMonth}|{MonthDay}|\d{{1,2}}(?:er|st|nd|rd|th))$", RegexOptions.CultureInvariant | RegexOptions.Compiled);

    /// <summary>The first time expression in <paramref name="folded"/>, its words, and the text with it blanked out.</summary>
    public static (DateRange? Range, string Remaining, string? Words) Find(string folded, DateOnly today)
    {
        foreach (var (pattern, resolve) in Rules)
        {
            foreach (Match m in pattern.Matches(folded))
            {
                if (resolve(m, today) is { } range)
                {
                    return (range, folded.Remove(m.Index, m.Length).Insert(m.Index, " "), m.Value);
                }
            }
        }
        return (null, folded, null);
    }

    private static Regex Rx(string body) =>
        new($@"(?<![\p{{L}}\p{{N}}-])(?:{body})(?![\p{{L}}\p{{N}}])", RegexOptions.CultureInvariant | RegexOptions.Compiled);

    private static int Int(Match m, int group) => int.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture);

    private static DateRange One(DateOnly day) => new(day, day);

    private static DateRange? Day(int year, int month, int day)
    {
        if (year is < 1 or > 9999 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)) return null;
        return One(new DateOnly(year, month, day));
    }

    /// <summary>
    /// One day as written (see <see cref="Date"/>); a bare day number takes <paramref name="hint"/>'s month and year.
    /// Without a year: the latest such day not after today.
    /// </summary>
    private static DateOnly? ParseDay(string text, DateOnly today, DateOnly? hint)
    {
        var parts = text.Split([' ', '-', '/'], StringSplitOptions.RemoveEmptyEntries).Where(p => p != "of").ToArray();
        if (Iso().Match(text) is { Success: true } iso) return Day(Int(iso, 1), Int(iso, 2), Int(iso, 3))?.From;
        if (Slashed().Match(text) is { Success: true } dmy) return Day(Int(dmy, 3), Int(dmy, 2), Int(dmy, 1))?.From;
        int? day = null, month = null, year = null;
        foreach (var part in parts)
        {
            if (MonthOf(part) is { } m)
            {
                month = m;
            }
            else if (Leading().Match(part) is { Success: true } n)
            {
                var value = int.Parse(n.Value, CultureInfo.InvariantCulture);
                if (n.Value.Length == 4) year = value;
                else day = value;
            }
        }
        if (day is not { } d) return null;
        if (month is null)
        {
            if (hint is not { } h) return null;
            (month, year) = (h.Month, year ?? h.Year);
        }
        if (year is { } y) return Day(y, month.Value, d)?.From;
        var thisYear = Day(today.Year, month.Value, d)?.From;
        return thisYear is { } candidate && candidate > today ? Day(today.Year - 1, month.Value, d)?.From : thisYear;
    }

    /// <summary>"between Nov 16 and Nov 20", "du 16 au 20 novembre", "from 2026-11-16 to 2026-11-19": both ends included, in either order.</summary>
    private static DateRange? Between(Match m, DateOnly today)
    {
        // Two day numbers alone are hours ("between 8 and 9"), left to the time-of-day filter.
        var end = ParseDay(m.Groups[2].Value, today, null);
        var start = ParseDay(m.Groups[1].Value, today, end);
        end ??= start is { } s ? ParseDay(m.Groups[2].Value, today, s) : null;
        if (start is not { } a || end is not { } b) return null;
        if (a > b && !HasYear(m.Groups[1].Value) && a.AddYears(-1) <= b) a = a.AddYears(-1);
        return a <= b ? new DateRange(a, b) : new DateRange(b, a);
    }

    private static bool HasYear(string text) => Regex.IsMatch(text, @"\d{4}");

    private static int? MonthOf(string word)
    {
        var i = Array.IndexOf(EnglishMonths, word);
        if (i < 0) i = Array.IndexOf(FrenchMonths, word);
        if (i >= 0) return i + 1;
        return MonthAbbreviations.TryGetValue(word, out var m) ? m : null;
    }

    [GeneratedRegex(@"^(\d{4})-(\d{1,2})-(\d{1,2})$")]
    private static partial Regex Iso();

    [GeneratedRegex(@"^(\d{1,2})/(\d{1,2})/(\d{4})$")]
    private static partial Regex Slashed();

    [GeneratedRegex(@"^\d{1,4}")]
    private static partial Regex Leading();

    private static DayOfWeek DayOf(string name)
    {
        var i = Array.IndexOf(EnglishDays, name);
        return (DayOfWeek)(i >= 0 ? i : Array.IndexOf(FrenchDays, name));
    }

    /// <summary>The latest day with that weekday, today included ("since Monday" on a Monday is today).</summary>
    private static DateOnly OnOrBefore(DateOnly today, DayOfWeek day) =>
        today.AddDays(-(((int)today.DayOfWeek - (int)day + 7) % 7));

    private static DateRange PreviousWeek(DateOnly today)
    {
        var monday = OnOrBefore(today, DayOfWeek.Monday).AddDays(-7);
        return new DateRange(monday, monday.AddDays(6));
    }

    private static DateRange? LastDays(DateOnly today, Match m)
    {
        var text = m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value;
        var n = NumberWords.Parse(text);
        return n is >= 1 and <= 3660 ? new DateRange(today.AddDays(1 - n), today) : null;
    }

    private static DateRange PreviousMonth(DateOnly today)
    {
        var first = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
        return new DateRange(first, first.AddMonths(1).AddDays(-1));
    }

    /// <summary>A named month: the given year, else the latest such month not after today's month.</summary>
    private static DateRange? MonthRange(DateOnly today, Match m)
    {
        var name = m.Groups[1].Value;
        var i = Array.IndexOf(EnglishMonths, name);
        var month = (i >= 0 ? i : Array.IndexOf(FrenchMonths, name)) + 1;
        int year;
        if (m.Groups.Count > 2 && m.Groups[2].Success)
        {
            year = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
            if (year is < 1 or > 9999) return null;
        }
        else
        {
            year = month <= today.Month ? today.Year : today.Year - 1;
        }
        var first = new DateOnly(year, month, 1);
        return new DateRange(first, first.AddMonths(1).AddDays(-1));
    }
}
