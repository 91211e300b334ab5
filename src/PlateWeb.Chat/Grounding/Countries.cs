namespace PlateWeb.Chat.Grounding;

/// <summary>
/// Country names in English and French for every code the grammar knows (its formats and its
/// country hints), and the words people use for them in questions ("German", "allemandes").
/// </summary>
public static class Countries
{
    private sealed record Country(string Code, string English, string French, string[] EnglishWords, string[] FrenchWords);

    // Words are matched on folded text (lower case, no accents) as whole words; plurals and
    // feminine forms are listed because questions are about "plaques allemandes".
    private static readonly Country[] All =
    [
        new("FR", "France", "France", ["france", "french"], ["france", "francais", "francaise", "francaises"]),
        new("DE", "Germany", "Allemagne", ["germany", "german"], ["allemagne", "allemand", "allemande", "allemands", "allemandes"]),
        new("IT", "Italy", "Italie", ["italy", "italian"], ["italie", "italien", "italienne", "italiens", "italiennes"]),
        new("ES", "Spain", "Espagne", ["spain", "spanish"], ["espagne", "espagnol", "espagnole", "espagnols", "espagnoles"]),
        new("NL", "Netherlands", "Pays-Bas", ["netherlands", "holland", "dutch"], ["pays-bas", "hollande", "neerlandais", "neerlandaise", "neerlandaises", "hollandais", "hollandaise", "hollandaises"]),
        new("BE", "Belgium", "Belgique", ["belgium", "belgian"], ["belgique", "belge", "belges"]),
        new("SK", "Slovakia", "Slovaquie", ["slovakia", "slovak", "slovakian"], ["slovaquie", "slovaque", "slovaques"]),
        new("CZ", "Czechia", "Tchéquie", ["czechia", "czech"], ["tchequie", "tcheque", "tcheques"]),
        new("PL", "Poland", "Pologne", ["poland", "polish"], ["pologne", "polonais", "polonaise", "polonaises"]),
        new("GB", "United Kingdom", "Royaume-Uni", ["united kingdom", "uk", "great britain", "britain", "british", "english", "england"], ["royaume-uni", "angleterre", "britannique", "britanniques", "anglais", "anglaise", "anglaises"]),
        new("PT", "Portugal", "Portugal", ["portugal", "portuguese"], ["portugal", "portugais", "portugaise", "portugaises"]),
        new("AT", "Austria", "Autriche", ["austria", "austrian"], ["autriche", "autrichien", "autrichienne", "autrichiens", "autrichiennes"]),
        new("CH", "Switzerland", "Suisse", ["switzerland", "swiss"], ["suisse", "suisses"]),
        new("LU", "Luxembourg", "Luxembourg", ["luxembourg", "luxembourgish"], ["luxembourg", "luxembourgeois", "luxembourgeoise", "luxembourgeoises"]),
        new("IE", "Ireland", "Irlande", ["ireland", "irish"], ["irlande", "irlandais", "irlandaise", "irlandaises"]),
        new("DK", "Denmark", "Danemark", ["denmark", "danish"], ["danemark", "danois", "danoise", "danoises"]),
        new("SE", "Sweden", "Suède", ["sweden", "swedish"], ["suede", "suedois", "suedoise", "suedoises"]),
        new("NO", "Norway", "Norvège", ["norway", "norwegian"], ["norvege", "norvegien", "norvegienne", "norvegiens", "norvegiennes"]),
        new("FI", "Finland", "Finlande", ["finland", "finnish"], ["finlande", "finlandais", "finlandaise", "finlandaises"]),
        new("HU", "Hungary", "Hongrie", ["hungary", "hungarian"], ["hongrie", "hongrois", "hongroise", "hongroises"]),
        new("RO", "Romania", "Roumanie", ["romania", "romanian"], ["roumanie", "roumain", "roumaine", "roumains", "roumaines"]),
        new("GR", "Greece", "Grèce", ["greece", "greek"], ["grece", "grec", "grecque", "grecs", "grecques"]),
        new("HR", "Croatia", "Croatie", ["croatia", "croatian"], ["croatie", "croate", "croates"]),
        new("RS", "Serbia", "Serbie", ["serbia", "serbian"], ["serbie", "serbe", "serbes"]),
        new("SI", "Slovenia", "Slovénie", ["slovenia", "slovenian"], ["slovenie", "slovene", "slovenes"]),
        new("EU", "Europe", "Europe", ["european"], ["europeen", "europeenne", "europeens", "europeennes"]),
        new("US", "United States", "États-Unis", ["usa", "america", "american", "united states"], ["etats-unis", "americain", "americaine", "americains", "americaines"]),
        new("BR", "Brazil", "Brésil", ["brazil", "brazilian"], ["bresil", "bresilien", "bresilienne", "bresiliens", "bresiliennes"]),
    ];

    private static readonly Dictionary<string, Country> ByCode = All.ToDictionary(c => c.Code, StringComparer.Ordinal);

    /// <summary>Every code with a name.</summary>
    public static IReadOnlyCollection<string> Codes => ByCode.Keys;

    /// <summary>"FR (France)" / "DE (Allemagne)"; "?? (unknown)" / "?? (inconnu)" without a country.</summary>
    public static string Label(string? code, string language) => $"{CodeOf(code)} ({Name(code, language)})";

    public static string CodeOf(string? code) => string.IsNullOrWhiteSpace(code) ? "??" : code;

    /// <summary>The country's name in "en" or "fr"; a code the grammar does not know is written as is.</summary>
    public static string Name(string? code, string language)
    {
        var french = language == "fr";
        if (string.IsNullOrWhiteSpace(code)) return french ? "inconnu" : "unknown";
        if (!ByCode.TryGetValue(code, out var country)) return code;
        return french ? country.French : country.English;
    }

    /// <summary>The countries a folded question names ("german plates", "plaques allemandes"), in the order written, and where.</summary>
    internal static IReadOnlyList<(string Code, int Index, int Length)> FindAll(string folded)
    {
        var found = new List<(string Code, int Index, int Length)>();
        foreach (var country in All)
        {
            // Longest words first, so "united kingdom" is taken before "kingdom" could be.
            foreach (var word in country.EnglishWords.Concat(country.FrenchWords).OrderByDescending(w => w.Length))
            {
                var i = TextFolding.IndexOfWord(folded, word);
                if (i < 0 || found.Any(f => i < f.Index + f.Length && f.Index < i + word.Length)) continue;
                found.Add((country.Code, i, word.Length));
                break;
            }
        }
        return found.OrderBy(f => f.Index).ToList();
    }
}
