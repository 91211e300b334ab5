using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;

namespace PlateWeb.Chat.Grounding.Aggregates;

/// <summary>
/// "Plates not seen since Monday", "plaques pas vues depuis lundi": plates seen before the period's first day and not
/// from then on. Facts: "count: 3 plates seen before 2026-11-23 (Monday) and not since", then each one's summary (its
/// last read), most recently seen first. The answer is ready-made.
/// </summary>
internal sealed class NotSeenSinceAggregate : IAggregate
{
    private static readonly Regex Pattern = QuestionShape.Words(
        @"(?:not|never|no longer|not been|never been|haven't been|hasn't been|have not been|has not been) (?:seen|back|read|returned|come back)|"
        + @"(?:haven't|hasn't|have not|has not|did not|didn't) (?:come|came|returned|come back|shown up|been back)|stopped coming|disappeared|gone missing|"
        + @"(?:pas|plus|jamais) (?:ete )?(?:vue?s?|revenue?s?|repassee?s?|revue?s?|lue?s?)|(?:n'ont|n'a|ne sont|n'est) (?:pas|plus) (?:ete )?(?:vue?s?|revenue?s?|repassee?s?)|disparue?s?");

    public string Asked => "not_seen_since";

    // After new plates (52: "never seen before"), before the other set question (54), presence (58) and count (60).
    public int? WordOrder => 53;

    public bool MatchesWords(QuestionShape question) =>
        question.PlateCount == 0 && !question.AboutOnePlate && !question.Outside && question.Period is not null && Pattern.IsMatch(question.Rest);

    public async Task GroundAsync(QueryRun run, CancellationToken cancellationToken)
    {
        if (run.Analysis.Period is not { } period) return;
        var since = run.Utc(period.From);
        var all = run.Scope with { FromUtc = null, ToUtc = null };
        // Over every read of every plate, the plate summaries hold each plate's last read: a count and the first plates
        // shown are two ranges of their (LastAt, EffectiveText) index, where nearly every plate may qualify. With a
        // country or a filter, the reads are grouped.
        var (total, keys) = await run.Reads.SummarisedAsync(all, cancellationToken)
            ? await run.Reads.SummariesAsync(all.Prefix, async (plates, ct) =>
            {
                var before = plates.Where(p => p.LastAt < since);
                var first = await before.OrderByDescending(p => p.LastAt).ThenBy(p => p.EffectiveText)
                    .Select(p => p.EffectiveText).Take(GroundingLimits.MaxListLines).ToListAsync(ct);
                return (first.Count < GroundingLimits.MaxListLines ? first.Count : await before.CountAsync(ct), first);
            }, cancellationToken)
            : await run.Reads.QueryAsync(all, async (reads, ct) =>
            {
                var every = await reads
                    .GroupBy(r => r.EffectiveText)
                    .Select(g => new { g.Key, Last = g.Max(r => r.CreatedAt) })
                    .Where(g => g.Last < since)
                    .OrderByDescending(g => g.Last).ThenBy(g => g.Key)
                    .Select(g => g.Key).ToListAsync(ct);
                return (every.Count, every);
            }, cancellationToken);

        var fr = run.French;
        var day = period.From;
        var (countFact, cited) = await PlateSet.WriteAsync(run, keys, total,
            System.FormattableString.Invariant($" seen before {day:yyyy-MM-dd} ({day.DayOfWeek}) and not since"),
            s => (fr ? "dernière fois le " : "last seen ") + PlateSet.Date(run, s.LastUtc), cancellationToken);
        var (cite, dayText) = (ReadyAnswer.Cite(countFact), ReadyAnswer.Day(day, fr));
        run.Answer = (total, fr) switch
        {
            (0, false) => $"Every plate seen before {dayText} has been seen since {cite}.",
            (0, true) => $"Toutes les plaques vues avant le {dayText} ont été revues depuis {cite}.",
            (1, false) => $"1 plate seen before {dayText} has not been seen since {cite}: {cited}.",
            (1, true) => $"1 plaque vue avant le {dayText} n'a plus été vue depuis {cite} : {cited}.",
            (_, false) => $"{PlateSet.Plates(total, false)} seen before {dayText} have not been seen since {cite}: {cited}.",
            _ => $"{PlateSet.Plates(total, true)} vues avant le {dayText} n'ont plus été vues depuis {cite} : {cited}.",
        };
    }
}
