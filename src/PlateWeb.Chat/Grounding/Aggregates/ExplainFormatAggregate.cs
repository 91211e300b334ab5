namespace PlateWeb.Chat.Grounding.Aggregates;

/// <summary>
/// "Explain the format of X": the plate's format (the stored read's, else the grammar's first fit) and up to
/// two formats of other countries that the text also fits, each explained in the question's language. A format
/// is a property of the text, so a plate the history never saw is explained too; a text that fits none is
/// "not found". A country named and no plate: that country's formats on their examples.
/// </summary>
internal sealed class ExplainFormatAggregate : IAggregate
{
    private static readonly System.Text.RegularExpressions.Regex Pattern = QuestionShape.Words(
        @"formats?|explain\w*|expliqu\w*|layout|what (kind|type|sort) of plate|which (kind|type) of plate|what does \S+( \S+)? mean|quel (type|genre) de plaque|que signifie|que veut dire|signification");

    public string Asked => Intents.ExplainFormat;

    public int? WordOrder => 20;

    public bool AboutThePlateInContext => true;

    public bool MatchesWords(QuestionShape question) => Pattern.IsMatch(question.Rest);

    public async Task GroundAsync(QueryRun run, CancellationToken cancellationToken)
    {
        var subjects = await run.SubjectsAsync(cancellationToken);
        if (subjects.Count == 0) ExplainCountry(run);
        foreach (var s in subjects) await ExplainAsync(run, s, cancellationToken);
    }

    private static async Task ExplainAsync(QueryRun run, Subject subject, CancellationToken ct)
    {
        var stored = subject.Read;
        if (stored is null && subject.Key is not null)
        {
            stored = (await run.Reads.ReadsAsync(new ReadScope(PlateKey: subject.Key), 1, oldestFirst: false, ct)).FirstOrDefault();
        }
        var text = stored is null ? subject.Written : run.Display(stored);
        var matches = run.Grammar.Match(text, run.Language);
        var first = matches.FirstOrDefault(m => stored is not null && m.Format.Id == stored.Format) ?? matches.FirstOrDefault();
        if (first is null)
        {
            run.Add(FactLines.NotFound(subject.Written), []);
            return;
        }
        var ids = stored is null ? [] : (await run.Reads.CountAsync(new ReadScope(PlateKey: subject.Key), ct)).Newest;
        run.Add(FactLines.Format(first.DisplayText, first.Explanation), ids, first.DisplayText);
        var others = matches
            .Where(m => !m.Format.IsGeneric && m.Format.Country != first.Format.Country)
            .DistinctBy(m => m.Format.Country)
            .Take(2);
        foreach (var other in others) run.Add(FactLines.Format(other.DisplayText, other.Explanation), [], other.DisplayText);
    }

    private static void ExplainCountry(QueryRun run)
    {
        if (run.Analysis.Country is not { } country) return;
        var formats = run.Grammar.Formats.Where(f => f.Country == country && !f.IsGeneric)
            .OrderByDescending(f => f.Prior).Take(GroundingLimits.MaxReadsShown);
        foreach (var format in formats)
        {
            var plate = run.Grammar.Format(format.Example, format);
            run.Add(FactLines.Format(plate, format.ExplanationFor(run.Language)), [], plate);
        }
    }
}
