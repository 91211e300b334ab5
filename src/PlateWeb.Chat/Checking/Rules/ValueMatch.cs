using PlateWeb.Recognition.Grammar;

namespace PlateWeb.Chat.Checking.Rules;

/// <summary>Which values of a piece of an answer none of the allowed sources holds.</summary>
internal static class ValueMatch
{
    /// <summary>
    /// Plates compare by letters and digits ("AB123CD" is "AB-123-CD") and, so that an answer may echo a plate
    /// as the user typed it with an OCR confusion, by skeleton; dates by day (also "26 novembre" without a year).
    /// </summary>
    public static IEnumerable<string> NotHeld(TextValues found, params TextValues[] allowed)
    {
        var all = TextValues.Union(allowed);
        var skeletons = all.Plates.Select(PlateGrammar.Skeleton).ToHashSet(StringComparer.Ordinal);
        foreach (var plate in found.Plates)
        {
            if (!all.Plates.Contains(plate) && !skeletons.Contains(PlateGrammar.Skeleton(plate))) yield return "plate " + plate;
        }
        foreach (var date in found.Dates)
        {
            if (!all.HoldsDate(date)) yield return "date " + date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        }
        foreach (var (month, day) in found.DaysWithoutYear)
        {
            if (!all.DaysWithoutYear.Contains((month, day)) && !all.Dates.Any(d => d.Month == month && d.Day == day)) yield return $"day {day}/{month}";
        }
        foreach (var time in found.Times)
        {
            if (!all.Times.Contains(time)) yield return "time " + time;
        }
        foreach (var number in found.Numbers)
        {
            if (!all.Numbers.Contains(number)) yield return "number " + number;
        }
        foreach (var code in found.CountryCodes)
        {
            if (!all.CountryCodes.Contains(code)) yield return "country " + code;
        }
    }
}
