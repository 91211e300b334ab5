using System.Globalization;
using System.Text.RegularExpressions;

namespace PlateWeb.Chat.Grounding.Aggregates;

/// <summary>
/// "Busiest day last week?", "Quel jour a-t-on vu le plus de plaques ?": the local day(s) with the most reads of
/// the scope (ties: up to 3, earliest first). Facts: "busiest day: 2026-11-28 (Saturday), 3 reads"; nothing in the
/// scope: "count: 0 reads". The answer is ready-made.
/// </summary>
internal sealed class BusiestDayAggregate : IAggregate
{
    private static readonly Regex Pattern = QuestionShape.Words(
        @"busiest (?:day|date)|(?:which|what) day .*(?:most|busiest)|day with the most|most active day|"
        + @"(?:jour|journee) (?:le|la) plus (?:charge|chargee|actif|active|occupe|occupee)|quel jour .*le plus|jour (?:avec|ou) .*le plus|jour de pointe");

    public string Asked => "busiest_day";

    // First: "which day had the most reads" is not a list.
    public int? WordOrder => 5;

    public bool MatchesWords(QuestionShape question) => Pattern.IsMatch(question.Rest);

    public async Task GroundAsync(QueryRun run, CancellationToken cancellationToken)
    {
        var times = await run.LocalTimesAsync(cancellationToken);
        var days = times.GroupBy(t => DateOnly.FromDateTime(t))
            .Select(g => (Day: g.Key, Count: g.Count()))
            .OrderByDescending(d => d.Count).ThenBy(d => d.Day).ToList();
        var fr = run.French;
        var during = ReadyAnswer.During(run.Analysis.Period, fr);
        if (days.Count == 0)
        {
            run.AnswerNoRead();
            return;
        }
        var top = days.TakeWhile(d => d.Count == days[0].Count).Take(GroundingLimits.MaxReadsShown).OrderBy(d => d.Day).ToList();
        var cited = top.Select(d => $"{ReadyAnswer.Day(d.Day, fr)} {ReadyAnswer.Cite(run.Add(FactLines.BusiestDay(d.Day, d.Count), []))}").ToList();
        var reads = ReadyAnswer.Reads(top[0].Count, fr);
        run.Answer = (top.Count, fr) switch
        {
            (1, false) => $"The busiest day{during} was {cited[0]}, with {reads}.",
            (1, true) => $"Le jour le plus chargé{during} a été le {cited[0]}, avec {reads}.",
            (_, false) => string.Create(CultureInfo.InvariantCulture, $"The busiest days{during} were {ReadyAnswer.Join(cited)}, with {reads} each."),
            _ => string.Create(CultureInfo.InvariantCulture, $"Les jours les plus chargés{during} ont été {ReadyAnswer.Join(cited)}, avec {reads} chacun."),
        };
    }
}
