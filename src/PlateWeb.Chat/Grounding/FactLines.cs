using System.Globalization;

namespace PlateWeb.Chat.Grounding;

/// <summary>
/// The exact fact line forms of docs/CHAT-PROMPT.md, without the "[n] " number (added when the line is
/// numbered). Invariant culture everywhere: the default model learnt these strings character by character.
/// </summary>
internal static partial class FactLines
{
    public static string PlateSummary(string plate, int count, DateTime first, DateTime last, string? country, string language, float bestConfidence) =>
        $"plate {plate}: {Reads(count)}, first {Date(first)}, last {Date(last)}, country {Countries.Label(country, language)}, best confidence {Percent(bestConfidence)}%";

    public static string SingleRead(long id, string plate, DateTime at, string? country, string language, float confidence, string? correctedFrom, string? camera = null) =>
        string.Create(CultureInfo.InvariantCulture, $"read #{id}: {plate} at {Date(at)}, country {Countries.Label(country, language)}, confidence {Percent(confidence)}%")
        + (correctedFrom is null ? "" : $", corrected from {correctedFrom}")
        + (camera is null ? "" : $", camera {camera}");

    /// <param name="tail">"" or " of AB-123-CD", " starting with AB", " from DE (Germany)".</param>
    public static string Count(int count, string tail = "") => $"count: {Reads(count)}{tail}";

    public static string CountryTally(string? country, string language, int count) =>
        $"country {Countries.Label(country, language)}: {Reads(count)}";

    public static string Format(string plate, string explanation) => $"format of {plate}: {explanation}";

    public static string NotFound(string written) => $"not found: {written.ToUpperInvariant()}";

    /// <summary>English singular/plural whatever the question's language.</summary>
    public static string Reads(int count) => count == 1 ? "1 read" : string.Create(CultureInfo.InvariantCulture, $"{count} reads");

    /// <summary>yyyy-MM-dd HH:mm of a time already in local time.</summary>
    public static string Date(DateTime local) => local.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>Whole percentage, halves rounded up (0.925 → 93).</summary>
    public static int Percent(float confidence) => (int)Math.Clamp(Math.Round(confidence * 100.0, MidpointRounding.AwayFromZero), 0, 100);
}
