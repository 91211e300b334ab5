using System.Globalization;
using PlateWeb.Recognition.Grammar;

namespace PlateWeb.Web.Features.Upload;

/// <summary>A read's format explanation in the interface's language, from the grammar's own English and French texts.</summary>
public static class PlateExplanations
{
    private static readonly Dictionary<string, PlateFormat> ById = PlateFormats.All.ToDictionary(f => f.Id, StringComparer.Ordinal);

    /// <summary>The explanation of <paramref name="formatId"/> in the current UI culture; <paramref name="stored"/> when the format is unknown.</summary>
    public static string? For(string? formatId, string? stored) =>
        formatId is not null && ById.TryGetValue(formatId, out var format) ? format.ExplanationFor(CultureInfo.CurrentUICulture.Name) : stored;
}
