namespace PlateWeb.Chat.Grounding.Aggregates;

/// <summary>
/// "How sure are you about X?": the read in context alone; a plate with up to 3 reads: those reads, newest
/// first; more: its summary. Nothing named: the newest read. ("Confidence below 60 %" is a filter, not this.)
/// </summary>
internal sealed class ConfidenceAggregate : IAggregate
{
    private static readonly System.Text.RegularExpressions.Regex Pattern = QuestionShape.Words(
        @"confidence|confident|sure|certain|reliable|reliability|accurate|accuracy|confiance|fiable|fiabilite|certitude|precision|sur de|certaine?");

    public string Asked => Intents.Confidence;

    public int? WordOrder => 30;

    public bool AboutThePlateInContext => true;

    // "How many reads is the system not sure about, confidence below 70?" counts reads: without a plate, counting words win.
    private static readonly System.Text.RegularExpressions.Regex Counting = QuestionShape.Words(@"how many|number of|combien|nombre");

    public bool MatchesWords(QuestionShape question) =>
        Pattern.IsMatch(question.Rest) && !(question.PlateCount == 0 && !question.AboutOnePlate && Counting.IsMatch(question.Rest));

    public async Task GroundAsync(QueryRun run, CancellationToken cancellationToken)
    {
        var subjects = await run.SubjectsAsync(cancellationToken);
        if (subjects.Count == 0) await run.OneReadOfScopeAsync(oldest: false, cancellationToken);
        foreach (var subject in subjects)
        {
            if (subject.Read is { } read)
            {
                run.AddRead(read);
                continue;
            }
            if (run.NotFound(subject)) continue;
            var reads = await run.Reads.ReadsAsync(new ReadScope(PlateKey: subject.Key), GroundingLimits.MaxReadsShown + 1, oldestFirst: false, cancellationToken);
            if (reads.Count <= GroundingLimits.MaxReadsShown)
            {
                foreach (var r in reads) run.AddRead(r);
            }
            else
            {
                await run.SummaryAsync(subject, cancellationToken);
            }
        }
    }
}
