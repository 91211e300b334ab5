namespace PlateWeb.Chat.Grounding.Aggregates;

/// <summary>"What can you do?" about nothing in the history: no facts, the model says what PlateWeb does.</summary>
internal sealed class HelpAggregate : IAggregate
{
    private static readonly System.Text.RegularExpressions.Regex Pattern = QuestionShape.Words(
        @"help|aide|aidez|aider|what can you do|what do you do|how does (it|this|plateweb) work|how do i|how to|what is plateweb|who are you|what are you|que (peux|sais)-tu faire|que pouvez-vous faire|comment (ca|cela) (marche|fonctionne)|comment fonctionne|comment (faire|utiliser|on fait|ajouter|importer|envoyer)|qui es-tu|a quoi (sers|sert)|c'est quoi plateweb|mode d'emploi");

    public string Asked => Intents.Help;

    public int? WordOrder => 0;

    public bool MatchesWords(QuestionShape question) => !question.HasSubject && !question.Outside && Pattern.IsMatch(question.Rest);

    public Task GroundAsync(QueryRun run, CancellationToken cancellationToken) => Task.CompletedTask;
}
