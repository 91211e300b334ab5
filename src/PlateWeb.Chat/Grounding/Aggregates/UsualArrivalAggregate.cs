using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;

namespace PlateWeb.Chat.Grounding.Aggregates;

/// <summary>
/// "When does AB-123-CD usually arrive?", "À quelle heure arrive habituellement AB-123-CD ?": the plate's typical time
/// of day, as the median of its first read of each local day (over the period, else its whole history), with the
/// earliest and latest of those first reads and the number of days. Fact: "usual arrival of AB-123-CD: 09:00, median
/// of the first read on 4 days, earliest 08:14, latest 17:02", sourced by those first reads. The answer is ready-made.
/// </summary>
/// <remarks>
/// The first read of a day, not every read: a car that stays in view is read again and again, and its later reads
/// say when it left, not when it came. The median, not the mean, so one odd day (a night visit) does not move it.
/// </remarks>
internal sealed class UsualArrivalAggregate : IAggregate
{
    private const string Usually = @"usually|normally|typically|generally|habitually|most days|tend to|tends to";
    private const string Habituellement = @"habituellement|d'habitude|en general|generalement|normalement|d'ordinaire|en principe";

    private static readonly Regex Pattern = QuestionShape.Words(
        $@"(?:{Usually}) (?:arrives?|comes?|pass(?:es)?|shows? up|turns? up|gets? (?:here|in)|appears?|drives? (?:in|by|past))|"
        + @"usual (?:arrival )?(?:time|hour)|typical (?:arrival )?(?:time|hour)|usual arrival|arrival time|"
        + $@"(?:arrive|arrivent|passe|passent|vient|viennent|se presente)(?:-t-elle|-t-il|-t-on)? (?:{Habituellement})|(?:{Habituellement})|(?:what time|when|at what time)\b.*\b(?:{Usually})|(?:{Usually})\b.*\b(?:what time|when)|"
        + @"heure (?:d'arrivee )?habituelle|heure d'arrivee|heure a laquelle (?:elle|il) arrive");

    private static readonly Regex Pronoun = QuestionShape.Words(@"it|she|he|elle|il|this one");

    public string Asked => "usual_arrival";

    // Before the breakdowns (3) and the busiest hour (6): "à quelle heure arrive habituellement" names an hour too.
    public int? WordOrder => 2;

    public bool AboutThePlateInContext => true;

    public bool MatchesWords(QuestionShape question) =>
        (question.PlateCount > 0 || question.AboutOnePlate || Pronoun.IsMatch(question.Rest)) && Pattern.IsMatch(question.Rest);

    public async Task GroundAsync(QueryRun run, CancellationToken cancellationToken)
    {
        var subjects = await run.SubjectsAsync(cancellationToken);
        var sentences = new List<string>();
        foreach (var subject in subjects)
        {
            if (run.NotFound(subject)) return;
            var reads = await run.Reads.QueryAsync(run.Period with { PlateKey = subject.Key }, (r, ct) =>
                r.Select(x => new { x.Id, x.CreatedAt }).ToListAsync(ct), cancellationToken);
            var plate = await run.DisplayOfAsync(subject, cancellationToken);
            if (reads.Count == 0)
            {
                var none = run.Add(FactLines.Count(0, $" of {plate}{run.FilterTail}"), [], plate);
                sentences.Add(run.French
                    ? $"{plate} n'a pas été vue{ReadyAnswer.During(run.Analysis.Period, true)} {ReadyAnswer.Cite(none)}."
                    : $"{plate} was not seen{ReadyAnswer.During(run.Analysis.Period, false)} {ReadyAnswer.Cite(none)}.");
                continue;
            }
            var firsts = reads.Select(x => (x.Id, At: run.Local(x.CreatedAt)))
                .GroupBy(x => DateOnly.FromDateTime(x.At))
                .Select(g => g.OrderBy(x => x.At).ThenBy(x => x.Id).First())
                .OrderByDescending(x => x.At).ToList();
            var minutes = firsts.Select(x => x.At.Hour * 60 + x.At.Minute).Order().ToList();
            var median = Median(minutes);
            var fact = run.Add(
                FactLines.UsualArrival(plate, median, minutes.Count, minutes[0], minutes[^1]),
                firsts.Take(GroundingLimits.MaxSourceReads).Select(x => x.Id).ToList(), plate);
            sentences.Add(Sentence(plate, median, minutes, fact, run.French));
        }
        if (sentences.Count > 0) run.Answer = string.Join(' ', sentences);
    }

    /// <summary>The middle value; of two middle values, their mean rounded down to the minute.</summary>
    internal static int Median(IReadOnlyList<int> sorted) =>
        sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;

    private static string Sentence(string plate, int median, IReadOnlyList<int> minutes, int fact, bool fr)
    {
        var (cite, at) = (ReadyAnswer.Cite(fact), FactLines.Clock(median));
        var days = minutes.Count.ToString(CultureInfo.InvariantCulture);
        if (minutes.Count == 1)
        {
            return fr
                ? $"{plate} n'a été vue qu'un jour, d'abord à {at} {cite} : c'est trop peu pour parler d'habitude."
                : $"{plate} was seen on only 1 day, first at {at} {cite}, too few to speak of a habit.";
        }
        var (earliest, latest) = (FactLines.Clock(minutes[0]), FactLines.Clock(minutes[^1]));
        return fr
            ? $"{plate} arrive habituellement vers {at}, heure médiane de sa première lecture sur {days} jours, entre {earliest} et {latest} {cite}."
            : $"{plate} usually arrives around {at}, the median time of its first read on {days} days, between {earliest} and {latest} {cite}.";
    }
}
