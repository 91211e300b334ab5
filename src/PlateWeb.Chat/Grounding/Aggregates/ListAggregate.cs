namespace PlateWeb.Chat.Grounding.Aggregates;

/// <summary>
/// "Which plates...", and a question that only names a period, prefix, country or filter: the newest reads of
/// the scope (≤ 10) then the total when more; one plate: its reads in the period; two or three: a summary each.
/// </summary>
internal sealed class ListAggregate : IAggregate
{
    private static readonly System.Text.RegularExpressions.Regex Pattern = QuestionShape.Words(
        @"list|liste|lister|listez|which plates|what plates|which reads|what reads|show(?! up)|display|give me|all (the )?plates|what did (we|you) see|what (was|has been) seen|what have (we|you) seen|quelles plaques|quelles sont|lesquelles|montre\w*|affiche\w*|donne\w*|toutes les plaques|qu'a-t-on vu|qu'a t on vu|qu'avons-nous vu|qu'as-tu vu|qu'avez-vous vu");

    public string Asked => Intents.List;

    public int? WordOrder => 90;

    public int? ShapeOrder => 40;

    public bool MatchesWords(QuestionShape question) => Pattern.IsMatch(question.Rest);

    public bool MatchesShape(QuestionShape question) => question.HasSubject;

    public async Task GroundAsync(QueryRun run, CancellationToken cancellationToken)
    {
        var subjects = await run.SubjectsAsync(cancellationToken);
        if (subjects.Count == 0) await run.ReadsOfScopeAsync(run.Scope, run.ScopeTail, cancellationToken);
        else if (subjects.Count == 1) await run.ReadsOfPlateAsync(subjects[0], cancellationToken);
        else foreach (var s in subjects) await run.SummaryAsync(s, cancellationToken);
    }
}
