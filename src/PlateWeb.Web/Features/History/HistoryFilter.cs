using System.Globalization;
using PlateWeb.Data.Storage;
using PlateWeb.Data.Time;

namespace PlateWeb.Web.Features.History;

/// <summary>What the history shows: the grid's filters, the page's address and the query string of the export links.
/// <see cref="From"/> and <see cref="To"/> are days of the user's zone: a day runs from its local midnight to the next.</summary>
/// <param name="NotAPlate">Show only the reads marked "not a plate" (hidden otherwise).</param>
/// <param name="Camera">Only the reads of the camera with this id.</param>
public sealed record HistoryFilter(
    string? Search = null, string? Country = null, float? MinConfidence = null, DateTime? From = null, DateTime? To = null, bool NotAPlate = false,
    int? Camera = null)
{
    public ReadQuery ToQuery(TimeZoneInfo zone, int skip = 0, int take = 25, ReadSort sort = ReadSort.CreatedAt, bool descending = true) =>
        new(Search, skip, take, sort, descending, string.IsNullOrWhiteSpace(Country) ? null : Country, MinConfidence,
            From is { } from ? ZoneTime.StartOfDayUtc(DateOnly.FromDateTime(from), zone) : null,
            To is { } to ? ZoneTime.StartOfDayUtc(DateOnly.FromDateTime(to).AddDays(1), zone) : null,
            NotAPlate, Camera);

    /// <summary>Why this filter cannot be run, in words (a search longer than a plate, a confidence outside 0..1), or null.</summary>
    public string? Problem() =>
        ReadQuery.SearchProblem(Search)
        ?? (MinConfidence is { } min && !(min >= 0 && min <= 1) ? "minConfidence is a number between 0 and 1." : null);

    /// <summary>For the export links: what the page shows, so on the "not a plate" view they export the marked reads
    /// (their pictures and boxes for the reader's training: `platectl export --rejected`).</summary>
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
        Add("camera", Camera?.ToString(CultureInfo.InvariantCulture));
        Add("notAPlate", NotAPlate ? "true" : null);
        return parts.Count == 0 ? string.Empty : "?" + string.Join('&', parts);
    }

    /// <summary>The page's own query parameters (/history?q=AB1&amp;country=FR&amp;min=0.8&amp;from=2026-01-02&amp;to=…&amp;notaplate=true&amp;camera=3),
    /// null for a filter not set, so that NavigationManager.GetUriWithQueryParameters drops it.</summary>
    public IReadOnlyDictionary<string, object?> UrlParameters() => new Dictionary<string, object?>
    {
        ["q"] = string.IsNullOrWhiteSpace(Search) ? null : Search,
        ["country"] = string.IsNullOrWhiteSpace(Country) ? null : Country,
        ["min"] = MinConfidence?.ToString("0.###", CultureInfo.InvariantCulture),
        ["from"] = From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["to"] = To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["notaplate"] = NotAPlate ? "true" : null,
        ["camera"] = Camera?.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>
    /// The filter an address asks for. A value that cannot be one (a search longer than a plate, "min=abc", "from=yesterday")
    /// is left out and named in <paramref name="ignored"/>: a hand-edited link still opens the history.
    /// </summary>
    public static HistoryFilter FromUrl(
        string? q, string? country, string? min, string? from, string? to, string? notAPlate, string? camera, out IReadOnlyList<string> ignored)
    {
        var bad = new List<string>();
        if (q is not null && ReadQuery.SearchProblem(q) is not null)
        {
            bad.Add("q");
            q = null;
        }
        float? minConfidence = null;
        if (!string.IsNullOrEmpty(min))
        {
            if (float.TryParse(min, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0 && value <= 1) minConfidence = value;
            else bad.Add("min");
        }
        DateTime? Day(string? text, string key)
        {
            if (string.IsNullOrEmpty(text)) return null;
            if (DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)) return day;
            bad.Add(key);
            return null;
        }
        int? cameraId = null;
        if (!string.IsNullOrEmpty(camera))
        {
            if (int.TryParse(camera, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0) cameraId = id;
            else bad.Add("camera");
        }
        var fromDay = Day(from, "from");
        var toDay = Day(to, "to");
        ignored = bad;
        return new HistoryFilter(
            string.IsNullOrWhiteSpace(q) ? null : q, string.IsNullOrWhiteSpace(country) ? null : country.Trim(), minConfidence, fromDay, toDay,
            string.Equals(notAPlate, "true", StringComparison.OrdinalIgnoreCase) || notAPlate == "1", cameraId);
    }
}
