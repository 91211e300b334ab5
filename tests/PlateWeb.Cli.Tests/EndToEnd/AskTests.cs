using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PlateWeb.Chat;
using PlateWeb.Chat.Evaluation;
using PlateWeb.Cli.Commands;
using PlateWeb.Data;
using PlateWeb.Recognition.Grammar;
using Xunit.Abstractions;

namespace PlateWeb.Cli.Tests.EndToEnd;

/// <summary>`platectl ask` and `ask-eval` in-process on a real SQLite history, with a fake model that repeats its first fact.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class AskTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
    private const string Golden = "Combien de fois a-t-on vu AB123CD depuis lundi ?";

    private readonly string _root = Directory.CreateTempSubdirectory("plateweb-ask-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
    }

    private static string TestData(string name) => Path.Combine(RepositoryRoot, "tests", "PlateWeb.Cli.Tests", "TestData", "ask-eval", name);

    private static string RepositoryRoot { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PlateWeb.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("PlateWeb.sln not found");
    }

    /// <summary>A data folder holding the ask-eval fixture's reads (local times in Paris).</summary>
    private async Task<string> SeededDataAsync()
    {
        var data = Directory.CreateDirectory(Path.Combine(_root, "data")).FullName;
        var options = new DbContextOptionsBuilder<PlateDbContext>().UseSqlite($"Data Source={Path.Combine(data, "plateweb.db")}").Options;
        await using (var db = new PlateDbContext(options))
        {
            await db.Database.MigrateAsync();
        }
        await HistorySeeder.SeedAsync(new Factory(options), SeedRead.ReadJsonl(TestData("seed.jsonl")), Paris, new PlateGrammar(), CancellationToken.None);
        return data;
    }

    /// <summary>The model, and for `ask` a clock on Sunday 2026-11-29 in Paris (ask-eval sets its own clock per question).</summary>
    private static Action<IServiceCollection> With(IChatModel? model, bool pinClock = true) => services =>
    {
        if (pinClock)
        {
            var clock = new FixedClock(DateTimeOffset.UnixEpoch, Paris);
            clock.SetToday(new DateOnly(2026, 11, 29));
            services.AddSingleton<TimeProvider>(clock);
        }
        if (model is not null) services.AddSingleton(model);
    };

    private Task<(int Code, string Out, string Error)> Run(Action<IServiceCollection> services, params string[] args) =>
        ConsoleCapture.RunCliAsync(new Dictionary<string, Func<CliContext, Task<int>>>
        {
            ["ask"] = new AskCommand(services).RunAsync,
            ["ask-eval"] = new AskEvalCommand(services).RunAsync,
        }, output, args);

    [Fact]
    public async Task AskFacts_GoldenQuestion_PrintsTheGoldenPrompt()
    {
        var data = await SeededDataAsync();

        var (code, stdout, _) = await Run(With(model: null), "ask", "--data", data, "--facts", Golden);

        Assert.Equal(0, code);
        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(RepositoryRoot, "tools", "plateweb_tools", "chat", "testdata", "prompt-golden.txt")), stdout);
    }

    [Fact]
    public async Task Ask_WithModel_StreamsTheAnswerThenTheSourcesWithReadIds()
    {
        var data = await SeededDataAsync();
        var model = new EchoModel(_ => "AB-123-CD was seen 3 times [1]. It was last seen on 2026-11-28 at 17:02 [2].");

        var (code, stdout, stderr) = await Run(With(model), "ask", "--data", data, "How", "many", "times", "did", "we", "see", "AB-123-CD?");

        Assert.Equal(0, code);
        Assert.Equal(
            "AB-123-CD was seen 3 times [1]. It was last seen on 2026-11-28 at 17:02 [2].\n" +
            "\nSources:\n" +
            "[1] count: 3 reads of AB-123-CD  (reads #3, #2, #1)\n" +
            "[2] plate AB-123-CD: 3 reads, first 2026-11-23 08:14, last 2026-11-28 17:02, country FR (France), best confidence 93%  (reads #3, #2, #1)\n",
            stdout.ReplaceLineEndings("\n"));
        Assert.DoesNotContain("did not match", stderr, StringComparison.Ordinal);
        Assert.True(model.TokensSent > 3, "the answer came as several tokens");
        Assert.Equal("How many times did we see AB-123-CD?", Assert.Single(model.Prompts).User);
    }

    [Fact]
    public async Task Ask_ModelCopiesAFactLine_ReplacedByTheFactsWithANote()
    {
        var data = await SeededDataAsync();

        // The echo writes "count: 3 reads of AB-123-CD [1]": fact syntax, not an answer.
        var (code, stdout, stderr) = await Run(With(new EchoModel()), "ask", "--data", data, "Combien", "de", "fois", "a-t-on", "vu", "AB-123-CD ?");

        Assert.Equal(0, code);
        Assert.StartsWith(
            "AB-123-CD a été vue 3 fois [1]. En tout, elle compte 3 lectures, la dernière le 2026-11-28 à 17:02 [2].\n\nSources:\n",
            stdout.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("written from the facts instead", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_LastQuery_AndYesterday_ReusesTheQuery()
    {
        var data = await SeededDataAsync();
        var model = new EchoModel(_ => "AB-123-CD [1].");

        var (firstCode, firstOut, firstError) = await Run(With(model), "ask", "--data", data, "How many times did we see AB-123-CD this week?");
        var query = firstError.ReplaceLineEndings("\n").Split('\n').Single(l => l.StartsWith("Query: ", StringComparison.Ordinal))["Query: ".Length..];
        var (code, stdout, stderr) = await Run(With(model), "ask", "--data", data, "--last-query", query, "and yesterday?");

        Assert.Equal((0, 0), (firstCode, code));
        Assert.Equal("How many times did we see AB-123-CD this week?", query);
        Assert.Contains("[1] count: 3 reads of AB-123-CD  (reads #3, #2, #1)", firstOut, StringComparison.Ordinal);
        Assert.Contains("[1] count: 1 read of AB-123-CD  (reads #3)", stdout, StringComparison.Ordinal);
        Assert.Contains("Query: how many times did we see AB-123-CD yesterday", stderr, StringComparison.Ordinal);
        Assert.Contains("Period: 2026-11-28 to 2026-11-28", model.Prompts[^1].System, StringComparison.Ordinal);
    }

    [Fact]
    public void AskEvalCategories_RightAnswersPerCategoryAndLanguage()
    {
        var table = AskEvalCommand.Categories([("usual_arrival", "en", true), ("usual_arrival", "fr", false), ("usual_arrival", "fr", true), ("seen_both", "en", false)]);

        Assert.Equal(
            "\n| category | en right | fr right |\n|---|---|---|\n| seen_both | 0 (0.0%) | - |\n| usual_arrival | 1 (100.0%) | 1 (50.0%) |\n",
            table);
        Assert.Equal("", AskEvalCommand.Categories([]));
    }

    [Fact]
    public async Task Ask_NoModelRegistered_SaysSo()
    {
        var data = await SeededDataAsync();

        var (code, stdout, stderr) = await Run(With(model: null), "ask", "--data", data, "How many plates today?");

        Assert.Equal(1, code);
        Assert.Contains("no chat model", stderr, StringComparison.Ordinal);
        Assert.Empty(stdout);
    }

    [Fact]
    public async Task Ask_MissingModelFile_MessageAndStillTheSources()
    {
        var data = await SeededDataAsync();
        var model = new EchoModel { Status = new ModelStatus(ModelState.Missing, "models/none.gguf", "No model file at models/none.gguf.") };

        var (code, stdout, stderr) = await Run(With(model), "ask", "--data", data, "How many plates today?");

        Assert.Equal(1, code);
        Assert.Contains("No model file at models/none.gguf.", stderr, StringComparison.Ordinal);
        Assert.Contains("Sources:\n[1] count: 0 reads", stdout.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Empty(model.Prompts);
    }

    [Fact]
    public async Task Ask_HugeQuestion_RefusedWithTheLimit()
    {
        var data = await SeededDataAsync();
        var model = new EchoModel();

        var (code, _, stderr) = await Run(With(model), "ask", "--data", data, new string('x', 100_000));

        Assert.Equal(2, code);
        Assert.Contains("Chat:MaxQuestionLength", stderr, StringComparison.Ordinal);
        Assert.Empty(model.Prompts);
    }

    [Fact]
    public async Task Ask_NoQuestion_Usage()
    {
        var (code, _, stderr) = await Run(With(new EchoModel()), "ask");

        Assert.Equal(2, code);
        Assert.Contains("give a question", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AskEval_Fixture_ScoresEachLanguageAndWritesOneLinePerQuestion()
    {
        // The fake answers the weather question with a plate it made up, and every fact question with a fact line
        // copied: the check replaces them all by the facts written plainly, so no answer shown is wrong or names that plate.
        var model = new EchoModel(prompt => prompt.User.StartsWith("Quel temps", StringComparison.Ordinal) ? "Il fera beau, comme pour ZZ-999-ZZ." : null);
        var results = Path.Combine(_root, "results.jsonl");

        var (code, stdout, stderr) = await Run(With(model, pinClock: false), "ask-eval", "--seed", TestData("seed.jsonl"), "--questions", TestData("heldout.jsonl"), "--out", results);

        Assert.Equal(0, code);
        var table = stdout.ReplaceLineEndings("\n");
        Assert.Contains("| en | 3 | 3 (100.0%) | 1 | 1 (100.0%) | 0 | 3 (75.0%) | 3 | 0 | 0 |\n", table, StringComparison.Ordinal);
        Assert.Contains("| fr | 1 | 1 (100.0%) | 1 | 1 (100.0%) | 0 | 2 (100.0%) | 1 | 0 | 0 |\n", table, StringComparison.Ordinal);
        Assert.Contains("| all | 4 | 4 (100.0%) | 2 | 2 (100.0%) | 0 | 5 (83.3%) | 4 | 0 | 0 |\n", table, StringComparison.Ordinal);
        Assert.Contains("asking [", stderr, StringComparison.Ordinal);
        var lines = await File.ReadAllLinesAsync(results);
        Assert.Equal(6, lines.Length);
        using var weather = JsonDocument.Parse(lines[4]);
        Assert.True(weather.RootElement.GetProperty("passed").GetBoolean());
        Assert.Equal("Ce n'est pas dans les données.", weather.RootElement.GetProperty("answer").GetString());
        Assert.Equal("replaced", weather.RootElement.GetProperty("outcome").GetString());
        Assert.Contains("ZZ-999-ZZ", weather.RootElement.GetProperty("generated").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, weather.RootElement.GetProperty("invented_plates").GetArrayLength());
        using var today = JsonDocument.Parse(lines[2]);
        Assert.Equal("2026-11-28 to 2026-11-28", today.RootElement.GetProperty("period").GetString()); // the clock followed "today"
        Assert.Equal("[1] count: 1 read", today.RootElement.GetProperty("facts")[0].GetString());
    }

    [Fact]
    public async Task AskEval_Limit_AsksOnlyTheFirstQuestions()
    {
        var results = Path.Combine(_root, "results.jsonl");

        var (code, stdout, _) = await Run(With(new EchoModel(), pinClock: false), "ask-eval", "--seed", TestData("seed.jsonl"), "--questions", TestData("heldout.jsonl"), "--limit", "2", "--out", results);

        Assert.Equal(0, code);
        Assert.Equal(2, (await File.ReadAllLinesAsync(results)).Length);
        Assert.Contains("| all | 2 | 2 (100.0%) | 0 | - | 0 |", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AskEval_BadSeedLine_NamesTheLine()
    {
        var seed = Path.Combine(_root, "seed.jsonl");
        await File.WriteAllLinesAsync(seed, [File.ReadLines(TestData("seed.jsonl")).First(), "{\"id\":2,\"text\":\"AB-123-CD\",\"confidence\":0.9,\"at\":\"yesterday\"}"]);

        var (code, _, stderr) = await Run(With(new EchoModel(), pinClock: false), "ask-eval", "--seed", seed, "--questions", TestData("heldout.jsonl"));

        Assert.Equal(2, code);
        Assert.Contains("seed.jsonl:2:", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AskBench_SmallHistory_PrintsOneRowPerQuestion()
    {
        var (code, stdout, stderr) = await ConsoleCapture.RunCliAsync(
            new Dictionary<string, Func<CliContext, Task<int>>> { ["ask-bench"] = AskBenchCommand.RunAsync }, output, "ask-bench", "--reads", "300", "--runs", "1");

        Assert.Equal(0, code);
        Assert.Contains("300 reads seeded", stderr, StringComparison.Ordinal);
        var rows = stdout.Split('\n').Where(l => l.StartsWith("| ", StringComparison.Ordinal)).ToArray();
        Assert.Equal(AskBenchCommand.Questions.Length + 1, rows.Length); // the header and one row per question
        Assert.StartsWith("| How many times did we see AB-123-CD? | 2 | ", rows[1], StringComparison.Ordinal);
    }

    /// <summary>
    /// Answers with its first fact line and "[1]", word by word, or says the answer is not in the data
    /// when there is no fact (or only "not found" ones), in the prompt's language.
    /// </summary>
    private sealed class EchoModel(Func<ChatPrompt, string?>? answerFor = null) : IChatModel
    {
        public List<ChatPrompt> Prompts { get; } = [];

        public int TokensSent { get; private set; }

        public ModelStatus Status { get; init; } = new(ModelState.Ready, "models/echo.gguf");

        public async IAsyncEnumerable<ChatEvent> GenerateAsync(ChatPrompt prompt, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            Prompts.Add(prompt);
            yield return new ChatStarted();
            var answer = answerFor?.Invoke(prompt) ?? Echo(prompt.System);
            var words = answer.Split(' ');
            for (var i = 0; i < words.Length; i++)
            {
                await Task.Yield();
                TokensSent++;
                yield return new ChatToken(i == 0 ? words[i] : " " + words[i]);
            }
            yield return new ChatCompleted(words.Length, TimeSpan.Zero, TimeSpan.Zero, false);
        }

        private static string Echo(string system)
        {
            var lines = system.Split('\n');
            var french = lines.Contains("Language: fr");
            var facts = lines.SkipWhile(l => l != "Facts:").Skip(1).ToList();
            if (facts is ["(none)"] || facts.All(f => f.Contains("] not found: ", StringComparison.Ordinal)))
            {
                return french ? "Ce n'est pas dans les données." : "That is not in the data.";
            }
            return facts[0][(facts[0].IndexOf(' ') + 1)..] + " [1]";
        }
    }

    private sealed class Factory(DbContextOptions<PlateDbContext> options) : IDbContextFactory<PlateDbContext>
    {
        public PlateDbContext CreateDbContext() => new(options);
    }
}
