namespace PlateWeb.Chat.Grounding.Aggregates;

/// <summary>"Which country is X from?": its summary; nothing named: reads per country, most first (≤ 8).</summary>
internal sealed class CountryAggregate : IAggregate
{
    private static readonly System.Text.RegularExpressions.Regex Pattern = QuestionShape.Words(
        @"country|countries|nationality|where (is|was|are|were|does|do) .*from|where from|pays|nationalite|d'ou|provenance|origine");

    public string Asked => Intents.Country;

    public int? WordOrder => 50;

    public bool AboutThePlateInContext => true;

    public bool MatchesWords(QuestionShape question) => Pattern.IsMatch(question.Rest);

    public async Task GroundAsync(QueryRun run, CancellationToken cancellationToken)
    {
        var subjects = await run.SubjectsAsync(cancellationToken);
        if (subjects.Count == 0)
        {
            var tallies = await run.Reads.CountriesAsync(run.Scope, cancellationToken);
            foreach (var (country, count) in tallies.Take(GroundingLimits.MaxCountries)) run.Add(FactLines.CountryTally(country, run.Language, count), []);
            if (tallies.Count == 0) run.Add(FactLines.Count(0, run.ScopeTail), []);
        }
        foreach (var s in subjects) await run.SummaryAsync(s, cancellationToken);
    }
}
