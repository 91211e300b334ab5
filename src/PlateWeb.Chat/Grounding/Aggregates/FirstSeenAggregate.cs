namespace PlateWeb.Chat.Grounding.Aggregates;

/// <summary>"When was X first seen?": the plate's summary; nothing named: the oldest read of the scope.</summary>
internal sealed class FirstSeenAggregate : IAggregate
{
    private static readonly System.Text.RegularExpressions.Regex Pattern = QuestionShape.Words(@"first|earliest|oldest|premier|premiere|premiers|premieres|plus ancien\w*");

    public string Asked => Intents.FirstSeen;

    public int? WordOrder => 70;

    public bool AboutThePlateInContext => true;

    public bool MatchesWords(QuestionShape question) => Pattern.IsMatch(question.Rest);

    public async Task GroundAsync(QueryRun run, CancellationToken cancellationToken)
    {
        var subjects = await run.SubjectsAsync(cancellationToken);
        if (subjects.Count == 0) await run.OneReadOfScopeAsync(oldest: true, cancellationToken);
        foreach (var s in subjects) await run.SummaryAsync(s, cancellationToken);
    }
}
