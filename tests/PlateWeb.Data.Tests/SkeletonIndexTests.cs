using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using PlateWeb.Data.Storage;
using PlateWeb.Recognition.Detection;
using PlateWeb.Recognition.Grammar;
using PlateWeb.Recognition.Pipeline;

namespace PlateWeb.Data.Tests;

/// <summary>The trigram index behind the tolerant search, on a real SQLite file: kept in step by its triggers, and never narrower than the LIKE patterns.</summary>
public sealed class SkeletonIndexTests : IAsyncLifetime
{
    private readonly TempDatabase _db = new();

    public Task InitializeAsync() => _db.InitializeAsync();

    public Task DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task Index_FollowsInsertCorrectionAndDelete()
    {
        var stored = await _db.Store.StoreAsync(FakePng(1), "a.png", 10, 10, [Read("AB123CD", "AB-123-CD")], default);
        var readId = stored.Image.Reads[0].Id;
        Assert.Equal([readId], await IndexedAsync("A8123"));

        await _db.Store.CorrectAsync(readId, "GH-456-JK", default);
        Assert.Equal([readId], await IndexedAsync("6H456"));
        Assert.Equal([readId], await IndexedAsync("A8123"));
        await _db.Store.CorrectAsync(readId, null, default);
        Assert.Empty(await IndexedAsync("6H456"));

        await _db.Store.DeleteImageAsync(stored.Image.Id, default);
        Assert.Empty(await IndexedAsync("A8123"));
    }

    [Fact]
    public async Task Ensure_TriggersDroppedByATableRebuild_AreCreatedAgainAndTheIndexRefilled()
    {
        await _db.Store.StoreAsync(FakePng(2), "b.png", 10, 10, [Read("GH456JK", "GH-456-JK")], default);
        await using (var db = await _db.DbFactory.CreateDbContextAsync())
        {
            Assert.False(await SkeletonIndex.EnsureAsync(db, default));
            await db.Database.ExecuteSqlRawAsync(SkeletonIndex.DropSql);
            Assert.True(await SkeletonIndex.EnsureAsync(db, default));
        }

        Assert.Single(await IndexedAsync("6H456"));
        Assert.Single((await _db.Queries.SearchAsync(new ReadQuery("6H456JK"), default)).Items);
    }

    [Theory]
    [InlineData("AB")]
    [InlineData("A8")]
    public void MatchQuery_TooShortForTrigrams_IsNull(string skeleton) =>
        Assert.Null(SkeletonIndex.MatchQuery(ReadQueries.SearchPatterns(skeleton)));

    [Fact]
    public void MatchQuery_KeepsOnlyTheShortestRuns()
    {
        Assert.Equal("\"A81\"", SkeletonIndex.MatchQuery(ReadQueries.SearchPatterns("A81")));
        var query = SkeletonIndex.MatchQuery(ReadQueries.SearchPatterns("A8123C0"))!;
        Assert.DoesNotContain("\"A8123C0\"", query, StringComparison.Ordinal);
        Assert.Contains(" OR ", query, StringComparison.Ordinal);
    }

    /// <summary>
    /// The index may only narrow the search, never lose a read that a LIKE pattern accepts: for random
    /// skeletons and queries, every accepted text holds one of the runs the index is asked for.
    /// </summary>
    [Fact]
    public void MatchQuery_IsNeverNarrowerThanTheLikePatterns()
    {
        var random = new Random(11);
        const string alphabet = "A0168C52";
        string Random(int length) => new(Enumerable.Range(0, length).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
        var accepted = 0;
        for (var i = 0; i < 4000; i++)
        {
            var query = Random(random.Next(3, 9));
            var patterns = ReadQueries.SearchPatterns(query);
            var runs = Regex.Matches(SkeletonIndex.MatchQuery(patterns)!, "\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
            // Texts near the query: itself with an edit, inside some noise, so that many are accepted.
            var text = Random(random.Next(0, 3)) + Mutate(query, random) + Random(random.Next(0, 3));
            if (!patterns.Any(p => Like(text, p))) continue;
            accepted++;
            Assert.True(runs.Any(run => text.Contains(run, StringComparison.Ordinal)), $"{text} matches {query} but none of {string.Join(",", runs)}");
        }
        Assert.True(accepted > 1000, $"only {accepted} texts were accepted: the test proves little");
    }

    private static string Mutate(string query, Random random) => random.Next(4) switch
    {
        0 => query,
        1 => query.Remove(random.Next(query.Length), 1),
        2 => query.Insert(random.Next(query.Length + 1), "8"),
        _ => query.Remove(random.Next(query.Length), 1).Insert(random.Next(query.Length - 1), "C"),
    };

    private static bool Like(string text, string pattern) =>
        Regex.IsMatch(text, "^" + Regex.Escape(pattern).Replace("%", ".*", StringComparison.Ordinal).Replace("_", ".", StringComparison.Ordinal) + "$");

    private async Task<List<long>> IndexedAsync(string run)
    {
        await using var db = await _db.DbFactory.CreateDbContextAsync();
        var match = $"\"{PlateGrammar.Skeleton(run)}\"";
        return await db.Database.SqlQuery<long>($"SELECT rowid AS Value FROM ReadSkeletons WHERE ReadSkeletons MATCH {match}").ToListAsync();
    }

    private static PlateRead Read(string text, string display) => new(
        text, display, 0.9f, [.. text.Select(_ => 0.9f)], [new PlateCandidate(text, 0.9f, "FR-SIV")],
        new Quad(new PointF(1, 2), new PointF(30, 2), new PointF(30, 12), new PointF(1, 12)),
        "FR", "FR-SIV", 0.9f, "French SIV format", text, []);

    private static byte[] FakePng(int seed) => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, (byte)seed, (byte)seed, (byte)seed];
}
