using System.Globalization;

namespace PlateWeb.Chat.Grounding.Aggregates;

/// <summary>
/// The facts of the set questions (seen both then and then, new, not seen since): a count of plates, then a summary
/// of each of the first ten (its whole history, which shows why it belongs), and the cited list for the ready answer.
/// </summary>
internal static class PlateSet
{
    /// <param name="keys">Every plate of the set (effective texts), in the order to show them.</param>
    /// <param name="tail">The count line's words after "count: N plates".</param>
    /// <param name="item">What to say of each plate shown, from its summary ("" for nothing).</param>
    public static Task<(int CountFact, string Cited)> WriteAsync(
        QueryRun run, IReadOnlyList<string> keys, string tail, Func<PlateStats, string> item, CancellationToken ct) =>
        WriteAsync(run, keys, keys.Count, tail, item, ct);

    /// <param name="keys">The first plates of the set (at least the <see cref="GroundingLimits.MaxListLines"/> shown), in the order to show them.</param>
    /// <param name="total">How many plates the set has.</param>
    public static async Task<(int CountFact, string Cited)> WriteAsync(
        QueryRun run, IReadOnlyList<string> keys, int total, string tail, Func<PlateStats, string> item, CancellationToken ct)
    {
        var countFact = run.Add(FactLines.PlateCount(total, tail + run.ScopeTail), []);
        var cited = new List<string>();
        foreach (var key in keys.Take(GroundingLimits.MaxListLines))
        {
            if (await run.Reads.StatsAsync(new ReadScope(PlateKey: key), ct) is not { } stats) continue;
            var fact = run.AddSummary(stats);
            var what = item(stats);
            cited.Add($"{run.Display(stats.Newest)}{(what.Length > 0 ? $" ({what})" : "")} {ReadyAnswer.Cite(fact)}");
        }
        // The total is in the count fact; a number of "others" would be a value no fact holds, and fail the answer check.
        var more = total > cited.Count ? (run.French ? ", entre autres" : ", among others") : "";
        return (countFact, ReadyAnswer.Join(cited) + more);
    }

    /// <summary>"3 plates" / "3 plaques", "1 plate" / "1 plaque".</summary>
    public static string Plates(int n, bool french) =>
        string.Create(CultureInfo.InvariantCulture, $"{n} {(french ? "plaque" : "plate")}{(n == 1 ? "" : "s")}");

    /// <summary>"2026-11-16" of a UTC time, in local time.</summary>
    public static string Date(QueryRun run, DateTime utc) => run.Local(utc).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
