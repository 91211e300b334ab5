using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;

namespace PlateWeb.Chat.Grounding.Aggregates;

/// <summary>
/// "Plates seen both yesterday and today", "plaques vues hier et aujourd'hui": plates with reads in each of two periods
/// (the question's period and a second time expression left in its words). Facts: "count: 1 plate seen both on
/// 2026-11-28 (Saturday) and on 2026-11-29 (Sunday)", then each one's summary. The answer is ready-made.
/// </summary>
internal sealed class SeenBothAggregate : IAggregate
{
    // "both", or a verb of seeing with "and": "How many reads yesterday and today?" stays a count of both days' reads.
    private static readonly Regex Both = QuestionShape.Words(
        @"both|each of|as well as|and again|and also|a la fois|les deux|ainsi que|et aussi|et encore|et de nouveau|et a nouveau");
    private static readonly Regex SeenAnd = QuestionShape.Words(
        @"(?:seen|spotted|read|came|come|passed|present|vue?s?|passee?s?|venue?s?|presente?s?|lue?s?)\b.*\b(?:and|et)");

    public string Asked => "seen_both";

    public int? WordOrder => 54;

    public bool MatchesWords(QuestionShape question) =>
        question.PlateCount == 0 && !question.AboutOnePlate && !question.Outside && question.Period is not null
        && (Both.IsMatch(question.Rest) || SeenAnd.IsMatch(question.Rest))
        && Second(question.Rest, new DateOnly(2026, 6, 15)) is not null;

    /// <summary>The second time expression, still in the question's words once the first was taken out (any day tells whether there is one).</summary>
    private static DateRange? Second(string rest, DateOnly today) => TimeExpressions.Find(rest, today).Range;

    public async Task GroundAsync(QueryRun run, CancellationToken cancellationToken)
    {
        if (run.Analysis.Period is not { } first || Second(run.Analysis.Shape.Rest, run.Today) is not { } second) return;
        var (a, b) = first.From <= second.From ? (first, second) : (second, first);
        var (a0, a1, b0, b1) = (run.Utc(a.From), run.Utc(a.To.AddDays(1)), run.Utc(b.From), run.Utc(b.To.AddDays(1)));
        var keys = await run.Reads.QueryAsync(run.Scope with { FromUtc = null, ToUtc = null }, (reads, ct) => reads
            .Where(r => (r.CreatedAt >= a0 && r.CreatedAt < a1) || (r.CreatedAt >= b0 && r.CreatedAt < b1))
            .GroupBy(r => r.EffectiveText)
            .Select(g => new
            {
                g.Key,
                InA = g.Max(r => r.CreatedAt >= a0 && r.CreatedAt < a1 ? 1 : 0),
                InB = g.Max(r => r.CreatedAt >= b0 && r.CreatedAt < b1 ? 1 : 0),
                Last = g.Max(r => r.CreatedAt),
            })
            .Where(g => g.InA == 1 && g.InB == 1)
            .OrderByDescending(g => g.Last).ThenBy(g => g.Key)
            .Select(g => g.Key).ToListAsync(ct), cancellationToken);

        var fr = run.French;
        var (countFact, cited) = await PlateSet.WriteAsync(run, keys,
            $" seen both {FactLines.PeriodWords(a)} and {FactLines.PeriodWords(b)}", _ => "", cancellationToken);
        var (cite, during) = (ReadyAnswer.Cite(countFact), $"{ReadyAnswer.During(a, fr)} {(fr ? "et" : "and")}{ReadyAnswer.During(b, fr)}");
        run.Answer = (keys.Count, fr) switch
        {
            (0, false) => $"No plate was seen both{during} {cite}.",
            (0, true) => $"Aucune plaque n'a été vue à la fois{during} {cite}.",
            (1, false) => $"1 plate was seen both{during} {cite}: {cited}.",
            (1, true) => $"1 plaque a été vue à la fois{during} {cite} : {cited}.",
            (_, false) => $"{PlateSet.Plates(keys.Count, false)} were seen both{during} {cite}: {cited}.",
            _ => $"{PlateSet.Plates(keys.Count, true)} ont été vues à la fois{during} {cite} : {cited}.",
        };
    }
}
