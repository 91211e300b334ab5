namespace PlateWeb.Chat.Grounding.Aggregates;

/// <summary>"How many...": a named plate's count over the period then its summary; else one count line of the scope.</summary>
internal sealed class CountAggregate : IAggregate
{
    private static readonly System.Text.RegularExpressions.Regex Pattern = QuestionShape.Words(@"how many|how often|number of|count|total|combien|nombre|compte|comptez|compter");

    public string Asked => Intents.Count;

    public int? WordOrder => 60;

    public bool MatchesWords(QuestionShape question) => Pattern.IsMatch(question.Rest);

    public async Task GroundAsync(QueryRun run, CancellationToken cancellationToken)
    {
        var subjects = await run.SubjectsAsync(cancellationToken);
        if (subjects.Count == 0) await run.CountScopeAsync(cancellationToken);
        foreach (var s in subjects) await run.CountPlateAsync(s, cancellationToken);
    }
}
