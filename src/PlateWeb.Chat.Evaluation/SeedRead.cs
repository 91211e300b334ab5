using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PlateWeb.Chat.Evaluation;

/// <summary>
/// One stored read of an evaluation history (a line of <c>tools/plateweb_tools/chat/eval/seed.jsonl</c>):
/// <c>{"id","text","country","format","confidence","at","corrected_from","camera"}</c>. <see cref="Text"/> is the
/// effective text; when <see cref="CorrectedFrom"/> is set, the engine read that and a user corrected it.
/// <see cref="Camera"/> names the camera that made the read (null: an upload).
/// </summary>
/// <param name="Confidence">0..1 (a value above 1 is read as a percentage).</param>
/// <param name="At">Local time of the read, "yyyy-MM-dd HH:mm" (or ISO 8601).</param>
public sealed record SeedRead(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("country")] string? Country,
    [property: JsonPropertyName("format")] string? Format,
    [property: JsonPropertyName("confidence")] double Confidence,
    [property: JsonPropertyName("at")] string At,
    [property: JsonPropertyName("corrected_from")] string? CorrectedFrom = null,
    [property: JsonPropertyName("camera")] string? Camera = null)
{
    private static readonly string[] TimeFormats = ["yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss"];

    public DateTime LocalTime =>
        DateTime.TryParseExact(At, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)
            ? t
            : throw new FormatException($"Read {Id}: \"at\" must be a local time like 2026-11-23 08:14, not \"{At}\".");

    public float Confidence01 => (float)(Confidence > 1 ? Confidence / 100 : Confidence);

    /// <summary>Reads a JSONL file; a bad line fails with its line number.</summary>
    public static IReadOnlyList<SeedRead> ReadJsonl(string path) => Jsonl.Read<SeedRead>(path, r =>
    {
        if (string.IsNullOrWhiteSpace(r.Text)) return "\"text\" is empty";
        if (r.Confidence < 0 || r.Confidence > 100) return "\"confidence\" must be 0..1";
        _ = r.LocalTime;
        return null;
    });
}

internal static class Jsonl
{
    /// <summary>Every non-blank line of <paramref name="path"/> as a <typeparamref name="T"/>; errors name the file and line.</summary>
    public static IReadOnlyList<T> Read<T>(string path, Func<T, string?> check)
    {
        var items = new List<T>();
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            try
            {
                var item = JsonSerializer.Deserialize<T>(line) ?? throw new FormatException("null");
                if (check(item) is { } problem) throw new FormatException(problem);
                items.Add(item);
            }
            catch (Exception ex) when (ex is JsonException or FormatException or NotSupportedException)
            {
                throw new FormatException($"{path}:{number}: {ex.Message}", ex);
            }
        }
        return items;
    }
}
