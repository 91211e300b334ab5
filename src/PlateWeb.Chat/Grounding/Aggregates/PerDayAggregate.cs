using System.Text.RegularExpressions;

namespace PlateWeb.Chat.Grounding.Aggregates;

/// <summary>
/// "Reads per day last week", "Combien de lectures par jour cette semaine ?": reads of the scope per local day,
/// in date order, days without reads left out (≤ 31 lines, the latest days). The answer is ready-made.
/// </summary>
internal sealed class PerDayAggregate : IAggregate
{
    private const int MaxDays = 31;

    private static readonly Regex Pattern = QuestionShape.Words(@"per day|each day|every day|by day|a day|daily|day by day|par jour|chaque jour|jour par jour|par journee|quotidien\w*");

    public string Asked => "per_day";

    // Before everything that "how many" or "which" would choose.
    public int? WordOrder => 3;

    public bool MatchesWords(QuestionShape question) => Pattern.IsMatch(question.Rest);

    public async Task GroundAsync(QueryRun run, CancellationToken cancellationToken)
    {
        var times = await run.LocalTimesAsync(cancellationToken);
        var days = times.GroupBy(t => DateOnly.FromDateTime(t)).Select(g => (Day: g.Key, Count: g.Count()))
            .OrderBy(d => d.Day).TakeLast(MaxDays).ToList();
        var fr = run.French;
        var during = ReadyAnswer.During(run.Analysis.Period, fr);
        if (days.Count == 0)
        {
            run.AnswerNoRead();
            return;
        }
        var cited = days.Select(d => $"{ReadyAnswer.Day(d.Day, fr)}{ReadyAnswer.Colon(fr)} {ReadyAnswer.Reads(d.Count, fr)} {ReadyAnswer.Cite(run.Add(FactLines.DayTally(d.Day, d.Count), []))}");
        run.Answer = (fr ? $"Lectures par jour{during} :\n" : $"Reads per day{during}:\n") + string.Join('\n', cited.Select(c => "- " + c));
    }
}
