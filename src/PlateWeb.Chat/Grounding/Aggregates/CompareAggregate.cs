namespace PlateWeb.Chat.Grounding.Aggregates;

/// <summary>"Compare X and Y", or two plates or countries named: one summary per plate, or one count per country.</summary>
internal sealed class CompareAggregate : IAggregate
{
    private static readonly System.Text.RegularExpressions.Regex Pattern = QuestionShape.Words(
        @"compare|comparing|comparison|versus|vs|difference between|differences between|compar\w*|difference entre|differences entre");

    public string Asked => Intents.Compare;

    public int? WordOrder => 10;

    public int? ShapeOrder => 10;

    public bool MatchesWords(QuestionShape question) => Pattern.IsMatch(question.Rest);

    public bool MatchesShape(QuestionShape question) => question.PlateCount >= 2 || question.CountryCount >= 2;

    public async Task GroundAsync(QueryRun run, CancellationToken cancellationToken)
    {
        var subjects = await run.SubjectsAsync(cancellationToken);
        if (subjects.Count == 0 && run.Analysis.Countries.Count >= 2)
        {
            foreach (var country in run.Analysis.Countries.Take(GroundingLimits.MaxPlates))
            {
                var (count, ids) = await run.Reads.CountAsync(run.Period with { Prefix = run.Analysis.Prefix, Country = country }, cancellationToken);
                run.Add(FactLines.Count(count, $" from {Countries.Label(country, run.Language)}{run.FilterTail}"), ids);
            }
        }
        foreach (var s in subjects) await run.SummaryAsync(s, cancellationToken);
    }
}
