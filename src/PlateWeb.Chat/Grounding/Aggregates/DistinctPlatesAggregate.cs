using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;

namespace PlateWeb.Chat.Grounding.Aggregates;

/// <summary>
/// "How many different plates last week?", "Combien de plaques différentes ?": the number of distinct plates
/// (effective texts) of the scope, not of reads. Fact: "count: 3 plates" with the scope's tails. The answer is ready-made.
/// </summary>
internal sealed class DistinctPlatesAggregate : IAggregate
{
    private static readonly Regex Counting = QuestionShape.Words(@"how many|number of|count|combien|nombre|compte|comptez|compter");

    // A country word between them is blanked out ("distinct ¤ plates"), so one word may sit in between.
    private static readonly Regex Distinct = QuestionShape.Words(
        @"(?:different|distinct|unique|separate|individual)\s+(?:\S+\s+)?(?:plates|vehicles|cars)|"
        + @"(?:plaques|vehicules|voitures)\s+(?:\S+\s+)?(?:differentes|differents|distinctes|distincts|uniques)|(?:differentes|differents) (?:plaques|vehicules|voitures)");

    public string Asked => "distinct_plates";

    // Before count (60): "how many different plates" is not a count of reads.
    public int? WordOrder => 56;

    public bool MatchesWords(QuestionShape question) => question.PlateCount == 0 && Counting.IsMatch(question.Rest) && Distinct.IsMatch(question.Rest);

    public async Task GroundAsync(QueryRun run, CancellationToken cancellationToken)
    {
        var count = await run.Reads.QueryAsync(run.Scope, (reads, ct) => reads.Select(r => r.EffectiveText).Distinct().CountAsync(ct), cancellationToken);
        var fact = run.Add(FactLines.PlateCount(count, run.ScopeTail), []);
        var fr = run.French;
        var during = ReadyAnswer.During(run.Analysis.Period, fr);
        var cite = ReadyAnswer.Cite(fact);
        run.Answer = (count, fr) switch
        {
            (0, false) => $"No plate was seen{during} {cite}.",
            (0, true) => $"Aucune plaque n'a été vue{during} {cite}.",
            (1, false) => $"1 plate was seen{during} {cite}.",
            (1, true) => $"1 plaque a été vue{during} {cite}.",
            (_, false) => string.Create(CultureInfo.InvariantCulture, $"{count} different plates were seen{during} {cite}."),
            _ => string.Create(CultureInfo.InvariantCulture, $"{count} plaques différentes ont été vues{during} {cite}."),
        };
    }
}
