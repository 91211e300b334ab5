using System.CommandLine;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PlateWeb.Chat;
using PlateWeb.Chat.Grounding;
using static PlateWeb.Cli.CliOptions;

namespace PlateWeb.Cli.Commands;

/// <summary>
/// `platectl ask [--data DIR] [--facts] [--time-zone ZONE] "QUESTION"`: the chat on the terminal, against the same
/// database as the web app. The answer streams to standard output as it passes the answer check, then its
/// sources; an answer that fails the check is followed by a note (standard error) and the facts written
/// plainly, which replace it. --facts prints the grounded prompt (docs/CHAT-PROMPT.md) and runs no model.
/// </summary>
public sealed class AskCommand(Action<IServiceCollection> addServices)
{
    private static readonly Option<bool> Facts = Switch("--facts", "Print the grounded prompt and run no model.");
    private static readonly Option<string> LastQuery = Text("--last-query", "Q", "The previous answer's query, for a follow-up.");
    private static readonly Option<string> TimeZone = Text("--time-zone", "ZONE", "The zone of \"today\" and of the times in the answer (an IANA id).");

    public static CliVerb Verb { get; } = new("Ask the chat about the stored history: the answer, then its sources.", [DataFolder(), Facts, LastQuery, TimeZone]);

    public async Task<int> RunAsync(CliContext ctx)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        var question = PromptFormat.UserText(string.Join(' ', ctx.Positional));
        if (question.Length == 0)
        {
            Console.Error.WriteLine("platectl ask: give a question, for example: platectl ask \"How many plates today?\"");
            return 2;
        }

        TimeZoneInfo? zone = null;
        if (ctx.Parse.GetValue(TimeZone) is { } zoneId && !PlateWeb.Data.Time.ZoneTime.TryFind(zoneId, out zone))
        {
            Console.Error.WriteLine($"platectl ask: --time-zone '{zoneId}' is not a time zone: give an IANA id such as Europe/Paris or UTC.");
            return 2;
        }

        using var cts = new CancellationTokenSource();
        ConsoleCancelEventHandler stop = (_, e) =>
        {
            // Ctrl+C stops generation; the partial answer and the sources are still printed.
            e.Cancel = true;
            cts.Cancel();
        };
        Console.CancelKeyPress += stop;
        try
        {
            using var host = await ChatHost.StartAsync(ctx, addServices, ctx.Value("--data"), CancellationToken.None);
            var options = host.Services.GetRequiredService<IOptions<ChatOptions>>().Value;
            if (ChatService.Check(question, options) is { } problem)
            {
                Console.Error.WriteLine($"platectl ask: {problem}");
                return 2;
            }
            // One question per run: a follow-up ("and yesterday?") passes the previous run's "Query:" line back.
            // "today", "after 22:00" and the times of the facts are in --time-zone when given.
            var lastQuery = ctx.Parse.GetValue(LastQuery);
            var context = lastQuery is null && zone is null ? null : new GroundingContext(null, null) { LastQuery = lastQuery, TimeZone = zone };
            if (ctx.Parse.GetValue(Facts))
            {
                var grounded = await host.Services.GetRequiredService<IGroundingService>().GroundAsync(question, context, CancellationToken.None);
                Console.Out.Write(PromptFormat.ChatMl(PromptFormat.Prompt(options.SystemPrompt, grounded)));
                return 0;
            }
            if (ChatHost.ModelOrExplain(host, "ask") is null) return 1;
            return await StreamAsync(host.Services.GetRequiredService<IChatService>(), question, context, cts.Token);
        }
        finally
        {
            Console.CancelKeyPress -= stop;
        }
    }

    private static async Task<int> StreamAsync(IChatService chat, string question, GroundingContext? context, CancellationToken ct)
    {
        GroundedQuestion? grounded = null;
        var code = 0;
        var answered = false;
        try
        {
            await foreach (var e in chat.AskAsync(question, context, ct))
            {
                switch (e)
                {
                    case ChatGrounded g:
                        grounded = g.Grounding;
                        break;
                    case ChatQueued q:
                        Console.Error.WriteLine($"(waiting for the model: position {q.Position})");
                        break;
                    case ChatToken t:
                        Console.Out.Write(t.Text);
                        Console.Out.Flush();
                        answered = true;
                        break;
                    case ChatChecked { Replaces: true } check:
                        // A terminal cannot take back what it printed: the replacement follows, marked.
                        if (answered) Console.Out.WriteLine();
                        Console.Error.WriteLine(check.Outcome == AnswerOutcome.Replaced
                            ? "(the model's answer did not match the facts; written from the facts instead:)"
                            : "(the model's first answer did not match the facts; its second one:)");
                        Console.Out.Write(check.Text);
                        Console.Out.Flush();
                        answered = true;
                        break;
                    case ChatCompleted c:
                        if (answered) Console.Out.WriteLine();
                        if (c.Cancelled) Console.Error.WriteLine("(stopped)");
                        break;
                    case ChatUnavailable u:
                        Console.Error.WriteLine($"platectl ask: {u.Message}");
                        code = 1;
                        break;
                    case ChatRejected r:
                        Console.Error.WriteLine($"platectl ask: {r.Message}");
                        return 2;
                }
            }
        }
        catch (OperationCanceledException)
        {
            if (answered) Console.Out.WriteLine();
            Console.Error.WriteLine("(stopped)");
        }
        if (grounded is not null) Console.Out.Write(Sources(grounded));
        // On standard error, so the answer and its sources stay what they were for scripts that read them.
        if (grounded?.Query is { } query) Console.Error.WriteLine($"Query: {query}");
        return code;
    }

    /// <summary>"Sources:" then each fact line with the reads it came from.</summary>
    public static string Sources(GroundedQuestion grounded)
    {
        ArgumentNullException.ThrowIfNull(grounded);
        var sb = new StringBuilder("\nSources:\n");
        if (grounded.Facts.Count == 0) sb.Append("(none)\n");
        foreach (var fact in grounded.Facts)
        {
            sb.Append(PromptFormat.Numbered(fact));
            if (fact.ReadIds.Count > 0) sb.Append("  (reads ").Append(string.Join(", ", fact.ReadIds.Select(id => "#" + id))).Append(')');
            sb.Append('\n');
        }
        return sb.ToString();
    }
}
