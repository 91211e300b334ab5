// One file: one sentence per fact-line shape of docs/CHAT-PROMPT.md, in English and French (Words), so that a new
// line shape gets its sentence here and nowhere else, and both languages are checked against each other at a glance.

using System.Globalization;
using System.Text.RegularExpressions;
using PlateWeb.Chat.Grounding;

namespace PlateWeb.Chat.Checking;

/// <summary>
/// The facts written as a plain answer in the question's language, without the model: what is shown when the
/// model's answer fails the check, and for long lists. Sentences follow the shapes the default model is
/// trained on (tools/plateweb_tools/chat/corpus.py), each ending with its citation, so the rendering passes the check.
/// </summary>
public sealed partial class FactRenderer(AnswerChecker checker)
{
    public string Render(GroundedQuestion grounded) => Render(checker.Prepare(grounded));

    /// <summary>
    /// One fact line as a sentence in <paramref name="language"/> ("en", "fr"), without its citation: how
    /// the chat page shows an answer's sources (the fact lines themselves are the model's English).
    /// </summary>
    public string Source(string line, string language)
    {
        ArgumentNullException.ThrowIfNull(line);
        var grounded = new GroundedQuestion(string.Empty, language == "fr" ? "fr" : "en", Intents.Unknown, "all",
            DateOnly.FromDateTime(DateTime.UtcNow), [new GroundingFact(1, line, [], null)]);
        var text = Render(checker.Prepare(grounded));
        return CitationOne().Replace(text, string.Empty).Trim();
    }

    [GeneratedRegex(@" ?\[1\]")]
    private static partial Regex CitationOne();

    public static string Render(CheckInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var w = new Words(input.Language == "fr");
        var facts = input.Facts;
        if (facts.Count == 0) return input.IsSmallTalk ? w.Help : w.NotInData;

        var sentences = new List<string>();
        var found = facts.Where(f => f.Kind != FactKind.NotFound).ToList();
        var period = Phrase(input.Grounded.Period, w);
        var reads = found.Where(f => f.Kind == FactKind.SingleRead).ToList();
        var tallies = found.Where(f => f.Kind == FactKind.CountryTally).ToList();
        if (reads.Count > 1 && input.Intent is Intents.List or Intents.Corrections)
        {
            sentences.Add(ReadList(reads, found.Except(reads).ToList(), input.Intent, period, w));
        }
        else if (tallies.Count > 0)
        {
            sentences.Add(TallyList(tallies, period, w));
            sentences.AddRange(found.Except(tallies).Select(f => Sentence(f, input.Intent, period, w, afterCount: false)));
        }
        else
        {
            for (var i = 0; i < found.Count; i++)
            {
                var afterCount = i > 0 && found[i - 1].Kind == FactKind.Count && found[i - 1].Plate is not null;
                sentences.Add(Sentence(found[i], input.Intent, period, w, afterCount));
            }
        }

        var missing = facts.Where(f => f.Kind == FactKind.NotFound).ToList();
        if (missing.Count > 0)
        {
            var names = w.Join(missing.Select(f => f.Plate!).ToList());
            var cites = string.Concat(missing.Select(f => Cite(f)));
            sentences.Add(w.Fr
                ? $"{names} {(missing.Count == 1 ? "n'est" : "ne sont")} pas dans les données {cites}."
                : $"{names} {(missing.Count == 1 ? "is" : "are")} not in the data {cites}.");
        }
        return string.Join(' ', sentences);
    }

    private static string Sentence(CheckedFact f, string intent, string period, Words w, bool afterCount)
    {
        var cite = Cite(f);
        switch (f.Kind)
        {
            case FactKind.Count when f.Plate is { } plate:
                if (f.Count == 0) return w.Fr ? $"{plate} n'a pas été vue{period} {cite}." : $"{plate} was not seen{period} {cite}.";
                return w.Fr ? $"{plate} a été vue {f.Count} fois{period} {cite}." : $"{plate} was seen {w.Times(f.Count!.Value)}{period} {cite}.";
            case FactKind.Count:
                return CountSentence(f, period, w);
            case FactKind.PlateSummary when afterCount:
                return w.Fr
                    ? $"En tout, elle compte {w.Reads(f.Count!.Value)}, la dernière {w.When(f.Last!.Value)} {cite}."
                    : $"In all it has {w.Reads(f.Count!.Value)}, the last {w.When(f.Last!.Value)} {cite}.";
            case FactKind.PlateSummary:
                return Summary(f, intent, w);
            case FactKind.SingleRead:
                return Read(f, intent, w);
            case FactKind.CountryTally:
                return $"{w.Label(f.Country!, f.CountryName)}{w.Colon}{w.Reads(f.Count!.Value)}{period} {cite}.";
            case FactKind.Format:
                return $"{f.Plate}{w.Colon}{f.Detail} {cite}.";
            case FactKind.PlateCount:
                var plates = w.Fr ? (f.Count == 1 ? "1 plaque" : $"{f.Count} plaques") : (f.Count == 1 ? "1 plate" : $"{f.Count} plates");
                return $"{plates}{w.Tail(f.Detail!, f.Count == 1)} {cite}.";
            case FactKind.UsualArrival:
                var v = f.Detail!.Split('|');
                if (f.Count == 1)
                {
                    return w.Fr ? $"{f.Plate} n'a été vue qu'un jour, d'abord à {v[0]} {cite}." : $"{f.Plate} was seen on only 1 day, first at {v[0]} {cite}.";
                }
                return w.Fr
                    ? $"{f.Plate} arrive habituellement vers {v[0]}, heure médiane de sa première lecture sur {v[1]} jours, entre {v[2]} et {v[3]} {cite}."
                    : $"{f.Plate} usually arrives around {v[0]}, the median time of its first read on {v[1]} days, between {v[2]} and {v[3]} {cite}.";
            default:
                return AggregateLine(f.Fact.Line, w) is { } sentence ? $"{sentence} {cite}." : $"{f.Fact.Line} {cite}.";
        }
    }

    /// <summary>
    /// The lines of the aggregates that write a ready answer (busiest day and hour, per-day and per-hour tallies, plate
    /// tallies, presence), in words, for when those facts must be written plainly; null for a line of another form.
    /// </summary>
    private static string? AggregateLine(string line, Words w)
    {
        if (BusiestDayLine().Match(line) is { Success: true } bd)
        {
            var day = ReadyAnswer.Day(Day(bd.Groups["d"].Value), w.Fr);
            return w.Fr ? $"Le jour le plus chargé a été le {day}, avec {w.Reads(Int(bd))}" : $"The busiest day was {day}, with {w.Reads(Int(bd))}";
        }
        if (BusiestHourLine().Match(line) is { Success: true } bh)
        {
            return w.Fr ? $"L'heure la plus chargée a été {bh.Groups["h"].Value}, avec {w.Reads(Int(bh))}" : $"The busiest hour was {bh.Groups["h"].Value}, with {w.Reads(Int(bh))}";
        }
        if (DayTallyLine().Match(line) is { Success: true } dt) return $"{ReadyAnswer.Day(Day(dt.Groups["d"].Value), w.Fr)}{w.Colon}{w.Reads(Int(dt))}";
        if (HourTallyLine().Match(line) is { Success: true } ht) return $"{ht.Groups["h"].Value}{w.Colon}{w.Reads(Int(ht))}";
        if (PlateTallyLine().Match(line) is { Success: true } pt) return $"{pt.Groups["plate"].Value}{w.Colon}{w.Reads(Int(pt))}";
        if (PresenceLine().Match(line) is { Success: true } pr)
        {
            var plate = pr.Groups["plate"].Value;
            var when = pr.Groups["d"].Success
                ? ReadyAnswer.During(new DateRange(Day(pr.Groups["d"].Value), Day(pr.Groups["d"].Value)), w.Fr)
                : ReadyAnswer.During(new DateRange(Day(pr.Groups["a"].Value), Day(pr.Groups["b"].Value)), w.Fr);
            var tail = pr.Groups["tail"].Value is { Length: > 0 } t ? w.Tail(t) : "";
            if (!pr.Groups["n"].Success) return w.Fr ? $"Non, {plate} n'a pas été vue{tail}{when}" : $"No, {plate} was not seen{tail}{when}";
            var n = Int(pr);
            return w.Fr ? $"Oui, {plate} a été vue {ReadyAnswer.Times(n, true)}{tail}{when}" : $"Yes, {plate} was seen {ReadyAnswer.Times(n, false)}{tail}{when}";
        }
        return null;
    }

    private static int Int(Match m) => int.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture);

    private static DateOnly Day(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^busiest day: (?<d>\d{4}-\d{2}-\d{2}) \(\w+\), (?<n>\d+) reads?$")]
    private static partial Regex BusiestDayLine();

    [GeneratedRegex(@"^busiest hour: (?<h>\d{2}:\d{2}-\d{2}:\d{2}), (?<n>\d+) reads?$")]
    private static partial Regex BusiestHourLine();

    [GeneratedRegex(@"^day (?<d>\d{4}-\d{2}-\d{2}) \(\w+\): (?<n>\d+) reads?$")]
    private static partial Regex DayTallyLine();

    [GeneratedRegex(@"^hour (?<h>\d{2}:\d{2}-\d{2}:\d{2}): (?<n>\d+) reads?$")]
    private static partial Regex HourTallyLine();

    [GeneratedRegex(@"^plate (?<plate>[^:]+): (?<n>\d+) reads?$")]
    private static partial Regex PlateTallyLine();

    [GeneratedRegex(@"^(?<plate>.+?) seen (?:on (?<d>\d{4}-\d{2}-\d{2}) \(\w+\)|from (?<a>\d{4}-\d{2}-\d{2}) to (?<b>\d{4}-\d{2}-\d{2})): (?:no|yes, (?<n>\d+) reads?)(?<tail>.*)$")]
    private static partial Regex PresenceLine();

    private static string CountSentence(CheckedFact f, string period, Words w)
    {
        var n = f.Count!.Value;
        var prefix = (f.Detail is { } p ? (w.Fr ? $" commençant par {p}" : $" starting with {p}") : "") + (f.Tail is { } tail ? w.Tail(tail, n == 1) : "");
        if (f.Country is { } cc)
        {
            return $"{w.Label(cc, f.CountryName)}{w.Colon}{(n == 0 ? w.NoReads : w.Reads(n))}{prefix}{period} {Cite(f)}.";
        }
        var reads = n == 0 ? w.NoReads : w.Reads(n);
        return $"{char.ToUpperInvariant(reads[0])}{reads[1..]}{prefix}{period} {Cite(f)}.";
    }

    private static string Summary(CheckedFact f, string intent, Words w)
    {
        var (plate, cite) = (f.Plate, Cite(f));
        return intent switch
        {
            Intents.FirstSeen or "new_plates" => w.Fr ? $"{plate} a été vue pour la première fois {w.When(f.First!.Value)} {cite}." : $"{plate} was first seen {w.When(f.First!.Value)} {cite}.",
            Intents.Count => w.Fr ? $"{plate} a été vue {f.Count} fois {cite}." : $"{plate} was seen {w.Times(f.Count!.Value)} {cite}.",
            Intents.Country when f.Country == "??" => w.Fr ? $"Le pays de {plate} est inconnu {cite}." : $"The country of {plate} is unknown {cite}.",
            Intents.Country => w.Fr ? $"{plate} est immatriculée {CountryPhrases.FrenchIn(f.Country!)} {cite}." : $"{plate} is from {w.Label(f.Country!, f.CountryName)} {cite}.",
            Intents.Confidence => w.Fr ? $"La meilleure confiance pour {plate} est de {f.Percent} % {cite}." : $"The best confidence for {plate} is {f.Percent}% {cite}.",
            Intents.LastSeen or "not_seen_since" => w.Fr ? $"{plate} a été vue pour la dernière fois {w.When(f.Last!.Value)} {cite}." : $"{plate} was last seen {w.When(f.Last!.Value)} {cite}.",
            _ => w.Fr
                ? $"{plate} compte {w.Reads(f.Count!.Value)}, vue pour la dernière fois {w.When(f.Last!.Value)} {cite}."
                : $"{plate} has {w.Reads(f.Count!.Value)}, last seen {w.When(f.Last!.Value)} {cite}.",
        };
    }

    private static string Read(CheckedFact f, string intent, Words w)
    {
        var (plate, cite) = (f.Plate, Cite(f));
        if (intent == Intents.Confidence)
        {
            return w.Fr ? $"La lecture #{f.ReadId} ({plate}) a une confiance de {f.Percent} % {cite}." : $"Read #{f.ReadId} ({plate}) has a confidence of {f.Percent}% {cite}.";
        }
        if (intent == Intents.Corrections)
        {
            return f.Detail is { } from
                ? (w.Fr ? $"{plate} a été corrigée à partir de {from} {cite}." : $"{plate} was corrected from {from} {cite}.")
                : (w.Fr ? $"La lecture de {plate} {w.When(f.First!.Value)} n'a pas été corrigée {cite}." : $"The read of {plate} {w.When(f.First!.Value)} was not corrected {cite}.");
        }
        if (intent is Intents.FirstSeen or Intents.LastSeen)
        {
            var first = intent == Intents.FirstSeen;
            return w.Fr
                ? $"La {(first ? "première" : "dernière")} lecture est celle de {plate}, {w.When(f.First!.Value)} {cite}."
                : $"The {(first ? "first" : "last")} read was {plate}, {w.When(f.First!.Value)} {cite}.";
        }
        return w.Fr
            ? $"{plate} a été lue {w.When(f.First!.Value)}, avec une confiance de {f.Percent} % {cite}."
            : $"{plate} was read {w.When(f.First!.Value)}, with a confidence of {f.Percent}% {cite}.";
    }

    /// <summary>"Lectures du … au … : A le … à … [1], B … [2] et C … [3], sur 47 lectures en tout [11]."</summary>
    private static string ReadList(List<CheckedFact> reads, List<CheckedFact> rest, string intent, string period, Words w)
    {
        var items = reads.Select(f => intent == Intents.Corrections && f.Detail is { } from
            ? (w.Fr ? $"{f.Plate} (corrigée à partir de {from}) {w.When(f.First!.Value)} {Cite(f)}" : $"{f.Plate} (corrected from {from}) {w.When(f.First!.Value)} {Cite(f)}")
            : $"{f.Plate} {w.When(f.First!.Value)} {Cite(f)}").ToList();
        var head = intent == Intents.Corrections
            ? (w.Fr ? $"Lectures corrigées{period}" : $"Corrected reads{period}")
            : (w.Fr ? $"Lectures{period}" : $"Reads{period}");
        var total = rest.FirstOrDefault(f => f.Kind == FactKind.Count);
        var tail = total is null ? "" : w.Fr ? $", sur {w.Reads(total.Count!.Value)} en tout {Cite(total)}" : $", out of {w.Reads(total.Count!.Value)} in all {Cite(total)}";
        return $"{head}{w.Colon}{w.Join(items)}{tail}.";
    }

    /// <summary>"France (FR) : 111 lectures [1] ; États-Unis (US) : 51 lectures [2]."</summary>
    private static string TallyList(List<CheckedFact> tallies, string period, Words w)
    {
        var items = tallies.Select(f => $"{w.Label(f.Country!, f.CountryName)}{w.Colon}{w.Reads(f.Count!.Value)} {Cite(f)}");
        var list = string.Join(w.Fr ? " ; " : "; ", items) + ".";
        if (period.Length == 0) return list;
        var lead = period.Trim();
        return $"{char.ToUpperInvariant(lead[0])}{lead[1..]}, {list}";
    }

    private static string Cite(CheckedFact f) => string.Create(CultureInfo.InvariantCulture, $"[{f.Number}]");

    /// <summary>" du 2026-11-23 au 2026-11-29", " le 2026-11-26", or "" for all time.</summary>
    private static string Phrase(string period, Words w)
    {
        if (!Period.TryParse(period, out var from, out var to)) return "";
        var a = from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var b = to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (from == to) return w.Fr ? $" le {a}" : $" on {a}";
        return w.Fr ? $" du {a} au {b}" : $" from {a} to {b}";
    }

    /// <summary>The small words of each language.</summary>
    private sealed class Words(bool french)
    {
        public bool Fr { get; } = french;

        public string Colon => Fr ? " : " : ": ";

        public string NotInData => Fr ? "Ce n'est pas dans les données." : "That is not in the data.";

        public string Help => Fr
            ? "Posez-moi vos questions sur les plaques lues par PlateWeb : nombre de passages, dates, pays, formats ou corrections."
            : "Ask me about the plates PlateWeb has read: counts, dates, countries, formats or corrections.";

        public string NoReads => Fr ? "aucune lecture" : "no reads";

        public string Reads(int n) => Fr
            ? (n <= 1 ? $"{n} lecture" : $"{n} lectures")
            : (n == 1 ? "1 read" : string.Create(CultureInfo.InvariantCulture, $"{n} reads"));

        /// <summary>The words of a fact after its count (" first seen from … to …", " matching AB*"), in French when asked.</summary>
        /// <param name="one">The count is 1: the French participles agree with one plate or read ("1 plaque vue").</param>
        public string Tail(string english, bool one = false)
        {
            if (!Fr) return english;
            var text = english;
            foreach (var (pattern, french) in FrenchTail) text = Regex.Replace(text, pattern, french, RegexOptions.CultureInvariant);
            return one ? Regex.Replace(text, @"\b(vue|corrigée)s\b", "$1", RegexOptions.CultureInvariant) : text;
        }

        // The English words of the tails FactLines writes, in the order they must be replaced ("not corrected" before "corrected").
        private static readonly (string Pattern, string French)[] FrenchTail =
        [
            (@" at camera ", " à la caméra "),
            (@"on (\d{4}-\d{2}-\d{2}) \(\w+\)", "le $1"),
            (@"from (\d{4}-\d{2}-\d{2}) to (\d{4}-\d{2}-\d{2})", "du $1 au $2"),
            (@"(\d{4}-\d{2}-\d{2}) \(\w+\)", "$1"),
            (@" seen both ", " vues à la fois "),
            (@" first seen ", " vues pour la première fois "),
            (@" seen before (\S+) and not since", " vues avant le $1 et plus depuis"),
            (@" seen exactly (\d+) times?", " vues exactement $1 fois"),
            (@" seen at least (\d+) times?", " vues au moins $1 fois"),
            (@" starting with ", " commençant par "),
            (@" from (\S+) \(", " de $1 ("),
            (@" matching ", " correspondant à "),
            (@" containing ", " contenant "),
            (@" ending with ", " finissant par "),
            (@" not corrected", " non corrigées"),
            (@" corrected", " corrigées"),
            (@" with confidence below (\d+)%", " avec une confiance inférieure à $1 %"),
            (@" with confidence above (\d+)%", " avec une confiance supérieure à $1 %"),
            (@" with confidence at least (\d+)%", " avec une confiance d'au moins $1 %"),
            (@" with confidence at most (\d+)%", " avec une confiance d'au plus $1 %"),
            (@" between (\d{2}:\d{2}) and (\d{2}:\d{2})", " entre $1 et $2"),
            (@" and ", " et "),
        ];

        public string Times(int n) => n == 1 ? "once" : string.Create(CultureInfo.InvariantCulture, $"{n} times");

        /// <summary>"le 2026-11-23 à 08:14" / "on 2026-11-23 at 08:14".</summary>
        public string When(DateTime at) => Fr
            ? at.ToString("'le 'yyyy-MM-dd' à 'HH:mm", CultureInfo.InvariantCulture)
            : at.ToString("'on 'yyyy-MM-dd' at 'HH:mm", CultureInfo.InvariantCulture);

        /// <summary>"Espagne (ES)"; "inconnu (??)" without a country.</summary>
        public string Label(string code, string? name) => $"{name ?? Countries.Name(code, Fr ? "fr" : "en")} ({code})";

        public string Join(IReadOnlyList<string> items) =>
            items.Count == 1 ? items[0] : string.Join(", ", items.Take(items.Count - 1)) + (Fr ? " et " : " and ") + items[^1];
    }
}
