using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using PlateWeb.Chat.Grounding;
using PlateWeb.Recognition.Grammar;

namespace PlateWeb.Chat.Checking;

/// <summary>
/// The values a text holds, typed so that "12" in "2026-11-26 12:05" is a time and not a count: plates
/// (normalised, so "AB-123-CD" = "AB123CD"), dates, times, whole numbers and country codes.
/// </summary>
public sealed record TextValues(
    IReadOnlySet<string> Plates,
    IReadOnlySet<DateOnly> Dates,
    IReadOnlySet<(int Month, int Day)> DaysWithoutYear,
    IReadOnlySet<string> Times,
    IReadOnlySet<long> Numbers,
    IReadOnlySet<string> CountryCodes)
{
    public static TextValues Empty { get; } = new(
        new HashSet<string>(), new HashSet<DateOnly>(), new HashSet<(int, int)>(), new HashSet<string>(), new HashSet<long>(), new HashSet<string>());

    public static TextValues Union(IEnumerable<TextValues> all)
    {
        var list = all.ToList();
        return new TextValues(
            list.SelectMany(v => v.Plates).ToHashSet(StringComparer.Ordinal),
            list.SelectMany(v => v.Dates).ToHashSet(),
            list.SelectMany(v => v.DaysWithoutYear).ToHashSet(),
            list.SelectMany(v => v.Times).ToHashSet(StringComparer.Ordinal),
            list.SelectMany(v => v.Numbers).ToHashSet(),
            list.SelectMany(v => v.CountryCodes).ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>Whether <paramref name="date"/> is one of these dates, or a day written here without its year.</summary>
    public bool HoldsDate(DateOnly date) => Dates.Contains(date) || DaysWithoutYear.Contains((date.Month, date.Day));
}

/// <summary>
/// Finds typed values in fact lines and answers (docs/CHAT-PROMPT.md: dates are <c>yyyy-MM-dd HH:mm</c> in
/// the facts; answers also write <c>dd/MM/yyyy</c>, "26 November", "26 novembre 2026", "14h08").
/// Citations <c>[n]</c> are not values. The same code reads facts and answers, so a value copied from a
/// fact is found the same way in both.
/// </summary>
public sealed partial class ValueReader(PlateGrammar grammar)
{
    private readonly PlateMentions _plates = new(grammar);

    private static readonly string[] EnglishMonths =
        ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

    private static readonly string[] FrenchMonths =
        ["janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre", "octobre", "novembre", "decembre"];

    public TextValues Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var blanked = new StringBuilder(Citation().Replace(text, m => Blank(m.Length)));
        var dates = new HashSet<DateOnly>();
        var days = new HashSet<(int, int)>();
        var times = new HashSet<string>(StringComparer.Ordinal);

        Take(blanked, IsoDate(), m => AddDate(dates, m.Groups["y"].Value, m.Groups["m"].Value, m.Groups["d"].Value));
        Take(blanked, SlashDate(), m => AddDate(dates, m.Groups["y"].Value, m.Groups["m"].Value, m.Groups["d"].Value));
        Take(blanked, DayMonth(), m => AddNatural(dates, days, m.Groups["d"].Value, m.Groups["month"].Value, m.Groups["y"].Value));
        Take(blanked, MonthDay(), m => AddNatural(dates, days, m.Groups["d"].Value, m.Groups["month"].Value, m.Groups["y"].Value));
        Take(blanked, Time(), m => times.Add(Pad(m.Groups["h"].Value) + ":" + m.Groups["min"].Value));

        var withoutDates = blanked.ToString();
        var plates = new HashSet<string>(StringComparer.Ordinal);
        foreach (var mention in _plates.Find(withoutDates))
        {
            plates.Add(mention.Normalized);
            // Every copy, with any separators: a plate listed twice ("E-RE 9720 [1], E-RE 9720 [2]") or written
            // twice differently ("FN-819-MX", then "FN 819 MX", which the finder reports once) leaves no digits as a number.
            var anyForm = new Regex(
                @"(?<![\p{L}\d])" + string.Join("[-. ]?", mention.Normalized.Select(c => Regex.Escape(c.ToString()))) + @"(?![\p{L}\d])",
                RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
            foreach (Match m in anyForm.Matches(withoutDates)) blanked.Remove(m.Index, m.Length).Insert(m.Index, Blank(m.Length));
            withoutDates = blanked.ToString();
        }

        var codes = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match m in CountryCode().Matches(text)) codes.Add(m.Groups["cc"].Value);

        var numbers = new HashSet<long>();
        foreach (Match m in Number().Matches(withoutDates))
        {
            if (long.TryParse(m.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n)) numbers.Add(n);
        }
        return new TextValues(plates, dates, days, times, numbers, codes);
    }

    /// <summary>The fact numbers cited in <c>[1]</c>, <c>[1][2]</c>, <c>[1, 2]</c>, in order, with where each citation ends.</summary>
    public static IReadOnlyList<(int Start, int End, IReadOnlyList<int> Numbers)> Citations(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Citation().Matches(text)
            .Select(m => (m.Index, m.Index + m.Length, (IReadOnlyList<int>)m.Groups["n"].Captures
                .Select(c => int.TryParse(c.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1).ToList()))
            .ToList();
    }

    private static void Take(StringBuilder text, Regex pattern, Action<Match> add)
    {
        foreach (Match m in pattern.Matches(text.ToString()))
        {
            add(m);
            text.Remove(m.Index, m.Length).Insert(m.Index, Blank(m.Length));
        }
    }

    private static string Blank(int length) => new(' ', length);

    private static string Pad(string hour) => hour.Length == 1 ? "0" + hour : hour;

    private static void AddDate(HashSet<DateOnly> dates, string year, string month, string day)
    {
        if (int.TryParse(year, CultureInfo.InvariantCulture, out var y) && int.TryParse(month, CultureInfo.InvariantCulture, out var m)
            && int.TryParse(day, CultureInfo.InvariantCulture, out var d) && m is >= 1 and <= 12 && d >= 1 && d <= DateTime.DaysInMonth(Math.Clamp(y, 1, 9999), m))
        {
            dates.Add(new DateOnly(Math.Clamp(y, 1, 9999), m, d));
        }
    }

    private static void AddNatural(HashSet<DateOnly> dates, HashSet<(int, int)> days, string day, string monthName, string year)
    {
        var folded = Fold(monthName);
        var month = Array.IndexOf(EnglishMonths, folded) + 1;
        if (month == 0) month = Array.IndexOf(FrenchMonths, folded) + 1;
        if (month == 0 || !int.TryParse(day, CultureInfo.InvariantCulture, out var d) || d is < 1 or > 31) return;
        if (year.Length > 0) AddDate(dates, year, month.ToString(CultureInfo.InvariantCulture), day);
        else days.Add((month, d));
    }

    private static string Fold(string word) =>
        new string(word.ToLowerInvariant().Normalize(NormalizationForm.FormD)
            .Where(c => CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark).ToArray());

    private const string Months =
        "January|February|March|April|May|June|July|August|September|October|November|December|"
        + "janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[ûu]t|septembre|octobre|novembre|d[ée]cembre";

    [GeneratedRegex(@"\[(?:\s*(?<n>\d{1,4})\s*)(?:[,;]\s*(?<n>\d{1,4})\s*)*\]")]
    private static partial Regex Citation();

    [GeneratedRegex(@"(?<![\p{L}\d])(?<y>\d{4})-(?<m>\d{2})-(?<d>\d{2})(?![\p{L}\d])")]
    private static partial Regex IsoDate();

    [GeneratedRegex(@"(?<![\p{L}\d/])(?<d>\d{1,2})/(?<m>\d{1,2})/(?<y>\d{4})(?![\p{L}\d])")]
    private static partial Regex SlashDate();

    [GeneratedRegex(@"(?<![\p{L}\d])(?<d>\d{1,2})(?:er|st|nd|rd|th)? (?<month>" + Months + @")(?:,? (?<y>\d{4}))?(?![\p{L}\d])", RegexOptions.IgnoreCase)]
    private static partial Regex DayMonth();

    [GeneratedRegex(@"(?<![\p{L}\d])(?<month>January|February|March|April|May|June|July|August|September|October|November|December) (?<d>\d{1,2})(?:st|nd|rd|th)?(?:,? (?<y>\d{4}))?(?![\p{L}\d])")]
    private static partial Regex MonthDay();

    // Not a part of 12:05:30, but "hour 06:00-07:00: 2 reads" ends with a time before its colon.
    [GeneratedRegex(@"(?<![\p{L}\d:])(?<h>[01]?\d|2[0-3])(?::|h)(?<min>[0-5]\d)(?![\p{L}\d]|:\d)")]
    private static partial Regex Time();

    // A code in parentheses after a country name ("Spain (ES)"), or after "country"/"from" in a fact line.
    [GeneratedRegex(@"\((?<cc>[A-Z]{2}|\?\?)\)|\b(?:country|from) (?<cc>[A-Z]{2}|\?\?) \(")]
    private static partial Regex CountryCode();

    [GeneratedRegex(@"(?<![\p{L}\d.,\-])\d+(?![\p{L}\d]|[.,]\d)")]
    private static partial Regex Number();
}
