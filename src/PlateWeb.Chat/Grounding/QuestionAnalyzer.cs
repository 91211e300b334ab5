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
/// <param name="Filters">Conditions on reads found by the registered <see cref="IFilterParser"/>s ("confidence below 60 %").</param>
/// <param name="ReadIds">Reads named by number ("read #375").</param>
/// <param name="UsesContext">True when the question is about the plate in the <see cref="GroundingContext"/>.</param>
/// <param name="UnresolvedReference">"this plate" without a plate in context and without a plate written.</param>
/// <param name="Shape">What the aggregates were matched on; they read their own values from it ("seen at least 3 times").</param>
/// <param name="OutsideData">About what the history never holds (owners, colours, vehicle types, the weather): no facts.</param>
internal sealed record QuestionAnalysis(
    string Language,
    IAggregate Aggregate,
    DateRange? Period,
    IReadOnlyList<PlateMention> Plates,
    string? Prefix,
    IReadOnlyList<string> Countries,
    IReadOnlyList<ReadFilter> Filters,
    IReadOnlyList<long> ReadIds,
    bool UsesContext,
    bool UnresolvedReference,
    bool OutsideData,
    QuestionShape Shape)
{
    /// <summary>True when words chose the aggregate ("how many"), false when only what the question names did.</summary>
    public bool AskedByWords { get; init; }

    /// <summary>
    /// The query as text the analyzer reads back: the question itself, or for a follow-up the previous query with
    /// the follow-up's changes. The conversation keeps it and passes it back as <see cref="GroundingContext.LastQuery"/>.
    /// </summary>
    public string Query { get; init; } = "";

    public QuestionParts Parts { get; init; } = QuestionParts.Empty;

    public string? Country => Countries.Count > 0 ? Countries[0] : null;

    /// <summary>The prompt's <c>Asked:</c> value.</summary>
    public string Intent => Aggregate.Asked;
}

/// <summary>
/// Reads a question with rules, not with the model: plates, prefix, period, country, language, intent.
/// Everything but the plates is matched on folded text (<see cref="TextFolding"/>), after the plates,
/// the period and the prefix have been blanked out, so "AB-123-CD" or "la semaine dernière" cannot
/// count as words ("dernière" would otherwise mean last_seen).
/// </summary>
internal sealed partial class QuestionAnalyzer(PlateGrammar grammar, QueryRegistry registry)
{
    // Stands in for what was blanked out: not a letter or digit, so no rule can match inside it.
    private const string Placeholder = " \u00A4 ";

    private readonly PlateMentions _mentions = new(grammar);

    // What the history never holds, even about a plate it knows: people, places, the weather.
    private static readonly Regex Outside = Rx(
        @"owners?|owns|owned|drivers?|drives|driving|driven|who is|whose|address|phone|weather|forecast|colou?rs?|brand|make of|model|speed|how fast|insured|insurance|garage|repaired|joke|poem|capital|president|sunset|sunrise|book me|restaurant|"
        + @"red|blue|white|black|green|yellow|grey|gray|silver|trucks?|lorry|lorries|vans?|bus|buses|motorbikes?|motorcycles?|bikes?|bicycles?|scooters?|taxis?|"
        + @"proprietaires?|appartient|conducteurs?|conductrices?|conduit|conduisait|qui est|adresse|telephone|meteo|quel temps|couleurs?|marque|modele|vitesse|roulait|assuree?s?|assurance|repare\w*|blague|poeme|capitale|president|soleil|reserver|restaurant|limitation|"
        + @"rouges?|bleue?s?|blanc|blanche|blancs|blanches|noire?s?|verte?s?|jaunes?|grise?s?|camion\w*|motos?|velos?|autocar\w*");
    private static readonly Regex ThisPlate = Rx(@"(this|that) (plate|read|reading|car|vehicle|one)|(cette|cet) (plaque|immatriculation|lecture|voiture)|ce vehicule|celle-ci|celle-la");
    private static readonly Regex Pronoun = Rx(@"it|elle|l'(a|ai|as|avons|avez|ont)");
    private static readonly Regex Prefix = Rx(@"(?:starting|beginning|that starts?|which starts?|that begins?|which begins?|starts?|begins?) with ([a-z0-9-]{1,9})|(?:commencant|qui commencen?t|qui debutent?|debutant|commence|commencent) (?:par|avec) ([a-z0-9-]{1,9})");
    private static readonly Regex FollowUpOpener = Rx(@"^ ?(?:and|what about|how about|same (?:for|with)|et|et pour|et pour les|pareil pour|meme chose pour|idem pour)");
    private static readonly Regex LanguageRequest = Rx(@"in (english|french)|en (anglais|francais)");

    /// <summary>
    /// The question's query. With <paramref name="lastQuery"/> (the <see cref="QuestionAnalysis.Query"/> of the
    /// conversation's previous question), a follow-up ("and yesterday?", "et la semaine dernière ?", "what about its
    /// country?") is the previous query with what the follow-up changes (<see cref="QuestionParts.FollowUp"/>).
    /// </summary>
    /// <param name="known">Lower-case word-like plates the history holds (<see cref="WordLikePlates"/>), taken for plates.</param>
    /// <param name="cameras">The history's cameras, which a question may name ("at camera Gate").</param>
    public QuestionAnalysis Analyze(
        string question, DateOnly today, bool hasContext, TimeZoneInfo? zone = null, string? lastQuery = null, IReadOnlySet<string>? known = null,
        IReadOnlyList<KnownCamera>? cameras = null)
    {
        cameras ??= [];
        var own = AnalyzeOne(question, today, hasContext, zone, known, cameras);
        if (lastQuery is null || own.OutsideData || own.ReadIds.Count > 0 || !IsFollowUp(own)) return own;
        var previous = AnalyzeOne(lastQuery, today, hasContext, zone, known, cameras);
        var merged = own.Parts.FollowUp(previous.Parts, own.AskedByWords);
        var result = AnalyzeOne(merged, today, hasContext, zone, known, cameras);
        return result with { Language = own.Parts.LanguageDecided ? own.Language : previous.Language, Query = merged };
    }

    /// <summary>"And ...", "what about ...", "et ...", or nothing but a period, plate, country or filter ("Hier ?").</summary>
    private static bool IsFollowUp(QuestionAnalysis own) =>
        FollowUpOpener.IsMatch(TextFolding.Fold(own.Query)) || (!own.AskedByWords && own.Parts.Core.Length == 0 && own.Shape.HasSubject);

    /// <summary>
    /// Lower-case runs of the question (and of the previous one) that are plates only if the history holds them
    /// ("ai 6875": "ai" is a French word): the grounding looks them up before <see cref="Analyze"/>.
    /// </summary>
    public IReadOnlyList<string> WordLikePlates(string question, string? lastQuery) =>
        _mentions.FindWordLike(question).Concat(lastQuery is null ? [] : _mentions.FindWordLike(lastQuery)).Distinct().ToList();

    private QuestionAnalysis AnalyzeOne(
        string question, DateOnly today, bool hasContext, TimeZoneInfo? zone, IReadOnlySet<string>? known, IReadOnlyList<KnownCamera> cameras)
    {
        var folded = TextFolding.Fold(question);
        var rest = LanguageRequest.Replace(folded, " ");

        string? prefix = null;
        string? prefixWords = null;
        if (Prefix.Match(rest) is { Success: true } p)
        {
            prefixWords = p.Value;
            prefix = PlateGrammar.Normalize(p.Groups[1].Success ? p.Groups[1].Value : p.Groups[2].Value);
            rest = rest.Remove(p.Index, p.Length).Insert(p.Index, " ");
            if (prefix.Length == 0) prefix = null;
        }

        var filters = new List<ReadFilter>();
        var filterWords = new List<string>();
        var plateTextClock = new FilterClock(zone ?? TimeZoneInfo.Local, today, null) { Cameras = cameras };
        foreach (var parser in registry.Filters.Where(f => f.ReadsPlateText)) rest = Apply(parser, rest, plateTextClock, filters, filterWords);

        // "7h50", "7 h 50" are times of day ("avant 7h50"), "Nov 16" a date, not plates; "AB12" in "containing AB12" or "AB12*" is part of a pattern.
        var plates = _mentions.Find(question, known)
            .Where(m => m.Normalized != prefix && !ClockTime().IsMatch(m.Written) && !TimeExpressions.IsDate(m.Written))
            .Where(m => !filterWords.Any(w => TextFolding.ContainsWord(w, TextFolding.Fold(m.Written).Trim())))
            .Take(GroundingLimits.MaxPlates).ToList();
        var withoutPlates = folded;
        foreach (var plate in plates)
        {
            var written = TextFolding.Fold(plate.Written).Trim();
            rest = rest.Replace(written, Placeholder, StringComparison.Ordinal);
            withoutPlates = withoutPlates.Replace(written, Placeholder, StringComparison.Ordinal);
        }
        // A camera's name is no sign of the language: "How many reads at camera Entrée?" is English.
        var (language, languageDecided) = Language(WithoutCameraNames(question, cameras), withoutPlates);

        var (period, withoutPeriod, periodWords) = TimeExpressions.Find(rest, today);
        rest = withoutPeriod;

        var clock = new FilterClock(zone ?? TimeZoneInfo.Local, today, period) { Cameras = cameras };
        foreach (var parser in registry.Filters.Where(f => !f.ReadsPlateText)) rest = Apply(parser, rest, clock, filters, filterWords);

        var countries = Countries.FindAll(rest);
        var countryWords = countries.Select(c => rest.Substring(c.Index, c.Length)).ToList();
        foreach (var c in countries.OrderByDescending(c => c.Index))
        {
            rest = rest.Remove(c.Index, c.Length).Insert(c.Index, Placeholder);
        }

        var readIds = ReadNumber().Matches(question).Select(m => long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).Distinct().ToList();
        var outside = Outside.IsMatch(rest);
        var mentionsThis = ThisPlate.IsMatch(rest);
        var explicitThis = hasContext && mentionsThis;
        var hasSubject = plates.Count > 0 || prefix is not null || countries.Count > 0 || period is not null || filters.Count > 0 || explicitThis || readIds.Count > 0;

        var shape = new QuestionShape(rest, plates.Count, countries.Count, period, hasSubject, explicitThis || readIds.Count > 0, outside);
        var (aggregate, byWords) = Classify(shape);
        var usesContext = hasContext && !outside && readIds.Count == 0
            && (explicitThis || (plates.Count == 0 && prefix is null && countries.Count == 0 && WantsContext(aggregate, rest)));
        if (usesContext && aggregate.Asked == Intents.Unknown) aggregate = registry.Get(Intents.LastSeen);
        // "this plate" asked without a plate in context: nothing in the history can be said about it.
        var unresolved = mentionsThis && !hasContext && plates.Count == 0 && readIds.Count == 0;
        return new QuestionAnalysis(language, aggregate, period, plates, prefix, countries.Select(c => c.Code).ToList(), filters, readIds, usesContext, unresolved, outside, shape)
        {
            AskedByWords = byWords,
            Query = question,
            Parts = new QuestionParts(Core(rest), plates.Select(m => m.Written).ToList(), prefixWords, countryWords, periodWords, filterWords, languageDecided),
        };
    }

    /// <summary>
    /// The first aggregate whose words the question uses (<see cref="IAggregate.WordOrder"/>); else the first
    /// whose shape it has (<see cref="IAggregate.ShapeOrder"/>: about what the history does not hold: unknown;
    /// two plates: compare; one plate: last_seen; a period, prefix or country: list); else unknown. A question
    /// about what the history does not hold keeps an aggregate its words name ("How many red cars?" is a count with no facts).
    /// </summary>
    private (IAggregate Aggregate, bool ByWords) Classify(QuestionShape shape) =>
        registry.ByWords.FirstOrDefault(a => a.MatchesWords(shape)) is { } asked
            ? (asked, true)
            : (registry.ByShape.FirstOrDefault(a => a.MatchesShape(shape)) ?? registry.Get(Intents.Unknown), false);

    /// <summary>Runs one filter parser on <paramref name="rest"/>; returns the text with its words blanked out.</summary>
    private static string Apply(IFilterParser parser, string rest, FilterClock clock, List<ReadFilter> filters, List<string> filterWords)
    {
        var (filter, remaining) = parser.Find(rest, clock);
        if (filter is null) return rest;
        filters.Add(filter);
        filterWords.Add(Blanked(rest, remaining));
        return remaining;
    }

    /// <summary>The words a filter blanked out of <paramref name="before"/> (filters blank with spaces of the same length).</summary>
    private static string Blanked(string before, string after)
    {
        if (before.Length != after.Length) return "";
        var words = new char[before.Length];
        for (var i = 0; i < before.Length; i++) words[i] = after[i] == before[i] ? ' ' : before[i];
        return string.Join(' ', new string(words).Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>What is left once plates, period, countries and filters are out, placeholders removed: the words that ask.</summary>
    private static string Core(string rest) =>
        string.Join(' ', rest.Replace(Placeholder.Trim(), " ", StringComparison.Ordinal).Split(' ', StringSplitOptions.RemoveEmptyEntries));

    /// <summary>
    /// Without "this plate", a question asked from a read still means that read when the aggregate is
    /// about one plate ("When was it first seen?"), or when a pronoun points at it ("How many times was
    /// it seen?"); "How many plates today?" stays about the whole history.
    /// </summary>
    private static bool WantsContext(IAggregate aggregate, string rest) =>
        aggregate.AboutThePlateInContext
        || (aggregate.Asked is not (Intents.Help or Intents.Greeting) && Pronoun.IsMatch(rest));

    private static string WithoutCameraNames(string question, IReadOnlyList<KnownCamera> cameras)
    {
        foreach (var camera in cameras.Where(c => c.Name.Length > 0)) question = question.Replace(camera.Name, " ", StringComparison.OrdinalIgnoreCase);
        return question;
    }

    /// <summary>"fr" when French words (and accents, elisions, the French " ?") outweigh English ones, else "en"; decided: some sign was seen.</summary>
    private static (string Language, bool Decided) Language(string question, string rest)
    {
        int fr = 0, en = 0;
        foreach (var word in rest.Split([' ', '-', '\''], StringSplitOptions.RemoveEmptyEntries))
        {
            if (QuestionWords.French.Contains(word)) fr++;
            if (QuestionWords.English.Contains(word)) en++;
        }
        if (question.Any(c => "àâäéèêëîïôöùûüçœÀÂÉÈÊËÎÏÔÙÛÇ".Contains(c, StringComparison.Ordinal))) fr += 2;
        if (FrenchSpacing().IsMatch(question)) fr++;
        return (fr > en ? "fr" : "en", fr + en > 0);
    }

    [GeneratedRegex(@"#\s?(\d{1,12})\b")]
    private static partial Regex ReadNumber();

    [GeneratedRegex(@"^\d{1,2} ?[hH] ?\d{2}$")]
    private static partial Regex ClockTime();

    [GeneratedRegex(@"\S\s+[?!]")]
    private static partial Regex FrenchSpacing();

    private static Regex Rx(string alternatives) =>
        new($@"(?<![\p{{L}}\p{{N}}-])(?:{alternatives})(?![\p{{L}}\p{{N}}])", RegexOptions.CultureInvariant | RegexOptions.Compiled);
}
