using PlateWeb.Chat.Grounding;

namespace PlateWeb.Chat.Checking;

/// <summary>How French says "in" a country: "en Espagne", "au Portugal", "aux Pays-Bas" (tools/plateweb_tools/chat/corpus.py, COUNTRIES).</summary>
public static class CountryPhrases
{
    // Masculine names take "au"; plural ones "aux"; the others (feminine, or starting with a vowel) "en".
    private static readonly HashSet<string> Masculine = ["PT", "GB", "BR", "LU", "DK"];
    private static readonly HashSet<string> Plural = ["NL", "US"];

    /// <summary>"en", "au" or "aux" before the country's French name.</summary>
    public static string FrenchPreposition(string code) =>
        Plural.Contains(code) ? "aux" : Masculine.Contains(code) ? "au" : "en";

    /// <summary>"en Espagne (ES)", "au Portugal (PT)".</summary>
    public static string FrenchIn(string code) => $"{FrenchPreposition(code)} {Countries.Name(code, "fr")} ({code})";
}
