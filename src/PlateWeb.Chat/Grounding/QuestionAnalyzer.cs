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
/// <param name="Country">Country code the question names ("German plates"), or null.</param>
/// <param name="UsesContext">True when the question is about the plate in the <see cref="GroundingContext"/>.</param>
/// <param name="UnresolvedReference">"this plate" without a plate in context and without a plate written.</param>
internal sealed record QuestionAnalysis(
    string Language,
    string Intent,
    DateRange? Period,
    IReadOnlyList<PlateMention> Plates,
    string? Prefix,
    string? Country,
    bool UsesContext,
    bool UnresolvedReference);

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
        (Intents.Corrections, Rx(@"corrected|correction|corrections|fixed|edited|modified|corrig\w*|modifi\w*|rectifi\w*")),
        (Intents.Country, Rx(@"country|countries|nationality|where (is|was|are|were|does|do) .*from|where from|pays|nationalite|d'ou|provenance|origine")),
        (Intents.Count, Rx(@"how many|how often|number of|count|total|combien|nombre")),
        (Intents.FirstSeen, Rx(@"first|earliest|oldest|premier|premiere|premiers|premieres|plus ancien\w*")),
        (Intents.LastSeen, Rx(@"last|latest|most recent|recently|lately|dernier|derniere|derniers|dernieres|plus recent\w*|when|quand")),
        (Intents.List, Rx(@"list|liste|lister|listez|which plates|what plates|which reads|what reads|show|display|give me|all (the )?plates|what did (we|you) see|what (was|has been) seen|what have (we|you) seen|quelles plaques|quelles sont|lesquelles|montre\w*|affiche\w*|donne\w*|toutes les plaques|qu'a-t-on vu|qu'a t on vu|qu'avons-nous vu|qu'as-tu vu|qu'avez-vous vu")),
    ];

    // What the history never holds, even about a plate it knows: people, places, the weather.
    private static readonly Regex Outside = Rx(@"owner|owns|owned|driver|drives|driving|driven|who is|whose|address|phone|weather|forecast|proprietaire|appartient|conducteur|conductrice|conduit|qui est|adresse|telephone|meteo|quel temps");
    private static readonly Regex Help = Rx(@"help|aide|aidez|aider|what can you do|what do you do|how does (it|this|plateweb) work|how do i|how to|what is plateweb|who are you|what are you|que (peux|sais)-tu faire|que pouvez-vous faire|comment (ca|cela) (marche|fonctionne)|comment fonctionne|comment (faire|utiliser|on fait|ajouter|importer|envoyer)|qui es-tu|a quoi (sers|sert)|c'est quoi plateweb|mode d'emploi");
    private static readonly Regex Greeting = Rx(@"hello|hi|hey|good (morning|afternoon|evening)|thanks|thank you|bonjour|salut|bonsoir|coucou|merci");
    private static readonly Regex ThisPlate = Rx(@"(this|that) (plate|read|reading|car|vehicle|one)|(cette|cet) (plaque|immatriculation|lecture|voiture)|ce vehicule|celle-ci|celle-la");
    private static readonly Regex Pronoun = Rx(@"it|elle|l'(a|ai|as|avons|avez|ont)");
    private static readonly Regex Prefix = Rx(@"(?:starting|beginning|that starts?|which starts?|that begins?|which begins?|starts?|begins?) with ([a-z0-9-]{1,9})|(?:commencant|qui commencen?t|qui debutent?|debutant|commence|commencent) (?:par|avec) ([a-z0-9-]{1,9})");
    private static readonly Regex LanguageRequest = Rx(@"in (english|french)|en (anglais|francais)");

    // Words that only one of the two languages uses, on folded text split at spaces, hyphens and apostrophes.
    private static readonly HashSet<string> FrenchWords =
    [
        "combien", "quand", "quel", "quelle", "quels", "quelles", "plaque", "plaques", "vu", "vue", "vus", "vues", "fois", "depuis",
        "hier", "aujourd", "hui", "semaine", "mois", "dernier", "derniere", "derniers", "dernieres", "premier", "premiere", "est",
        "ce", "cette", "ces", "le", "la", "les", "des", "du", "de", "un", "une", "et", "ou", "qui", "que", "quoi", "pays", "bonjour",
        "salut", "bonsoir", "coucou", "merci", "aide", "explique", "expliquer", "avons", "avez", "ont", "nous", "vous", "je", "tu",
        "il", "elle", "pourquoi", "comment", "lu", "lue", "lues", "lecture", "lectures", "corrige", "corrigee", "corrigees", "corriges",
        "liste", "montre", "affiche", "donne", "entre", "avec", "sans", "pour", "par", "sur", "dans", "en", "au", "aux", "qu", "l",
        "d", "c", "j", "n", "moi", "toutes", "tous", "commencant", "commence", "sont", "etait", "ete", "fiable", "confiance", "jamais",
        "ai", "as", "peux", "sais", "faire", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "janvier",
        "fevrier", "avril", "juin", "juillet", "aout", "septembre", "octobre", "novembre", "decembre", "derniers", "jours", "nombre",
        "voiture", "vehicule", "immatriculation", "signifie", "ca", "cela", "y",
    ];

    private static readonly HashSet<string> EnglishWords =
    [
        "how", "many", "much", "when", "what", "which", "where", "who", "why", "is", "was", "were", "are", "the", "of", "did", "do",
        "does", "we", "you", "i", "see", "seen", "saw", "plate", "plates", "times", "time", "since", "yesterday", "today", "last",
        "week", "month", "first", "country", "countries", "explain", "hello", "hi", "hey", "thanks", "thank", "help", "list", "show",
        "confidence", "confident", "read", "reads", "this", "that", "from", "with", "starting", "and", "or", "in", "at", "it", "have",
        "has", "been", "any", "all", "there", "can", "me", "my", "our", "your", "please", "tell", "about", "give", "get", "number",
        "often", "ever", "between", "corrected", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
        "sunday", "january", "february", "april", "june", "july", "august", "september", "october", "november", "december", "days",
        "sure", "start", "starts", "begin", "beginning", "car", "vehicle", "kind", "type", "mean", "did", "latest", "earliest", "to",
        "they", "these", "those", "would", "could", "should", "will",
    ];

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

        var country = Countries.Find(rest);
        if (country is not null) rest = rest.Remove(country.Value.Index, country.Value.Length).Insert(country.Value.Index, Placeholder);

        var mentionsThis = ThisPlate.IsMatch(rest);
        var explicitThis = hasContext && mentionsThis;
        var hasSubject = plates.Count > 0 || prefix is not null || country is not null || period is not null || explicitThis;

        var intent = Classify(rest, plates.Count, hasSubject, explicitThis);
        var usesContext = hasContext && !Outside.IsMatch(rest)
            && (explicitThis || (plates.Count == 0 && prefix is null && country is null && WantsContext(intent, rest)));
        if (usesContext && intent == Intents.Unknown) intent = Intents.LastSeen;
        // "this plate" asked without a plate in context: nothing in the history can be said about it.
        var unresolved = mentionsThis && !hasContext && plates.Count == 0;
        return new QuestionAnalysis(language, intent, period, plates, prefix, country?.Code, usesContext, unresolved);
    }

    private static string Classify(string rest, int plateCount, bool hasSubject, bool aboutThisPlate)
    {
        if (Outside.IsMatch(rest)) return Intents.Unknown;
        if (!hasSubject && Help.IsMatch(rest)) return Intents.Help;
        foreach (var (intent, pattern) in Rules)
        {
            if (pattern.IsMatch(rest)) return intent;
        }
        if (plateCount >= 2) return Intents.Compare;
        if (plateCount == 1 || aboutThisPlate) return Intents.LastSeen;
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
            if (FrenchWords.Contains(word)) fr++;
            if (EnglishWords.Contains(word)) en++;
        }
        if (question.Any(c => "àâäéèêëîïôöùûüçœÀÂÉÈÊËÎÏÔÙÛÇ".Contains(c, StringComparison.Ordinal))) fr += 2;
        if (FrenchSpacing().IsMatch(question)) fr++;
        return fr > en ? "fr" : "en";
    }

    [GeneratedRegex(@"\S\s+[?!]")]
    private static partial Regex FrenchSpacing();

    private static Regex Rx(string alternatives) =>
        new($@"(?<![\p{{L}}\p{{N}}-])(?:{alternatives})(?![\p{{L}}\p{{N}}])", RegexOptions.CultureInvariant | RegexOptions.Compiled);
}
