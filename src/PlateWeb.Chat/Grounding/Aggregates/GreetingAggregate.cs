namespace PlateWeb.Chat.Grounding.Aggregates;

/// <summary>"Hello", "merci" and nothing else: no facts.</summary>
internal sealed class GreetingAggregate : IAggregate
{
    private static readonly System.Text.RegularExpressions.Regex Pattern = QuestionShape.Words(
        @"hello|hi|hey|good (morning|afternoon|evening)|thanks|thank you|bonjour|salut|bonsoir|coucou|merci");

    public string Asked => Intents.Greeting;

    public int? ShapeOrder => 50;

    public bool MatchesShape(QuestionShape question) => Pattern.IsMatch(question.Rest);

    public Task GroundAsync(QueryRun run, CancellationToken cancellationToken) => Task.CompletedTask;
}
