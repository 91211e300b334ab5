using System.Globalization;
using System.Text.RegularExpressions;

namespace PlateWeb.Chat.Grounding.Aggregates;

/// <summary>
/// "Reads per hour", "Combien de lectures par heure hier ?": reads of the scope per local hour of the day, in
/// hour order, hours without reads left out. The answer is ready-made.
/// </summary>
internal sealed class PerHourAggregate : IAggregate
{
    private static readonly Regex Pattern = QuestionShape.Words(@"per hour|each hour|every hour|by hour|an hour|hourly|hour by hour|par heure|chaque heure|heure par heure");

    public string Asked => "per_hour";

    public int? WordOrder => 4;

    public bool MatchesWords(QuestionShape question) => Pattern.IsMatch(question.Rest);

    public async Task GroundAsync(QueryRun run, CancellationToken cancellationToken)
    {
        var times = await run.LocalTimesAsync(cancellationToken);
        var hours = times.GroupBy(t => t.Hour).Select(g => (Hour: g.Key, Count: g.Count())).OrderBy(h => h.Hour).ToList();
        var fr = run.French;
        var during = ReadyAnswer.During(run.Analysis.Period, fr);
        if (hours.Count == 0)
        {
            run.AnswerNoRead();
            return;
        }
        var cited = hours.Select(h => string.Create(CultureInfo.InvariantCulture,
            $"{h.Hour:00}:00-{(h.Hour + 1) % 24:00}:00{ReadyAnswer.Colon(fr)} {ReadyAnswer.Reads(h.Count, fr)} {ReadyAnswer.Cite(run.Add(FactLines.HourTally(h.Hour, h.Count), []))}"));
        run.Answer = (fr ? $"Lectures par heure{during} :\n" : $"Reads per hour{during}:\n") + string.Join('\n', cited.Select(c => "- " + c));
    }
}
