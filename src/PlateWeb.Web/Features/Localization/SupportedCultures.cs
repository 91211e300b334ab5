using System.Globalization;

namespace PlateWeb.Web.Features.Localization;

/// <summary>A language the interface is translated into, named as its speakers write it.</summary>
public sealed record LanguageOption(string Name, string NativeName);

/// <summary>The interface's languages: English (the default, also the resources' neutral language) and French.</summary>
public static class SupportedCultures
{
    public const string Default = "en";

    public static IReadOnlyList<LanguageOption> All { get; } = [new("en", "English"), new("fr", "Français")];

    public static string[] Names { get; } = All.Select(c => c.Name).ToArray();

    /// <summary>The language of the current request or circuit (its UI culture, or the parent one: "fr-CA" is "fr").</summary>
    public static LanguageOption Current
    {
        get
        {
            for (var culture = CultureInfo.CurrentUICulture; !string.IsNullOrEmpty(culture.Name); culture = culture.Parent)
            {
                if (All.FirstOrDefault(o => o.Name == culture.Name) is { } match) return match;
            }
            return All[0];
        }
    }

    public static bool IsSupported(string? name) => name is not null && Names.Contains(name, StringComparer.OrdinalIgnoreCase);
}
