using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;

namespace PlateWeb.Chat.Grounding.Aggregates;

/// <summary>
/// "New plates this week, never seen before", "nouvelles plaques cette semaine": plates whose first read of all time
/// falls in the period (today when none is named). Facts: "count: 2 plates first seen from 2026-11-23 to 2026-11-29",
/// then each one's summary. The answer is ready-made.
/// </summary>
internal sealed class NewPlatesAggregate : IAggregate
{
    private static readonly Regex Pattern = QuestionShape.Words(
        @"new (?:plates?|cars?|vehicles?|ones?|visitors?)|newcomers?|never (?:been )?seen (?:before|until then)|not seen before|(?:seen|see|saw|spotted|read) for the first time|"
        + @"nouvelles? plaques?|plaques? nouvelles?|nouveaux vehicules|nouvelles voitures|nouvelles? venues?|jamais vue?s? (?:avant|auparavant|jusque-la)|vue?s? pour la premiere fois");

    public string Asked => "new_plates";

    // Before the other set questions (53, 54), seen_times (55) and count (60): "how many new plates" counts new plates;
    // "never seen before" is not "not seen since".
    public int? WordOrder => 52;

    public bool MatchesWords(QuestionShape question) => question.PlateCount == 0 && !question.AboutOnePlate && !question.Outside && Pattern.IsMatch(question.Rest);

    public async Task GroundAsync(QueryRun run, CancellationToken cancellationToken)
    {
        var period = run.Analysis.Period ?? new DateRange(run.Today, run.Today);
        var (from, to) = (run.Utc(period.From), run.Utc(period.To.AddDays(1)));
        // Over all time, with the question's prefix, country and filters: a plate is new when its first read is in the period.
        // Without a country or a filter, the plate summaries hold each plate's first read (a range of their FirstAt index).
        var all = run.Scope with { FromUtc = null, ToUtc = null };
        var keys = await run.Reads.SummarisedAsync(all, cancellationToken)
            ? await run.Reads.SummariesAsync(all.Prefix, (plates, ct) => plates
                .Where(p => p.FirstAt >= from && p.FirstAt < to)
                .OrderByDescending(p => p.LastAt).ThenBy(p => p.EffectiveText)
                .Select(p => p.EffectiveText).ToListAsync(ct), cancellationToken)
            : await run.Reads.QueryAsync(all, (reads, ct) => reads
                .GroupBy(r => r.EffectiveText)
                .Select(g => new { g.Key, First = g.Min(r => r.CreatedAt), Last = g.Max(r => r.CreatedAt) })
                .Where(g => g.First >= from && g.First < to)
                .OrderByDescending(g => g.Last).ThenBy(g => g.Key)
                .Select(g => g.Key).ToListAsync(ct), cancellationToken);

        var fr = run.French;
        var (countFact, cited) = await PlateSet.WriteAsync(run, keys, $" first seen {FactLines.PeriodWords(period)}",
            s => (fr ? "depuis le " : "since ") + PlateSet.Date(run, s.FirstUtc), cancellationToken);
        var during = ReadyAnswer.During(period, fr);
        var cite = ReadyAnswer.Cite(countFact);
        run.Answer = (keys.Count, fr) switch
        {
            (0, false) => $"No new plate was seen{during} {cite}.",
            (0, true) => $"Aucune nouvelle plaque n'a été vue{during} {cite}.",
            (1, false) => $"1 new plate was seen{during}, never seen before {cite}: {cited}.",
            (1, true) => $"1 nouvelle plaque a été vue{during}, jamais vue avant {cite} : {cited}.",
            (_, false) => $"{PlateSet.Plates(keys.Count, false)} were seen for the first time{during} {cite}: {cited}.",
            _ => $"{PlateSet.Plates(keys.Count, true)} ont été vues pour la première fois{during} {cite} : {cited}.",
        };
    }
}
