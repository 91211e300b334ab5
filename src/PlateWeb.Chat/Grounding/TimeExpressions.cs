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

    private static readonly Dictionary<string, int> NumberWords = new(StringComparer.Ordinal)
    {
        ["two"] = 2, ["three"] = 3, ["four"] = 4, ["five"] = 5, ["six"] = 6, ["seven"] = 7, ["ten"] = 10, ["fourteen"] = 14, ["thirty"] = 30,
        ["deux"] = 2, ["trois"] = 3, ["quatre"] = 4, ["cinq"] = 5, ["sept"] = 7, ["dix"] = 10, ["quatorze"] = 14, ["trente"] = 30,
    };

    private static readonly string Weekday = string.Join('|', EnglishDays.Concat(FrenchDays));
    private static readonly string Month = string.Join('|', EnglishMonths.Concat(FrenchMonths));
    private static readonly string Count = @"\d{1,3}|" + string.Join('|', NumberWords.Keys);

    private delegate DateRange? Resolver(Match match, DateOnly today);

    private static readonly (Regex Pattern, Resolver Resolve)[] Rules =
    [
        (Rx(@"(?:on |le |the )?(\d{4})-(\d{1,2})-(\d{1,2})"), (m, _) => Day(Int(m, 1), Int(m, 2), Int(m, 3))),
        (Rx(@"(?:on |le |the )?(\d{1,2})/(\d{1,2})/(\d{4})"), (m, _) => Day(Int(m, 3), Int(m, 2), Int(m, 1))),
        (Rx(@"(?:the )?day before yesterday|avant-hier|avant hier"), (_, t) => One(t.AddDays(-2))),
        (Rx(@"today|aujourd'hui|aujourd hui"), (_, t) => One(t)),
        (Rx(@"yesterday|hier"), (_, t) => One(t.AddDays(-1))),
        (Rx($@"(?:since|depuis) (?:le |last )?({Weekday})"), (m, t) => new DateRange(OnOrBefore(t, DayOf(m.Groups[1].Value)), t)),
        (Rx(@"(?:this|the current) week|cette semaine"), (_, t) => new DateRange(OnOrBefore(t, DayOfWeek.Monday), t)),
        (Rx(@"(?:last|previous) week|(?:la )?semaine (?:derniere|passee|precedente)"), (_, t) => PreviousWeek(t)),
        (Rx($@"(?:in |during |over )?(?:the )?(?:last|past) ({Count}) days|(?:les |ces |aux )?({Count}) derniers jours"), (m, t) => LastDays(t, m)),
        (Rx(@"(?:this|the current) month|ce mois(?:-ci| ci)?"), (_, t) => new DateRange(new DateOnly(t.Year, t.Month, 1), t)),
        (Rx(@"(?:last|previous) month|(?:le )?mois (?:dernier|passe|precedent)"), (_, t) => PreviousMonth(t)),
        (Rx($@"(?:(?:in|during|en|pendant|durant|au mois de|in the month of) )({Month})(?: (\d{{4}}))?"), (m, t) => MonthRange(t, m)),
        (Rx($@"({Month}) (\d{{4}})"), (m, t) => MonthRange(t, m)),
        // A weekday alone is the latest such day, today included: "did it come on Tuesday?", "mardi dernier".
        (Rx($@"(?:on |le |last |this |ce )?({Weekday})(?: (?:dernier|passe))?"), (m, t) => One(OnOrBefore(t, DayOf(m.Groups[1].Value)))),
    ];

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
        var n = NumberWords.TryGetValue(text, out var w) ? w : int.Parse(text, CultureInfo.InvariantCulture);
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
        if (m.Groups[2].Success)
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
