using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;

namespace PlateWeb.Chat.Grounding.Aggregates;

/// <summary>
/// "Most frequent plates", "top 3 plates last month", "which plate was seen the least", "plaques les plus vues":
/// the k plates of the scope with the most (or fewest) reads. k: the number written, else 1 for "which plate" /
/// "quelle plaque", else 5. Facts: one plate tally per plate. The answer is ready-made.
/// </summary>
internal sealed class TopPlatesAggregate : IAggregate
{
    private const int DefaultTop = 5;

    private static readonly Regex Most = QuestionShape.Words(
        @"most (?:frequent|common|seen|often seen|recurring|regular)|(?:seen|see|saw|spotted|came|come) (?:the )?most(?: often)?|(?:the )?most often|top(?: \d{1,2})?|"
        + @"(?:la|le|les) plus (?:frequente?s?|vue?s?|courante?s?|souvent vue?s?)|(?:vue?s?|passee?s?|venue?s?) le plus(?: souvent)?|le plus souvent");

    private static readonly Regex Least = QuestionShape.Words(
        @"least (?:frequent|common|seen|often seen)|seen (?:the )?least(?: often)?|(?:the )?least often|fewest|"
        + @"(?:la|le|les) moins (?:frequente?s?|vue?s?|courante?s?|souvent vue?s?)|(?:vue?s?|passee?s?|venue?s?) le moins(?: souvent)?|le moins souvent");

    // "most common country" is a country tally, "most reads on which day" the busiest day.
    private static readonly Regex NotPlates = QuestionShape.Words(@"country|countries|pays|day|jour|hour|heure|time|moment");

    private static readonly Regex Singular = QuestionShape.Words(@"which plate|what plate|the plate|quelle plaque|la plaque|quel vehicule|which car|quelle voiture");

    private static readonly Regex Number = new(@"(?<![\p{L}\p{N}])(\d{1,2})(?![\p{L}\p{N}])", RegexOptions.CultureInvariant);

    public string Asked => "top_plates";

    public int? WordOrder => 7;

    public bool MatchesWords(QuestionShape question) =>
        question.PlateCount == 0 && !question.AboutOnePlate && !NotPlates.IsMatch(question.Rest)
        && (Most.IsMatch(question.Rest) || Least.IsMatch(question.Rest));

    public async Task GroundAsync(QueryRun run, CancellationToken cancellationToken)
    {
        var rest = run.Analysis.Shape.Rest;
        var least = Least.IsMatch(rest) && !Most.IsMatch(rest);
        var k = Number.Match(rest) is { Success: true } n ? Math.Clamp(int.Parse(n.Groups[1].Value, CultureInfo.InvariantCulture), 1, GroundingLimits.MaxListLines)
            : Singular.IsMatch(rest) ? 1 : DefaultTop;
        // Over all time (no country or filter), the plate summaries hold each plate's count (their (Reads, LastAt) index).
        var plates = await run.Reads.SummarisedAsync(run.Scope, cancellationToken)
            ? await run.Reads.SummariesAsync(run.Scope.Prefix, (summaries, ct) =>
            {
                var ordered = least
                    ? summaries.OrderBy(p => p.Reads).ThenByDescending(p => p.LastAt).ThenBy(p => p.EffectiveText)
                    : summaries.OrderByDescending(p => p.Reads).ThenByDescending(p => p.LastAt).ThenBy(p => p.EffectiveText);
                return ordered.Take(k).Select(p => new { Key = p.EffectiveText, Count = p.Reads }).ToListAsync(ct);
            }, cancellationToken)
            : await run.Reads.QueryAsync(run.Scope, (reads, ct) =>
            {
                var groups = reads.GroupBy(r => r.EffectiveText).Select(g => new { g.Key, Count = g.Count(), Last = g.Max(r => r.CreatedAt) });
                var ordered = least
                    ? groups.OrderBy(g => g.Count).ThenByDescending(g => g.Last).ThenBy(g => g.Key)
                    : groups.OrderByDescending(g => g.Count).ThenByDescending(g => g.Last).ThenBy(g => g.Key);
                return ordered.Take(k).Select(g => new { g.Key, g.Count }).ToListAsync(ct);
            }, cancellationToken);

        var fr = run.French;
        var during = ReadyAnswer.During(run.Analysis.Period, fr);
        if (plates.Count == 0)
        {
            run.AnswerNoRead();
            return;
        }
        var cited = new List<string>();
        foreach (var plate in plates)
        {
            var scope = run.Scope with { PlateKey = plate.Key };
            var (_, ids) = await run.Reads.CountAsync(scope, cancellationToken);
            var newest = await run.Reads.ReadsAsync(scope, 1, oldestFirst: false, cancellationToken);
            var text = newest.Count > 0 ? run.Display(newest[0]) : plate.Key;
            var fact = run.Add(FactLines.PlateTally(text, plate.Count), ids, text);
            cited.Add($"{text} ({ReadyAnswer.Times(plate.Count, fr)}) {ReadyAnswer.Cite(fact)}");
        }
        var which = (least, plates.Count == 1, fr) switch
        {
            (false, true, false) => "The most frequent plate",
            (false, false, false) => "The most frequent plates",
            (true, true, false) => "The least frequent plate",
            (true, false, false) => "The least frequent plates",
            (false, true, true) => "La plaque la plus fréquente",
            (false, false, true) => "Les plaques les plus fréquentes",
            (true, true, true) => "La plaque la moins fréquente",
            _ => "Les plaques les moins fréquentes",
        };
        var verb = (plates.Count == 1, fr) switch
        {
            (true, false) => "was",
            (false, false) => "were",
            (true, true) => "a été",
            _ => "ont été",
        };
        run.Answer = $"{which}{during} {verb} {ReadyAnswer.Join(cited)}.";
    }
}
