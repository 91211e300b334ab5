using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PlateWeb.Chat;
using PlateWeb.Chat.Checking;
using PlateWeb.Chat.Evaluation;
using PlateWeb.Chat.Grounding;
using PlateWeb.Data;
using PlateWeb.Jobs.Hosting;
using PlateWeb.Recognition.Grammar;
using static PlateWeb.Cli.CliOptions;

namespace PlateWeb.Cli.Commands;

/// <summary>
/// `platectl ask-eval [--seed FILE] [--questions FILE] [--limit N] [--out FILE]`: the configured chat
/// model on held-out questions, through the real grounding, against a temporary database seeded
/// from FILE, with the clock set to each question's "today". Prints per language how many fact
/// answers hold every expected string, how many no-fact answers say it is not in the data, how
/// many answers name a plate no fact holds, how many failed the answer check and were replaced (and
/// how many of those the model had right anyway), how many lists were written from the facts, and how
/// many answers were shown wrong (passed the check yet wrong: a replaced answer is never counted there), then the
/// right answers per category (the hand-written lines' category; a generated line's intent);
/// writes one JSON line per question for debugging. A follow-up (<see cref="EvalQuestion.Previous"/>) is asked with the
/// previous question's query as its last query, as the chat page does.
/// </summary>
public sealed class AskEvalCommand(Action<IServiceCollection> addServices)
{
    private static readonly Option<string> Seed = Text("--seed", "FILE", "The history the questions are about (default tools/plateweb_tools/chat/eval/seed.jsonl).");
    private static readonly Option<string> Questions = Text("--questions", "FILE", "The held-out questions (default tools/plateweb_tools/chat/eval/heldout.jsonl).");
    private static readonly Option<int> Limit = Int("--limit", "Ask only the first N questions.", int.MaxValue);
    private static readonly Option<string> Out = Text("--out", "FILE", "The results file.", "ask-eval-results.jsonl");

    public static CliVerb Verb { get; } = new("The chat model on held-out questions.", [Seed, Questions, Limit, Out]);

    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public async Task<int> RunAsync(CliContext ctx)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        var root = ContentRootLocator.Find();
        var seedPath = ctx.Parse.GetValue(Seed) ?? Path.Combine(root, "tools", "plateweb_tools", "chat", "eval", "seed.jsonl");
        var questionsPath = ctx.Parse.GetValue(Questions) ?? Path.Combine(root, "tools", "plateweb_tools", "chat", "eval", "heldout.jsonl");
        var outPath = Path.GetFullPath(ctx.Parse.GetValue(Out)!);
        var limit = ctx.Parse.GetValue(Limit);
        foreach (var path in new[] { seedPath, questionsPath })
        {
            if (!File.Exists(path))
            {
                Console.Error.WriteLine($"platectl ask-eval: {path} does not exist (see --seed and --questions).");
                return 2;
            }
        }
        if (limit < 1)
        {
            Console.Error.WriteLine("platectl ask-eval: --limit must be a whole number of at least 1.");
            return 2;
        }

        IReadOnlyList<SeedRead> seed;
        List<EvalQuestion> questions;
        try
        {
            seed = SeedRead.ReadJsonl(seedPath);
            questions = EvalQuestion.ReadJsonl(questionsPath).Take(limit).ToList();
        }
        catch (FormatException ex)
        {
            Console.Error.WriteLine($"platectl ask-eval: {ex.Message}");
            return 2;
        }

        var clock = new FixedClock(TimeProvider.System.GetUtcNow(), TimeZoneInfo.Local);
        var data = Directory.CreateTempSubdirectory("platectl-ask-eval-").FullName;
        try
        {
            using (var host = await ChatHost.StartAsync(ctx, services =>
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton<TimeProvider>(clock);
                addServices(services);
            }, data, CancellationToken.None))
            {
                if (ChatHost.ModelOrExplain(host, "ask-eval") is null) return 1;
                var grammar = host.Services.GetRequiredService<PlateGrammar>();
                await HistorySeeder.SeedAsync(host.Services.GetRequiredService<IDbContextFactory<PlateDbContext>>(), seed, clock.LocalTimeZone, grammar, CancellationToken.None);
                Console.Error.WriteLine($"platectl ask-eval: {seed.Count} reads seeded, {questions.Count} questions");
                var results = await RunQuestionsAsync(host.Services.GetRequiredService<IChatService>(), host.Services.GetRequiredService<IGroundingService>(), host.Services.GetRequiredService<FactRenderer>(), clock, new AnswerScorer(grammar), questions, outPath);
                if (results is null) return 1;
                Console.Out.Write(Table(results));
                Console.Out.WriteLine($"\nper-question results: {outPath}");
            }
            return 0;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(data, recursive: true);
        }
    }

    private sealed record Result(EvalQuestion Question, AnswerScore Score, AnswerOutcome? Outcome, bool GeneratedRight);

    private static async Task<List<Result>?> RunQuestionsAsync(
        IChatService chat, IGroundingService grounding, FactRenderer renderer, FixedClock clock, AnswerScorer scorer, IReadOnlyList<EvalQuestion> questions, string outPath)
    {
        var results = new List<Result>();
        var progress = new ProgressBar("asking", questions.Count);
        await using var output = new StreamWriter(outPath, append: false, new UTF8Encoding(false)) { NewLine = "\n" };
        foreach (var q in questions)
        {
            clock.SetToday(q.TodayDate);
            var watch = Stopwatch.StartNew();
            var answer = new StringBuilder();
            GroundedQuestion? grounded = null;
            ChatChecked? check = null;
            string? problem = null;
            // The previous turn needs only its query (what the page keeps), not an answer.
            var context = q.Previous is { } previous
                ? new GroundingContext(null, null) { LastQuery = (await grounding.GroundAsync(previous, null, CancellationToken.None)).Query }
                : null;
            await foreach (var e in chat.AskAsync(q.Question, context, CancellationToken.None))
            {
                switch (e)
                {
                    case ChatGrounded g: grounded = g.Grounding; break;
                    case ChatToken t: answer.Append(t.Text); break;
                    case ChatChecked c: check = c; break;
                    case ChatUnavailable u: problem = u.Message; break;
                    case ChatRejected r: problem = r.Message; break;
                }
            }
            if (problem is not null && grounded is not null)
            {
                // The model is missing or failed: no later question can do better.
                Console.Error.WriteLine($"platectl ask-eval: {problem}");
                return null;
            }
            // What the user is shown: the checked answer (the model's, or the facts written plainly).
            var text = (check?.Text ?? answer.ToString()).Trim();
            var score = grounded is null
                ? new AnswerScore(false, ["(question refused: " + problem + ")"], [])
                : scorer.Score(q, grounded, text);
            // A replaced answer the model had right would count against the check ("replaced" on a good answer).
            var generatedRight = check is { Replaces: true } && grounded is not null && scorer.Score(q, grounded, check.Generated.Trim()).Passed;
            results.Add(new Result(q, score, check?.Outcome, generatedRight));
            await output.WriteLineAsync(JsonSerializer.Serialize(new
            {
                lang = q.Lang,
                today = q.Today,
                kind = q.Kind,
                question = q.Question,
                previous = q.Previous,
                category = q.Category,
                expect = q.Expect,
                asked = grounded?.Intent,
                period = grounded?.Period,
                facts = grounded?.Facts.Select(PromptFormat.Numbered).ToArray(),
                answer = text,
                passed = score.Passed,
                missing = score.Missing,
                invented_plates = score.InventedPlates,
                outcome = check?.Outcome.ToString().ToLowerInvariant(),
                problems = check?.Problems.Select(p => $"{p.Kind}: {p.Detail}").ToArray(),
                generated = check is { Replaces: true } ? check.Generated : null,
                // The answer written from the facts (an aggregate's ready answer, or the facts written plainly): the
                // "reference" of a hand-written held-out line (tools/plateweb_tools/chat/eval/categories.py --results).
                reference = grounded is null ? null : grounded.Answer ?? renderer.Render(grounded),
                ms = watch.ElapsedMilliseconds,
            }, Json));
            progress.Advance(q.Lang);
        }
        return results;
    }

    /// <summary>One row of <see cref="Table"/>: how one question did.</summary>
    /// <param name="Outcome">How the shown answer passed the answer check (null: not checked).</param>
    /// <param name="GeneratedRight">The answer failed the check and was replaced, yet the model's text held every expected string.</param>
    public sealed record Row(string Lang, string Kind, bool Passed, int InventedPlates, AnswerOutcome? Outcome = null, bool GeneratedRight = false);

    /// <summary>
    /// One row per language, then all. "shown wrong": answers shown as the model wrote them (passed the check,
    /// or not checked) that are not right; an answer replaced by the facts is counted as replaced, never there.
    /// </summary>
    public static string Table(IReadOnlyList<Row> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var sb = new StringBuilder();
        sb.Append("| lang | fact questions | every expected string | nofacts questions | says not in the data | answers with an invented plate | failed the check, replaced | replaced though right | lists written from the facts | shown wrong |\n");
        sb.Append("|---|---|---|---|---|---|---|---|---|---|\n");
        foreach (var (label, group) in rows.GroupBy(r => r.Lang).OrderBy(g => g.Key, StringComparer.Ordinal)
                     .Select(g => (g.Key, g.ToList())).Append(("all", rows.ToList())))
        {
            var facts = group.Where(r => r.Kind == EvalQuestion.FactKind).ToList();
            var none = group.Where(r => r.Kind == EvalQuestion.NoFactsKind).ToList();
            var replaced = group.Count(r => r.Outcome is AnswerOutcome.Replaced or AnswerOutcome.Regenerated);
            var shownWrong = group.Count(r => !r.Passed && r.Outcome is null or AnswerOutcome.Passed);
            sb.Append(CultureInfo.InvariantCulture,
                $"| {label} | {facts.Count} | {Share(facts.Count(r => r.Passed), facts.Count)} | {none.Count} | {Share(none.Count(r => r.Passed), none.Count)} | {group.Count(r => r.InventedPlates > 0)} | {Share(replaced, group.Count)} | {group.Count(r => r.GeneratedRight)} | {group.Count(r => r.Outcome == AnswerOutcome.Rendered)} | {shownWrong} |\n");
        }
        return sb.ToString();
    }

    private static string Table(List<Result> results) =>
        Table(results.Select(r => new Row(r.Question.Lang, r.Question.Kind, r.Score.Passed, r.Score.InventedPlates.Count, r.Outcome, r.GeneratedRight)).ToList())
        + Categories(results.Select(r => (r.Question.Group, r.Question.Lang, r.Score.Passed)).ToList());

    /// <summary>Right answers per category (<see cref="EvalQuestion.Group"/>) and language (empty when there are no questions).</summary>
    public static string Categories(IReadOnlyList<(string Category, string Lang, bool Passed)> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0) return "";
        var sb = new StringBuilder("\n| category | en right | fr right |\n|---|---|---|\n");
        foreach (var g in rows.GroupBy(r => r.Category).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            string In(string lang) => Share(g.Count(r => r.Lang == lang && r.Passed), g.Count(r => r.Lang == lang));
            sb.Append(CultureInfo.InvariantCulture, $"| {g.Key} | {In("en")} | {In("fr")} |\n");
        }
        return sb.ToString();
    }

    private static string Share(int part, int total) =>
        total == 0 ? "-" : string.Create(CultureInfo.InvariantCulture, $"{part} ({100.0 * part / total:0.0}%)");
}
