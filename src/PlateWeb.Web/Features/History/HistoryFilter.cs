using System.Globalization;
using PlateWeb.Data.Storage;
using PlateWeb.Data.Time;

namespace PlateWeb.Web.Features.History;

/// <summary>What the history shows: the grid's filters, and the query string of the export links. <see cref="From"/> and
/// <see cref="To"/> are days of the user's zone: a day runs from its local midnight to the next.</summary>
public sealed record HistoryFilter(string? Search = null, string? Country = null, float? MinConfidence = null, DateTime? From = null, DateTime? To = null)
{
    public ReadQuery ToQuery(TimeZoneInfo zone, int skip = 0, int take = 25, ReadSort sort = ReadSort.CreatedAt, bool descending = true) =>
        new(Search, skip, take, sort, descending, string.IsNullOrWhiteSpace(Country) ? null : Country, MinConfidence,
            From is { } from ? ZoneTime.StartOfDayUtc(DateOnly.FromDateTime(from), zone) : null,
            To is { } to ? ZoneTime.StartOfDayUtc(DateOnly.FromDateTime(to).AddDays(1), zone) : null);

    /// <summary>Why this filter cannot be run, in words (a search longer than a plate, a confidence outside 0..1), or null.</summary>
    public string? Problem() =>
        ReadQuery.SearchProblem(Search)
        ?? (MinConfidence is { } min && !(min >= 0 && min <= 1) ? "minConfidence is a number between 0 and 1." : null);

    public string ToQueryString()
    {
        var parts = new List<string>();
        void Add(string key, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value)) parts.Add($"{key}={Uri.EscapeDataString(value)}");
        }
        Add("search", Search);
        Add("country", Country);
        Add("minConfidence", MinConfidence?.ToString(CultureInfo.InvariantCulture));
        Add("from", From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add("to", To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        return parts.Count == 0 ? string.Empty : "?" + string.Join('&', parts);
    }
}
