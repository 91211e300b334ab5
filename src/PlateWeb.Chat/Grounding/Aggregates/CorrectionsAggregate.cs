namespace PlateWeb.Chat.Grounding.Aggregates;

/// <summary>"Was X corrected?": its newest reads (≤ 3), each saying "corrected from" when it was; nothing named: the corrected reads.</summary>
internal sealed class CorrectionsAggregate : IAggregate
{
    private static readonly System.Text.RegularExpressions.Regex Pattern = QuestionShape.Words(
        @"correct|corrected|correction|corrections|fixed|edited|modified|corrig\w*|modifi\w*|rectifi\w*");

    public string Asked => Intents.Corrections;

    public int? WordOrder => 40;

    public bool AboutThePlateInContext => true;

    public bool MatchesWords(QuestionShape question) => Pattern.IsMatch(question.Rest);

    public async Task GroundAsync(QueryRun run, CancellationToken cancellationToken)
    {
        var subjects = await run.SubjectsAsync(cancellationToken);
        if (subjects.Count == 0) await run.ReadsOfScopeAsync(run.Scope with { CorrectedOnly = true }, run.ScopeTail, cancellationToken);
        foreach (var subject in subjects)
        {
            if (run.NotFound(subject)) continue;
            var reads = await run.Reads.ReadsAsync(run.Period with { PlateKey = subject.Key }, GroundingLimits.MaxReadsShown, oldestFirst: false, cancellationToken);
            foreach (var read in reads) run.AddRead(read);
            if (reads.Count == 0) run.Add(FactLines.Count(0, $" of {await run.DisplayOfAsync(subject, cancellationToken)}"), []);
        }
    }
}
