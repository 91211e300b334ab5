namespace PlateWeb.Chat.Grounding.Aggregates;

/// <summary>
/// "When was X last seen?", and a question that only names one plate: the plate's summary; nothing named:
/// the newest read of the scope.
/// </summary>
internal sealed class LastSeenAggregate : IAggregate
{
    private static readonly System.Text.RegularExpressions.Regex Pattern = QuestionShape.Words(@"last|latest|most recent|recently|lately|dernier|derniere|derniers|dernieres|plus recent\w*|when|quand");

    public string Asked => Intents.LastSeen;

    public int? WordOrder => 80;

    public int? ShapeOrder => 30;

    public bool AboutThePlateInContext => true;

    public bool MatchesWords(QuestionShape question) => Pattern.IsMatch(question.Rest);

    public bool MatchesShape(QuestionShape question) => question.PlateCount == 1 || question.AboutOnePlate;

    public async Task GroundAsync(QueryRun run, CancellationToken cancellationToken)
    {
        var subjects = await run.SubjectsAsync(cancellationToken);
        if (subjects.Count == 0) await run.OneReadOfScopeAsync(oldest: false, cancellationToken);
        foreach (var s in subjects) await run.SummaryAsync(s, cancellationToken);
    }
}
