namespace PlateWeb.Chat.Grounding.Aggregates;

/// <summary>
/// Anything else, and questions about what the history never holds that no words classed (owners, the
/// weather): no facts, the model says it is not in the data.
/// </summary>
internal sealed class UnknownAggregate : IAggregate
{
    public string Asked => Intents.Unknown;

    public int? ShapeOrder => 0;

    public bool AboutThePlateInContext => true;

    public bool MatchesShape(QuestionShape question) => question.Outside;

    public Task GroundAsync(QueryRun run, CancellationToken cancellationToken) => Task.CompletedTask;
}
