namespace PlateWeb.Data.Entities;

/// <summary>One plate read in a stored image, as the engine returned it, plus the user's correction.</summary>
public sealed class PlateReadEntity
{
    // EF Core reads and writes these fields directly (its default access mode), so loading a row keeps the
    // stored EffectiveText; code goes through the properties, which keep EffectiveText in step.
    private string _normalizedText = string.Empty;
    private string? _correctedText;

    public long Id { get; set; }

    public long ImageId { get; set; }

    public StoredImage? Image { get; set; }

    /// <summary>The camera that saw the plate (its image's camera, kept here so History filters without a join); null for an upload.</summary>
    public int? CameraId { get; set; }

    /// <summary>The engine's text as printed (with the format's separators), for example "AB-123-CD".</summary>
    public required string Text { get; set; }

    /// <summary>Upper case, letters and digits only (<c>PlateGrammar.Normalize</c>).</summary>
    public required string NormalizedText
    {
        get => _normalizedText;
        set
        {
            _normalizedText = value;
            EffectiveText = EffectiveTextOf(value, _correctedText);
        }
    }

    /// <summary>Confusion classes of the text (<c>PlateGrammar.Skeleton</c>), for search that forgives O/0, B/8, S/5….</summary>
    public required string Skeleton { get; set; }

    public float Confidence { get; set; }

    /// <summary>Plate outline in image pixels: x,y of top-left, top-right, bottom-right, bottom-left.</summary>
    public float[] Quad { get; set; } = new float[8];

    public string? Country { get; set; }

    public string? Format { get; set; }

    public string? Explanation { get; set; }

    /// <summary>What Tesseract read before the grammar.</summary>
    public string RawText { get; set; } = string.Empty;

    /// <summary>Ranked alternatives as JSON (<see cref="StoredCandidate"/>[]), best first.</summary>
    public string CandidatesJson { get; set; } = "[]";

    /// <summary>The user's correction; the original OCR text above is kept.</summary>
    public string? CorrectedText
    {
        get => _correctedText;
        set
        {
            _correctedText = value;
            EffectiveText = EffectiveTextOf(_normalizedText, value);
        }
    }

    /// <summary>Skeleton of <see cref="CorrectedText"/>, so search finds a plate by its corrected text too.</summary>
    public string? CorrectedSkeleton { get; set; }

    /// <summary>
    /// The read's effective text, normalised: <see cref="CorrectedText"/> without its separators (space, dash, dot)
    /// when the read is corrected, else <see cref="NormalizedText"/>. The chat groups, counts and finds plates by
    /// it (indexed). Setting either text sets it, so every write through EF Core keeps it right; SQL that writes
    /// those columns itself sets it with <see cref="EffectiveTextSql"/>.
    /// </summary>
    public string EffectiveText { get; private set; } = string.Empty;

    /// <summary>
    /// <see cref="EffectiveText"/> in SQL. <see cref="PlateWeb.Data.Storage.PlateCorrection"/> keeps a correction to
    /// A-Z, 0-9 and these three separators, so removing them leaves what <c>PlateGrammar.Normalize</c> would.
    /// </summary>
    public const string EffectiveTextSql = """COALESCE(replace(replace(replace("CorrectedText", '-', ''), ' ', ''), '.', ''), "NormalizedText")""";

    /// <summary><see cref="EffectiveText"/> of these texts, as <see cref="EffectiveTextSql"/> computes it.</summary>
    public static string EffectiveTextOf(string? normalizedText, string? correctedText) =>
        correctedText is null
            ? normalizedText ?? string.Empty
            : correctedText.Replace("-", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal).Replace(".", "", StringComparison.Ordinal);

    /// <summary>UTC time of the last correction.</summary>
    public DateTime? CorrectedAt { get; set; }

    /// <summary>The user name of whoever made the correction (null for a correction made before names were kept, or by a tool).</summary>
    public string? CorrectedBy { get; set; }

    /// <summary>
    /// The engine's own country while a correction stands: <see cref="Country"/>, <see cref="Format"/>
    /// and <see cref="Explanation"/> then hold the grammar's reading of the corrected text, and these
    /// three are put back when the correction is removed. Null when the read is not corrected.
    /// </summary>
    public string? OcrCountry { get; set; }

    /// <summary>The engine's own format while a correction stands (see <see cref="OcrCountry"/>).</summary>
    public string? OcrFormat { get; set; }

    /// <summary>The engine's own explanation while a correction stands (see <see cref="OcrCountry"/>).</summary>
    public string? OcrExplanation { get; set; }

    /// <summary>UTC.</summary>
    public DateTime CreatedAt { get; set; }

    /// <summary>
    /// Minute of the UTC day of <see cref="CreatedAt"/> (0..1439), computed by SQLite from it (<see cref="CreatedMinuteSql"/>)
    /// and indexed, so a local time-of-day window ("at night") becomes one or two ranges per UTC offset of the zone.
    /// </summary>
    public int CreatedMinute { get; private set; }

    /// <summary>
    /// <see cref="CreatedMinute"/> in SQL: EF Core stores a DateTime as "yyyy-MM-dd HH:mm:ss[.fffffff]" text,
    /// so the hour and the minute are characters 12-13 and 15-16.
    /// </summary>
    public const string CreatedMinuteSql = """CAST(substr("CreatedAt", 12, 2) AS INTEGER) * 60 + CAST(substr("CreatedAt", 15, 2) AS INTEGER)""";
}

/// <summary>One ranked alternative of a read.</summary>
public sealed record StoredCandidate(string Text, float Score, string? Format);
