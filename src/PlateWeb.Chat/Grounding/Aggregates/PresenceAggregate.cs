using System.Globalization;
using System.Text.RegularExpressions;

namespace PlateWeb.Chat.Grounding.Aggregates;

/// <summary>
/// "Did AB-123-CD come on Tuesday?", "Est-ce que AB-123-CD est passée hier ?": one plate and a period, asked as
/// yes or no. Facts: "AB-123-CD seen on 2026-11-24 (Tuesday): yes, 1 read", then its reads in the period (≤ 10),
/// or, when not seen then, its summary (when it was last seen). The answer is ready-made.
/// </summary>
internal sealed class PresenceAggregate : IAggregate
{
    // Yes/no forms. Without them, a plate and a period is still this question (its shape).
    private static readonly Regex Pattern = QuestionShape.Words(
        @"did|was|has|have|were|is|come|came|pass(?:ed)?|est-ce que|est-ce qu'|est-elle|a-t-elle|a-t-on|avons-nous|l'a-t-on|venue?|passee?|vue?");

    public string Asked => "presence";

    // After corrections (40) and country (50), before count (60): "Did AB-123-CD come yesterday?" is yes/no,
    // "How many times did AB-123-CD come yesterday?" is a count.
    public int? WordOrder => 58;

    public int? ShapeOrder => 20;

    public bool MatchesWords(QuestionShape question) =>
        MatchesShape(question) && Pattern.IsMatch(question.Rest) && !Other.IsMatch(question.Rest);

    public bool MatchesShape(QuestionShape question) => question.PlateCount == 1 && question.Period is not null;

    // Words of the aggregates after this one that must keep their question ("how many", "when", "which").
    private static readonly Regex Other = QuestionShape.Words(@"how many|how often|number of|combien|nombre|when|quand|what time|a quelle heure|which|quelles?|list\w*|show(?! up)|montre\w*|first|earliest|premiere?");

    public async Task GroundAsync(QueryRun run, CancellationToken cancellationToken)
    {
        var subjects = await run.SubjectsAsync(cancellationToken);
        if (subjects.Count == 0 || run.Analysis.Period is not { } period) return;
        var subject = subjects[0];
        if (run.NotFound(subject)) return;

        var plate = await run.DisplayOfAsync(subject, cancellationToken);
        var (count, ids) = await run.Reads.CountAsync(run.Period with { PlateKey = subject.Key }, cancellationToken);
        var presence = run.Add(FactLines.Presence(plate, period, count) + run.FilterTail, ids, plate);
        var fr = run.French;
        var during = ReadyAnswer.During(period, fr);
        if (count == 0)
        {
            var stats = await run.Reads.StatsAsync(new ReadScope(PlateKey: subject.Key), cancellationToken);
            if (stats is null) return;
            var summary = run.AddSummary(stats);
            var lastAt = run.Local(stats.LastUtc);
            var last = lastAt.ToString(fr ? "yyyy-MM-dd 'à' HH:mm" : "yyyy-MM-dd 'at' HH:mm", CultureInfo.InvariantCulture);
            run.Answer = fr
                ? $"Non, {plate} n'a pas été vue{during} {ReadyAnswer.Cite(presence)} ; elle a été vue pour la dernière fois le {last} {ReadyAnswer.Cite(summary)}."
                : $"No, {plate} was not seen{during} {ReadyAnswer.Cite(presence)}; it was last seen on {last} {ReadyAnswer.Cite(summary)}.";
            return;
        }

        var reads = await run.Reads.ReadsAsync(run.Period with { PlateKey = subject.Key }, GroundingLimits.MaxListLines, oldestFirst: false, cancellationToken);
        var times = reads.Select(r => (Fact: run.AddRead(r), At: run.Local(r.CreatedAtUtc)))
            .OrderBy(x => x.At)
            .Select(x => $"{x.At.ToString(period.From == period.To ? "HH:mm" : "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} {ReadyAnswer.Cite(x.Fact)}");
        run.Answer = fr
            ? $"Oui, {plate} a été vue {ReadyAnswer.Times(count, true)}{during} {ReadyAnswer.Cite(presence)} : {(count > GroundingLimits.MaxListLines ? "dernières lectures à " : "à ")}{ReadyAnswer.Join(times)}."
            : $"Yes, {plate} was seen {ReadyAnswer.Times(count, false)}{during} {ReadyAnswer.Cite(presence)}: {(count > GroundingLimits.MaxListLines ? "latest reads at " : "at ")}{ReadyAnswer.Join(times)}.";
    }
}
