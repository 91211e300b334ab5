using PlateWeb.Chat.Grounding;
using PlateWeb.Recognition.Grammar;

namespace PlateWeb.Chat.Checking.Rules;

/// <summary>
/// The answer holds the key values of its primary fact (the first one that is not "not found"): the plate,
/// and what the question asks of it (the count, the first or last day, the country, the percentage); an
/// answer with no fact, or about a plate never read, says that it is not in the data. Judged on the whole answer only.
/// </summary>
public sealed class KeyValueRule : IAnswerRule
{
    private static readonly HashSet<string> Zero = ["0", "no", "none", "not", "never", "zero", "aucun", "aucune", "pas", "jamais"];
    private static readonly HashSet<string> One = ["1", "one", "once", "single", "un", "une", "seule", "seul"];

    public void Check(CheckInput input, string answer, bool final, ICollection<AnswerProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(problems);
        if (!final) return;
        var found = new Found(input.Reader.Read(answer), answer);
        var nothing = input.Facts.Count == 0 ? !input.IsSmallTalk : input.Facts.Any(f => f.Kind == FactKind.NotFound);
        if (nothing && !found.Folded.Contains("not in the data", StringComparison.Ordinal) && !found.Folded.Contains("pas dans les donnees", StringComparison.Ordinal))
        {
            problems.Add(new AnswerProblem(AnswerProblemKind.MissingKeyValue, "does not say that it is not in the data"));
        }

        var facts = input.Facts.Where(f => f.Kind != FactKind.NotFound).ToList();
        if (facts.Count == 0) return;
        // Comparing: every compared plate or country; otherwise the primary fact.
        // Corrections: also every corrected read, wherever it stands among the facts.
        // A plate's confidence given as its reads (two or three of them): each read's percentage, not only the
        // newest ("57 %" alone, when the other read was at 74 %, answers "how sure were the reads" wrongly).
        var checkedFacts = input.Intent == Intents.Compare ? facts
            : input.Intent == Intents.Corrections ? facts.Where((f, i) => i == 0 || (f.Kind == FactKind.SingleRead && f.Detail is not null))
            : input.Intent == Intents.Confidence && facts.Count > 1 && facts.All(f => f.Kind == FactKind.SingleRead) ? facts
            : facts.Take(1);
        foreach (var fact in checkedFacts)
        {
            foreach (var missing in Missing(fact, input.Intent, found)) problems.Add(new AnswerProblem(AnswerProblemKind.MissingKeyValue, $"{missing} of fact [{fact.Number}]"));
        }
    }

    private static IEnumerable<string> Missing(CheckedFact fact, string intent, Found found)
    {
        if (fact.Plate is { } plate && fact.Kind != FactKind.NotFound && !found.HasPlate(plate)) yield return "plate";
        switch (fact.Kind)
        {
            case FactKind.Count:
                if (!found.HasCount(fact.Count!.Value)) yield return "count";
                if (fact.Country is { } cc && !found.HasCountry(cc, fact.CountryName)) yield return "country";
                if (fact.Detail is { } prefix && !found.Compact.Contains(PlateGrammar.Normalize(prefix), StringComparison.Ordinal)) yield return "prefix";
                break;
            case FactKind.PlateSummary:
                if (intent == Intents.FirstSeen && !found.HasDate(fact.First!.Value)) yield return "first day";
                if (intent == Intents.LastSeen && !found.HasDate(fact.Last!.Value)) yield return "last day";
                if (intent == Intents.Country && !found.HasCountry(fact.Country!, fact.CountryName)) yield return "country";
                if (intent == Intents.Confidence && !found.Values.Numbers.Contains(fact.Percent!.Value)) yield return "percentage";
                if (intent == Intents.Count && !found.HasCount(fact.Count!.Value)) yield return "count";
                break;
            case FactKind.SingleRead:
                if (intent == Intents.Confidence && !found.Values.Numbers.Contains(fact.Percent!.Value)) yield return "percentage";
                if (intent is Intents.FirstSeen or Intents.LastSeen && !found.HasDate(fact.First!.Value)) yield return "day";
                // "Which car came first on Tuesday?" names the day already: the read's time is the answer.
                if (intent is Intents.FirstSeen or Intents.LastSeen && !found.HasTime(fact.First!.Value)) yield return "time";
                if (intent == Intents.Country && !found.HasCountry(fact.Country!, fact.CountryName)) yield return "country";
                // A correction is told by what the read was before ("corrigée par formaton" says nothing).
                if (intent == Intents.Corrections && fact.Detail is { } before
                    && !found.Compact.Contains(PlateGrammar.Normalize(before), StringComparison.Ordinal))
                {
                    yield return "text before the correction";
                }

                break;
            case FactKind.CountryTally:
                if (!found.HasCountry(fact.Country!, fact.CountryName)) yield return "country";
                if (!found.HasCount(fact.Count!.Value)) yield return "count";
                break;
            default:
                break;
        }
    }

    /// <summary>The answer's values and words.</summary>
    private sealed class Found(TextValues values, string answer)
    {
        public TextValues Values { get; } = values;

        public string Folded { get; } = TextFolding.Fold(answer);

        /// <summary>Letters and digits only, upper case: "AB 123 CD" and "AB-123-CD" both hold AB123CD.</summary>
        public string Compact { get; } = PlateGrammar.Normalize(answer);

        private readonly HashSet<string> _words = TextFolding.Fold(answer).Split([' ', '\'', '-'], StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);

        public bool HasPlate(string plate)
        {
            var normalized = PlateGrammar.Normalize(plate);
            return Values.Plates.Contains(normalized) || Compact.Contains(normalized, StringComparison.Ordinal);
        }

        public bool HasCount(int count) =>
            Values.Numbers.Contains(count) || (count == 0 && _words.Overlaps(Zero)) || (count == 1 && _words.Overlaps(One));

        public bool HasDate(DateTime when) => Values.HoldsDate(DateOnly.FromDateTime(when));

        public bool HasTime(DateTime when) => Values.Times.Contains(when.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture));

        public bool HasCountry(string code, string? name) =>
            Values.CountryCodes.Contains(code) || (name is { Length: > 0 } && TextFolding.ContainsWord(Folded, TextFolding.Fold(name).Trim()));
    }
}
