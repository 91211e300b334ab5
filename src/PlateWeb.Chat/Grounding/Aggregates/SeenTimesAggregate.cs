using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;

namespace PlateWeb.Chat.Grounding.Aggregates;

/// <summary>
/// "Which plates were seen only once?", "plaques vues au moins 3 fois": the plates of the scope whose number of
/// reads is exactly, or at least, N. Facts: the number of such plates, then each one's tally (≤ 10, most reads
/// first). The model never saw these lines, so the answer is ready-made.
/// </summary>
internal sealed class SeenTimesAggregate : IAggregate
{
    private static readonly string Count = @"\d{1,4}|" + NumberWords.Pattern;

    // Checked in order: "more than twice" before "twice".
    private static readonly (Regex Pattern, bool AtLeast, int Add)[] Rules =
    [
        (QuestionShape.Words($@"(?:at least|no less than|au moins|au minimum) ({Count}) (?:times|time|fois)|({Count}) (?:times|fois) (?:or more|ou plus)"), true, 0),
        (QuestionShape.Words(@"at least twice|au moins deux fois"), true, 2),
        (QuestionShape.Words($@"(?:more than|over|plus de) ({Count}) (?:times|time|fois)"), true, 1),
        (QuestionShape.Words(@"more than once|plus d'une fois|several times|plusieurs fois|repeatedly|more than twice|plus de deux fois"), true, -1),
        (QuestionShape.Words($@"(?:exactly |exactement |only |seulement |juste )?({Count}) (?:times|time|fois)"), false, 0),
        (QuestionShape.Words(@"(?:only |just |exactly )?once|(?:qu'|seulement |juste |exactement )?une (?:seule )?fois|a single time"), false, 1),
        (QuestionShape.Words(@"(?:only |just |exactly )?twice"), false, 2),
    ];

    public string Asked => "seen_times";

    // Before count (60) and list (90): "How many plates were seen only once?" is about plates seen once.
    public int? WordOrder => 55;

    public bool MatchesWords(QuestionShape question) =>
        question.PlateCount == 0 && !question.AboutOnePlate && Parse(question.Rest) is not null;

    /// <summary>(N, at least) from the words; "more than once" is at least 2, "more than twice" at least 3.</summary>
    internal static (int N, bool AtLeast)? Parse(string rest)
    {
        foreach (var (pattern, atLeast, add) in Rules)
        {
            if (pattern.Match(rest) is not { Success: true } m) continue;
            if (add == -1) return (m.Value.Contains("twice", StringComparison.Ordinal) || m.Value.Contains("deux", StringComparison.Ordinal) ? 3 : 2, true);
            var group = m.Groups.Cast<Group>().Skip(1).FirstOrDefault(g => g.Success);
            var n = group is null ? add : Number(group.Value) + add;
            if (n is < 1 or > 100000) return null;
            return (n, atLeast);
        }
        return null;
    }

    public async Task GroundAsync(QueryRun run, CancellationToken cancellationToken)
    {
        if (Parse(run.Analysis.Shape.Rest) is not var (n, atLeast)) return;
        // Over all time (no country or filter), the plate summaries hold each plate's count: a range of their
        // (Reads, LastAt) index. Otherwise one GROUP BY over the EffectiveText index. Either way the matching plates come
        // back whole and are counted and ranked here, rather than a second pass for the count.
        static (List<(string Key, int Count)>, int) Rank(List<(string Key, int Count, DateTime Last)> all) =>
            (all.OrderByDescending(g => g.Count).ThenByDescending(g => g.Last).ThenBy(g => g.Key, StringComparer.Ordinal)
                .Take(GroundingLimits.MaxListLines).Select(g => (g.Key, g.Count)).ToList(), all.Count);
        var (plates, total) = await run.Reads.SummarisedAsync(run.Scope, cancellationToken)
            ? await run.Reads.SummariesAsync(run.Scope.Prefix, async (summaries, ct) =>
            {
                // "Seen once" may be most plates: the count and the first ones are two ranges of the (Reads, LastAt, …) index.
                summaries = atLeast ? summaries.Where(p => p.Reads >= n) : summaries.Where(p => p.Reads == n);
                var top = await summaries.OrderByDescending(p => p.Reads).ThenByDescending(p => p.LastAt).ThenBy(p => p.EffectiveText)
                    .Take(GroundingLimits.MaxListLines).Select(p => new { p.EffectiveText, p.Reads }).ToListAsync(ct);
                var count = top.Count < GroundingLimits.MaxListLines ? top.Count : await summaries.CountAsync(ct);
                return (top.Select(p => (Key: p.EffectiveText, Count: p.Reads)).ToList(), count);
            }, cancellationToken)
            : await run.Reads.QueryAsync(run.Scope, async (reads, ct) =>
            {
                var groups = reads.GroupBy(r => r.EffectiveText).Select(g => new { g.Key, Count = g.Count(), Last = g.Max(r => r.CreatedAt) });
                groups = atLeast ? groups.Where(g => g.Count >= n) : groups.Where(g => g.Count == n);
                var all = await groups.ToListAsync(ct);
                return Rank(all.Select(g => (g.Key, g.Count, g.Last)).ToList());
            }, cancellationToken);

        var fr = run.French;
        var how = (atLeast ? (fr ? "au moins " : "at least ") : (fr ? "exactement " : "exactly ")) + ReadyAnswer.Times(n, fr);
        var tail = string.Create(CultureInfo.InvariantCulture, $" seen {(atLeast ? "at least" : "exactly")} {n} time{(n == 1 ? "" : "s")}");
        var countFact = run.Add(FactLines.PlateCount(total, tail + run.ScopeTail), []);
        var cited = new List<string>();
        foreach (var plate in plates)
        {
            var (_, ids) = await run.Reads.CountAsync(run.Scope with { PlateKey = plate.Key }, cancellationToken);
            var newest = await run.Reads.ReadsAsync(run.Scope with { PlateKey = plate.Key }, 1, oldestFirst: false, cancellationToken);
            var text = newest.Count > 0 ? run.Display(newest[0]) : plate.Key;
            var fact = run.Add(FactLines.PlateTally(text, plate.Count), ids, text);
            cited.Add(atLeast
                ? $"{text} ({ReadyAnswer.Times(plate.Count, fr)}) {ReadyAnswer.Cite(fact)}"
                : $"{text} {ReadyAnswer.Cite(fact)}");
        }

        var during = ReadyAnswer.During(run.Analysis.Period, fr);
        run.Answer = (total, fr) switch
        {
            (0, false) => $"No plate was seen {how}{during} {ReadyAnswer.Cite(countFact)}.",
            (0, true) => $"Aucune plaque n'a été vue {how}{during} {ReadyAnswer.Cite(countFact)}.",
            (1, false) => $"1 plate was seen {how}{during} {ReadyAnswer.Cite(countFact)}: {ReadyAnswer.Join(cited)}.",
            (1, true) => $"1 plaque a été vue {how}{during} {ReadyAnswer.Cite(countFact)} : {ReadyAnswer.Join(cited)}.",
            (_, false) => string.Create(CultureInfo.InvariantCulture, $"{total} plates were seen {how}{during} {ReadyAnswer.Cite(countFact)}: {ReadyAnswer.Join(cited)}{More(total, plates.Count, false)}."),
            _ => string.Create(CultureInfo.InvariantCulture, $"{total} plaques ont été vues {how}{during} {ReadyAnswer.Cite(countFact)} : {ReadyAnswer.Join(cited)}{More(total, plates.Count, true)}."),
        };
    }

    // No count of the plates left out: that number is in no fact, and the answer check refuses numbers no fact holds.
    private static string More(int total, int shown, bool french) => total <= shown ? "" : french ? ", entre autres" : ", among others";

    private static int Number(string text) =>
        NumberWords.Parse(text);
}
