using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using PlateWeb.Chat.Evaluation;
using PlateWeb.Chat.Grounding;
using PlateWeb.Data;
using PlateWeb.Data.Tests;

namespace PlateWeb.Chat.Tests.Grounding;

/// <summary>
/// The chat on PostgreSQL: every held-out question of ask-eval (tools/plateweb_tools/chat/eval/heldout.jsonl, 930 in English and
/// French, follow-ups included) grounded on the evaluation history (seed.jsonl) stored once in a SQLite file and once
/// in a throwaway PostgreSQL cluster must give the same fact lines, word for word, and the same query.
/// </summary>
public sealed class HeldOutGroundingTests(PostgresDatabase postgres) : IClassFixture<PostgresDatabase>, IDisposable
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
    private static readonly string Eval = Path.Combine(RepositoryRoot.Path, "tools", "plateweb_tools", "chat", "eval");

    private readonly string _folder = Directory.CreateTempSubdirectory("plateweb-chat-heldout-").FullName;

    [Fact]
    public async Task EveryHeldOutQuestion_SameFactsOnSqliteAndPostgres()
    {
        await postgres.ResetAsync();
        var questions = EvalQuestion.ReadJsonl(Path.Combine(Eval, "heldout.jsonl"));
        Assert.True(questions.Count >= 900, $"{questions.Count} held-out questions");

        var onSqlite = await GroundAllAsync(new DataOptions { DataDirectory = _folder }, questions);
        var onPostgres = await GroundAllAsync(new DataOptions { Provider = DatabaseProvider.Postgres, ConnectionString = postgres.ConnectionString }, questions);

        // Most questions find facts (the others are the "not in the data" ones): the comparison is not of two empty lists.
        Assert.True(onSqlite.Count(g => g.Facts.Count > 0) >= questions.Count * 3 / 4, $"{onSqlite.Count(g => g.Facts.Count > 0)} questions with facts");
        var differ = Enumerable.Range(0, questions.Count)
            .Where(i => !onSqlite[i].Facts.SequenceEqual(onPostgres[i].Facts) || onSqlite[i].Query != onPostgres[i].Query)
            .Select(i => $"{questions[i].Question} ({questions[i].Today})\n  SQLite:     {onSqlite[i].Query} | {string.Join(" | ", onSqlite[i].Facts)}\n  PostgreSQL: {onPostgres[i].Query} | {string.Join(" | ", onPostgres[i].Facts)}")
            .ToList();
        Assert.True(differ.Count == 0, $"{differ.Count} of {questions.Count} questions grounded differently:\n" + string.Join("\n", differ.Take(10)));
    }

    private static async Task<List<(string? Query, List<string> Facts)>> GroundAllAsync(DataOptions database, IReadOnlyList<EvalQuestion> questions)
    {
        var factory = new Factory(PlateDatabase.Options(database));
        await using (var db = factory.CreateDbContext())
        {
            await db.Database.MigrateAsync();
        }
        var grammar = new PlateWeb.Recognition.Grammar.PlateGrammar();
        await HistorySeeder.SeedAsync(factory, SeedRead.ReadJsonl(Path.Combine(Eval, "seed.jsonl")), Paris, grammar, CancellationToken.None);
        var clock = new FixedClock(DateTimeOffset.UnixEpoch, Paris);
        var grounding = new GroundingService(factory, grammar, clock, NullLogger<GroundingService>.Instance);
        var results = new List<(string?, List<string>)>();
        foreach (var q in questions)
        {
            clock.SetToday(q.TodayDate);
            var context = q.Previous is { } previous
                ? new GroundingContext(null, null) { LastQuery = (await grounding.GroundAsync(previous, null, CancellationToken.None)).Query }
                : null;
            var grounded = await grounding.GroundAsync(q.Question, context, CancellationToken.None);
            results.Add((grounded.Query, grounded.Facts.Select(PromptFormat.Numbered).ToList()));
        }
        return results;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private sealed class Factory(DbContextOptions<PlateDbContext> options) : IDbContextFactory<PlateDbContext>
    {
        public PlateDbContext CreateDbContext() => new(options);
    }
}
