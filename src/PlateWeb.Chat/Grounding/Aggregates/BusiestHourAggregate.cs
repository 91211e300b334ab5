using System.Globalization;
using System.Text.RegularExpressions;

namespace PlateWeb.Chat.Grounding.Aggregates;

/// <summary>
/// "Busiest hour?", "À quelle heure passe-t-il le plus de voitures ?": the local hour(s) of the day with the most
/// reads of the scope (ties: up to 3, earliest first). Facts: "busiest hour: 08:00-09:00, 3 reads"; nothing in the
/// scope: "count: 0 reads". The answer is ready-made.
/// </summary>
internal sealed class BusiestHourAggregate : IAggregate
{
    private static readonly Regex Pattern = QuestionShape.Words(
        @"busiest (?:hour|time)|peak (?:hour|time)|rush hour|(?:which|what) (?:hour|time) .*(?:most|busiest)|hour with the most|"
        + @"heure (?:la plus (?:chargee|active|occupee)|de pointe)|a quelle heure .*le plus|quelle heure .*le plus|heure (?:avec|ou) .*le plus");

    public string Asked => "busiest_hour";

    public int? WordOrder => 6;

    public bool MatchesWords(QuestionShape question) => Pattern.IsMatch(question.Rest);

    public async Task GroundAsync(QueryRun run, CancellationToken cancellationToken)
    {
        var times = await run.LocalTimesAsync(cancellationToken);
        var hours = times.GroupBy(t => t.Hour)
            .Select(g => (Hour: g.Key, Count: g.Count()))
            .OrderByDescending(h => h.Count).ThenBy(h => h.Hour).ToList();
        var fr = run.French;
        var during = ReadyAnswer.During(run.Analysis.Period, fr);
        if (hours.Count == 0)
        {
            run.AnswerNoRead();
            return;
        }
        var top = hours.TakeWhile(h => h.Count == hours[0].Count).Take(GroundingLimits.MaxReadsShown).OrderBy(h => h.Hour).ToList();
        var cited = top.Select(h => string.Create(CultureInfo.InvariantCulture,
            $"{h.Hour:00}:00-{(h.Hour + 1) % 24:00}:00 {ReadyAnswer.Cite(run.Add(FactLines.BusiestHour(h.Hour, h.Count), []))}")).ToList();
        var reads = ReadyAnswer.Reads(top[0].Count, fr);
        run.Answer = (top.Count, fr) switch
        {
            (1, false) => $"The busiest hour{during} was {cited[0]}, with {reads}.",
            (1, true) => $"L'heure la plus chargée{during} a été {cited[0]}, avec {reads}.",
            (_, false) => $"The busiest hours{during} were {ReadyAnswer.Join(cited)}, with {reads} each.",
            _ => $"Les heures les plus chargées{during} ont été {ReadyAnswer.Join(cited)}, avec {reads} chacune.",
        };
    }
}
