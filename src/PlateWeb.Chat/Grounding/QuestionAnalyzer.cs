using System.Text.RegularExpressions;
using PlateWeb.Recognition.Grammar;

namespace PlateWeb.Chat.Grounding;

/// <summary>The <c>Asked:</c> values of docs/CHAT-PROMPT.md.</summary>
public static class Intents
{
    public const string Count = "count";
    public const string FirstSeen = "first_seen";
    public const string LastSeen = "last_seen";
    public const string List = "list";
    public const string Country = "country";
    public const string ExplainFormat = "explain_format";
    public const string Confidence = "confidence";
    public const string Compare = "compare";
    public const string Corrections = "corrections";
    public const string Help = "help";
    public const string Greeting = "greeting";
    public const string Unknown = "unknown";

    public static IReadOnlyList<string> All { get; } =
        [Count, FirstSeen, LastSeen, List, Country, ExplainFormat, Confidence, Compare, Corrections, Help, Greeting, Unknown];
}

/// <summary>What a question is about, before any query.</summary>
/// <param name="Language">"en" or "fr".</param>
/// <param name="Period">Null when the question names no time ("all").</param>
/// <param name="Prefix">Normalised prefix of "starting with AB" / "commençant par AB".</param>
/// <param name="Countries">Country codes the question names ("German plates"), in order; the first narrows the scope, two are compared.</param>
/// <param name="ReadIds">Reads named by number ("read #375").</param>
/// <param name="UsesContext">True when the question is about the plate in the <see cref="GroundingContext"/>.</param>
/// <param name="UnresolvedReference">"this plate" without a plate in context and without a plate written.</param>
/// <param name="OutsideData">About what the history never holds (owners, colours, vehicle types, the weather): no facts.</param>
internal sealed record QuestionAnalysis(
    string Language,
    string Intent,
    DateRange? Period,
    IReadOnlyList<PlateMention> Plates,
    string? Prefix,
    IReadOnlyList<string> Countries,
    IReadOnlyList<long> ReadIds,
    bool UsesContext,
    bool UnresolvedReference,
    bool OutsideData)
{
    public string? Country => Countries.Count > 0 ? Countries[0] : null;
}

/// <summary>
/// Reads a question with rules, not with the model: plates, prefix, period, country, language, intent.
/// Everything but the plates is matched on folded text (<see cref="TextFolding"/>), after the plates,
/// the period and the prefix have been blanked out, so "AB-123-CD" or "la semaine dernière" cannot
/// count as words ("dernière" would otherwise mean last_seen).
/// </summary>
internal sealed partial class QuestionAnalyzer(PlateGrammar grammar)
{
    // Stands in for what was blanked out: not a letter or digit, so no rule can match inside it.
    private const string Placeholder = " \u00A4 ";

    private readonly PlateMentions _mentions = new(grammar);

    // Checked in this order; the first that matches is the intent (see Analyze for the fall-backs).
    private static readonly (string Intent, Regex Pattern)[] Rules =
    [
        (Intents.Compare, Rx(@"compare|comparing|comparison|versus|vs|difference between|differences between|compar\w*|difference entre|differences entre")),
        (Intents.ExplainFormat, Rx(@"formats?|explain\w*|expliqu\w*|layout|what (kind|type|sort) of plate|which (kind|type) of plate|what does \S+( \S+)? mean|quel (type|genre) de plaque|que signifie|que veut dire|signification")),
        (Intents.Confidence, Rx(@"confidence|confident|sure|certain|reliable|reliability|accurate|accuracy|confiance|fiable|fiabilite|certitude|precision|sur de|certaine?")),
        (Intents.Corrections, Rx(@"correct|corrected|correction|corrections|fixed|edited|modified|corrig\w*|modifi\w*|rectifi\w*")),
        (Intents.Country, Rx(@"country|countries|nationality|where (is|was|are|were|does|do) .*from|where from|pays|nationalite|d'ou|provenance|origine")),
        (Intents.Count, Rx(@"how many|how often|number of|count|total|combien|nombre")),
        (Intents.FirstSeen, Rx(@"first|earliest|oldest|premier|premiere|premiers|premieres|plus ancien\w*")),
        (Intents.LastSeen, Rx(@"last|latest|most recent|recently|lately|dernier|derniere|derniers|dernieres|plus recent\w*|when|quand")),
        (Intents.List, Rx(@"list|liste|lister|listez|which plates|what plates|which reads|what reads|show|display|give me|all (the )?plates|what did (we|you) see|what (was|has been) seen|what have (we|you) seen|quelles plaques|quelles sont|lesquelles|montre\w*|affiche\w*|donne\w*|toutes les plaques|qu'a-t-on vu|qu'a t on vu|qu'avons-nous vu|qu'as-tu vu|qu'avez-vous vu")),
    ];

    // What the history never holds, even about a plate it knows: people, places, the weather.
    private static readonly Regex Outside = Rx(
        @"owners?|owns|owned|drivers?|drives|driving|driven|who is|whose|address|phone|weather|forecast|colou?rs?|brand|make of|model|speed|how fast|insured|insurance|garage|repaired|joke|poem|capital|president|sunset|sunrise|book me|restaurant|"
        + @"red|blue|white|black|green|yellow|grey|gray|silver|trucks?|lorry|lorries|vans?|bus|buses|motorbikes?|motorcycles?|bikes?|bicycles?|scooters?|taxis?|"
        + @"proprietaires?|appartient|conducteurs?|conductrices?|conduit|conduisait|qui est|adresse|telephone|meteo|quel temps|couleurs?|marque|modele|vitesse|roulait|assuree?s?|assurance|repare\w*|blague|poeme|capitale|president|soleil|reserver|restaurant|limitation|"
        + @"rouges?|bleue?s?|blanc|blanche|blancs|blanches|noire?s?|verte?s?|jaunes?|grise?s?|camion\w*|motos?|velos?|autocar\w*");
    private static readonly Regex Help = Rx(@"help|aide|aidez|aider|what can you do|what do you do|how does (it|this|plateweb) work|how do i|how to|what is plateweb|who are you|what are you|que (peux|sais)-tu faire|que pouvez-vous faire|comment (ca|cela) (marche|fonctionne)|comment fonctionne|comment (faire|utiliser|on fait|ajouter|importer|envoyer)|qui es-tu|a quoi (sers|sert)|c'est quoi plateweb|mode d'emploi");
    private static readonly Regex Greeting = Rx(@"hello|hi|hey|good (morning|afternoon|evening)|thanks|thank you|bonjour|salut|bonsoir|coucou|merci");
    private static readonly Regex ThisPlate = Rx(@"(this|that) (plate|read|reading|car|vehicle|one)|(cette|cet) (plaque|immatriculation|lecture|voiture)|ce vehicule|celle-ci|celle-la");
    private static readonly Regex Pronoun = Rx(@"it|elle|l'(a|ai|as|avons|avez|ont)");
    private static readonly Regex Prefix = Rx(@"(?:starting|beginning|that starts?|which starts?|that begins?|which begins?|starts?|begins?) with ([a-z0-9-]{1,9})|(?:commencant|qui commencen?t|qui debutent?|debutant|commence|commencent) (?:par|avec) ([a-z0-9-]{1,9})");
    private static readonly Regex LanguageRequest = Rx(@"in (english|french)|en (anglais|francais)");

    public QuestionAnalysis Analyze(string question, DateOnly today, bool hasContext)
    {
        var folded = TextFolding.Fold(question);
        var rest = LanguageRequest.Replace(folded, " ");

        string? prefix = null;
        if (Prefix.Match(rest) is { Success: true } p)
        {
            prefix = PlateGrammar.Normalize(p.Groups[1].Success ? p.Groups[1].Value : p.Groups[2].Value);
            rest = rest.Remove(p.Index, p.Length).Insert(p.Index, " ");
            if (prefix.Length == 0) prefix = null;
        }

        var plates = _mentions.Find(question).Where(m => m.Normalized != prefix).Take(GroundingLimits.MaxPlates).ToList();
        var withoutPlates = folded;
        foreach (var plate in plates)
        {
            var written = TextFolding.Fold(plate.Written).Trim();
            rest = rest.Replace(written, Placeholder, StringComparison.Ordinal);
            withoutPlates = withoutPlates.Replace(written, Placeholder, StringComparison.Ordinal);
        }
        var language = Language(question, withoutPlates);

        var (period, withoutPeriod) = TimeExpressions.Find(rest, today);
        rest = withoutPeriod;

        var countries = Countries.FindAll(rest);
        foreach (var c in countries.OrderByDescending(c => c.Index))
        {
            rest = rest.Remove(c.Index, c.Length).Insert(c.Index, Placeholder);
        }

        var readIds = ReadNumber().Matches(question).Select(m => long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).Distinct().ToList();
        var outside = Outside.IsMatch(rest);
        var mentionsThis = ThisPlate.IsMatch(rest);
        var explicitThis = hasContext && mentionsThis;
        var hasSubject = plates.Count > 0 || prefix is not null || countries.Count > 0 || period is not null || explicitThis || readIds.Count > 0;

        var intent = Classify(rest, plates.Count, countries.Count, hasSubject, explicitThis || readIds.Count > 0, outside);
        var usesContext = hasContext && !outside && readIds.Count == 0
            && (explicitThis || (plates.Count == 0 && prefix is null && countries.Count == 0 && WantsContext(intent, rest)));
        if (usesContext && intent == Intents.Unknown) intent = Intents.LastSeen;
        // "this plate" asked without a plate in context: nothing in the history can be said about it.
        var unresolved = mentionsThis && !hasContext && plates.Count == 0 && readIds.Count == 0;
        return new QuestionAnalysis(language, intent, period, plates, prefix, countries.Select(c => c.Code).ToList(), readIds, usesContext, unresolved, outside);
    }

    /// <summary>
    /// The first rule that matches; else what the question names decides (two plates: compare, one plate:
    /// last_seen, a period, prefix or country: list). A question about what the history does not hold
    /// keeps a rule's intent ("How many red cars?" is a count with no facts) and is otherwise unknown.
    /// </summary>
    private static string Classify(string rest, int plateCount, int countryCount, bool hasSubject, bool aboutOnePlate, bool outside)
    {
        if (!hasSubject && !outside && Help.IsMatch(rest)) return Intents.Help;
        foreach (var (intent, pattern) in Rules)
        {
            if (pattern.IsMatch(rest)) return intent;
        }
        if (outside) return Intents.Unknown;
        if (plateCount >= 2 || countryCount >= 2) return Intents.Compare;
        if (plateCount == 1 || aboutOnePlate) return Intents.LastSeen;
        if (hasSubject) return Intents.List;
        return Greeting.IsMatch(rest) ? Intents.Greeting : Intents.Unknown;
    }

    /// <summary>
    /// Without "this plate", a question asked from a read still means that read when the intent is
    /// about one plate ("When was it first seen?"), or when a pronoun points at it ("How many times was
    /// it seen?"); "How many plates today?" stays about the whole history.
    /// </summary>
    private static bool WantsContext(string intent, string rest) =>
        intent is Intents.FirstSeen or Intents.LastSeen or Intents.Confidence or Intents.ExplainFormat or Intents.Country or Intents.Corrections or Intents.Unknown
        || (intent is not (Intents.Help or Intents.Greeting) && Pronoun.IsMatch(rest));

    /// <summary>"fr" when French words (and accents, elisions, the French " ?") outweigh English ones, else "en".</summary>
    private static string Language(string question, string rest)
    {
        int fr = 0, en = 0;
        foreach (var word in rest.Split([' ', '-', '\''], StringSplitOptions.RemoveEmptyEntries))
        {
            if (QuestionWords.French.Contains(word)) fr++;
            if (QuestionWords.English.Contains(word)) en++;
        }
        if (question.Any(c => "àâäéèêëîïôöùûüçœÀÂÉÈÊËÎÏÔÙÛÇ".Contains(c, StringComparison.Ordinal))) fr += 2;
        if (FrenchSpacing().IsMatch(question)) fr++;
        return fr > en ? "fr" : "en";
    }

    [GeneratedRegex(@"#\s?(\d{1,12})\b")]
    private static partial Regex ReadNumber();

    [GeneratedRegex(@"\S\s+[?!]")]
    private static partial Regex FrenchSpacing();

    private static Regex Rx(string alternatives) =>
        new($@"(?<![\p{{L}}\p{{N}}-])(?:{alternatives})(?![\p{{L}}\p{{N}}])", RegexOptions.CultureInvariant | RegexOptions.Compiled);
}
