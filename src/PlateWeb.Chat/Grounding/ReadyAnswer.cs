using System.Globalization;

namespace PlateWeb.Chat.Grounding;

/// <summary>
/// Words shared by the ready answers (<see cref="QueryRun.Answer"/>), in English and French. Every value in a
/// ready answer comes from a fact line and is cited with its [n], as the model is taught to do.
/// </summary>
internal static class ReadyAnswer
{
    private static readonly string[] FrenchDays = ["dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"];

    public static string Cite(int number) => string.Create(CultureInfo.InvariantCulture, $"[{number}]");

    /// <summary>"once", "twice", "3 times" / "une fois", "deux fois", "3 fois".</summary>
    public static string Times(int n, bool french) => (n, french) switch
    {
        (1, false) => "once",
        (2, false) => "twice",
        (1, true) => "une fois",
        (2, true) => "deux fois",
        (_, false) => string.Create(CultureInfo.InvariantCulture, $"{n} times"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{n} fois"),
    };

    /// <summary>"1 read", "3 reads" / "1 lecture", "3 lectures".</summary>
    public static string Reads(int n, bool french) => french
        ? string.Create(CultureInfo.InvariantCulture, $"{n} lecture{(n == 1 ? "" : "s")}")
        : string.Create(CultureInfo.InvariantCulture, $"{n} read{(n == 1 ? "" : "s")}");

    /// <summary>"Tuesday 2026-11-24" / "mardi 2026-11-24".</summary>
    public static string Day(DateOnly day, bool french) =>
        string.Create(CultureInfo.InvariantCulture, $"{(french ? FrenchDays[(int)day.DayOfWeek] : day.DayOfWeek.ToString())} {day:yyyy-MM-dd}");

    /// <summary>" on Tuesday 2026-11-24", " between 2026-11-16 and 2026-11-22" / " le mardi 2026-11-24", " entre le 2026-11-16 et le 2026-11-22"; "" for all time.</summary>
    public static string During(DateRange? period, bool french)
    {
        if (period is null) return "";
        if (period.From == period.To) return (french ? " le " : " on ") + Day(period.From, french);
        return french
            ? string.Create(CultureInfo.InvariantCulture, $" entre le {period.From:yyyy-MM-dd} et le {period.To:yyyy-MM-dd}")
            : string.Create(CultureInfo.InvariantCulture, $" between {period.From:yyyy-MM-dd} and {period.To:yyyy-MM-dd}");
    }

    /// <summary>Items joined with commas; French puts a space before ":" and ";", as written in French.</summary>
    public static string Join(IEnumerable<string> items) => string.Join(", ", items);

    public static string Colon(bool french) => french ? " :" : ":";
}
