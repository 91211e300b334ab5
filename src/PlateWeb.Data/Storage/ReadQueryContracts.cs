using PlateWeb.Recognition.Grammar;

namespace PlateWeb.Data.Storage;

/// <summary>Columns the history can be sorted by.</summary>
public enum ReadSort
{
    CreatedAt,
    Text,
    Confidence,
    Country,
}

/// <summary>One page of the history. <paramref name="Search"/> is matched through confusion skeletons.</summary>
/// <param name="Country">Only reads of this country code.</param>
/// <param name="MinConfidence">Only reads at least this confident (0..1).</param>
/// <param name="From">Only reads made at or after this UTC time.</param>
/// <param name="To">Only reads made before this UTC time.</param>
/// <param name="NotAPlate">False (the default): reads marked "not a plate" are left out; true: only those.</param>
public sealed record ReadQuery(
    string? Search = null, int Skip = 0, int Take = 25, ReadSort Sort = ReadSort.CreatedAt, bool Descending = true,
    string? Country = null, float? MinConfidence = null, DateTime? From = null, DateTime? To = null, bool NotAPlate = false,
    int? CameraId = null)
{
    /// <summary>
    /// Most letters and digits a search may hold. The longest plate formats have 8 to 10 characters;
    /// 32 leaves room for a pasted plate with its country, and keeps the confusion-tolerant patterns
    /// (about two per character) few.
    /// </summary>
    public const int MaxSearchCharacters = 32;

    /// <summary>Why <paramref name="search"/> cannot be searched, in words, or null when it can.</summary>
    public static string? SearchProblem(string? search)
    {
        var characters = search is null ? 0 : PlateGrammar.Normalize(search).Length;
        return characters > MaxSearchCharacters
            ? $"A plate search holds at most {MaxSearchCharacters} letters and digits; this one has {characters}."
            : null;
    }
}

/// <summary>A search text longer than a plate (<see cref="ReadQuery.MaxSearchCharacters"/>); the message is for people.</summary>
public sealed class SearchTooLongException(string message) : ArgumentException(message);

/// <summary>A read as the history lists it.</summary>
/// <param name="PlateLeft">Left edge of the plate's bounds in its picture (pixels), for the row's thumbnail.</param>
/// <param name="ImageWidth">The picture's width; 0 when unknown (no thumbnail).</param>
/// <param name="Camera">The name of the camera that saw the plate; null for an upload (and <paramref name="CameraId"/> too).</param>
/// <remarks>
/// Only scalars: a record compares its fields, and an array field compares by reference, so rows read again
/// after a reload would never equal the ones the grid holds (the grid then redraws every row, and a click
/// landing during that redraw was lost: the details dialog opened 1 time in 4).
/// </remarks>
public sealed record ReadRow(
    long Id, long ImageId, string Text, string? CorrectedText, float Confidence, string? Country, string? Format,
    DateTime CreatedAt, string FileName,
    float PlateLeft = 0, float PlateTop = 0, float PlateRight = 0, float PlateBottom = 0, int ImageWidth = 0, int ImageHeight = 0,
    string? Camera = null, int? CameraId = null)
{
    /// <summary>The plate's bounds as a quad (x0, y0 … x3, y3), as <c>PlateCrop</c> takes it; null without a picture size.</summary>
    public float[]? PlateQuad() =>
        ImageWidth > 0 && PlateRight > PlateLeft && PlateBottom > PlateTop
            ? [PlateLeft, PlateTop, PlateRight, PlateTop, PlateRight, PlateBottom, PlateLeft, PlateBottom]
            : null;
}

public sealed record ReadPage(IReadOnlyList<ReadRow> Items, int TotalCount);

/// <summary>A label and how many reads it has.</summary>
public sealed record LabelCount(string Label, int Count);

/// <summary>The history's charts: reads per day (oldest first), per country, most often seen plates.</summary>
/// <param name="PerDay">Reads per local day of the zone the stats were asked in, labelled yyyy-MM-dd.</param>
/// <param name="Since">First local day the charts count when the query gave no start date; null when it gave one or there are no reads.</param>
public sealed record HistoryStats(IReadOnlyList<LabelCount> PerDay, IReadOnlyList<LabelCount> PerCountry, IReadOnlyList<LabelCount> TopPlates, DateTime? Since = null);

/// <summary>History queries over stored reads (an interface so pages can be tested with a fake).</summary>
public interface IReadQueries
{
    Task<ReadPage> SearchAsync(ReadQuery query, CancellationToken ct);

    Task<(int Images, int Reads)> CountAsync(CancellationToken ct);

    /// <summary>Country codes present in the history, for the filter.</summary>
    Task<IReadOnlyList<string>> CountriesAsync(CancellationToken ct);

    /// <summary>Every read the query's filters select (paging ignored), for export.</summary>
    IAsyncEnumerable<ReadRow> ExportAsync(ReadQuery query, CancellationToken ct);

    /// <summary>
    /// Counts over the reads the query's filters select, at most <paramref name="top"/> plates. Days are the
    /// days of <paramref name="zone"/> (the user's): without a start date, only the <paramref name="days"/>
    /// calendar days up to the newest read selected count.
    /// </summary>
    Task<HistoryStats> StatsAsync(ReadQuery query, int days, int top, TimeZoneInfo zone, CancellationToken ct);
}
