using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PlateWeb.Chat.Checking;
using PlateWeb.Chat.Grounding;

namespace PlateWeb.Chat;

/// <summary>
/// One question: checked, grounded (<see cref="ChatGrounded"/> with the facts, shown as sources), then
/// the model's events forwarded as they come. A question that is empty or too long is refused with
/// <see cref="ChatRejected"/> and never reaches the grounding or the model; a missing or failed model
/// gives <see cref="ChatUnavailable"/> after the facts, so the sources still show.
/// With <see cref="ChatOptions.CheckAnswers"/>, the model's text goes out only in pieces that passed the
/// answer check (<see cref="CheckedAnswerStream"/>), and <see cref="ChatChecked"/> says what is shown in the
/// end: the model's answer, or the facts written plainly when it failed (docs/CHAT-PROMPT.md, "The answer check").
/// </summary>
public sealed partial class ChatService(
    IGroundingService grounding,
    IChatModel model,
    AnswerChecker checker,
    IOptions<ChatOptions> options,
    ILogger<ChatService> logger) : IChatService
{
    public async IAsyncEnumerable<ChatEvent> AskAsync(
        string question, GroundingContext? context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var text = PromptFormat.UserText(question ?? "");
        if (Check(text, settings) is { } problem)
        {
            if (text.Length > 0) LogRefused(logger, text.Length, settings.MaxQuestionLength);
            yield return new ChatRejected(problem);
            yield break;
        }

        var grounded = await grounding.GroundAsync(text, context, cancellationToken);
        yield return new ChatGrounded(grounded);

        // An aggregate whose facts the model never learnt wrote its answer from them: shown as is, no model needed.
        if (grounded.Answer is { } ready)
        {
            // Written from the facts like a plain rendering, and counted as one.
            yield return new ChatStarted();
            yield return new ChatToken(ready);
            Count(AnswerOutcome.Rendered, grounded, []);
            yield return new ChatChecked(AnswerOutcome.Rendered, ready, [], "");
            yield return new ChatCompleted(0, TimeSpan.Zero, TimeSpan.Zero, Cancelled: false);
            yield break;
        }

        var status = model.Status;
        if (status.State is ModelState.Missing or ModelState.Failed)
        {
            LogUnavailable(logger, status.State, status.ModelPath);
            yield return new ChatUnavailable(status.Message ?? $"The chat model is not available ({status.State}): {status.ModelPath}.");
            yield break;
        }

        var prompt = PromptFormat.Prompt(settings.SystemPrompt, grounded);
        if (!settings.CheckAnswers)
        {
            await foreach (var e in model.GenerateAsync(prompt, cancellationToken).WithCancellation(cancellationToken))
            {
                yield return e;
            }
            yield break;
        }

        var input = checker.Prepare(grounded);
        if (IsLongList(input, settings.RenderListsOver))
        {
            // Written from the facts at once: no model, no line to wait in.
            var started = Stopwatch.GetTimestamp();
            var rendered = FactRenderer.Render(input);
            yield return new ChatStarted();
            yield return new ChatToken(rendered);
            Count(AnswerOutcome.Rendered, grounded, []);
            yield return new ChatChecked(AnswerOutcome.Rendered, rendered, [], "");
            yield return new ChatCompleted(0, TimeSpan.Zero, Stopwatch.GetElapsedTime(started), Cancelled: false);
            yield break;
        }

        var stream = new CheckedAnswerStream(checker, input);
        var clock = Stopwatch.GetTimestamp();
        TimeSpan? firstToken = null;
        var tokens = 0;
        ChatCompleted? completed = null;
        await foreach (var e in model.GenerateAsync(prompt, cancellationToken).WithCancellation(cancellationToken))
        {
            if (e is ChatToken token)
            {
                tokens++;
                firstToken ??= Stopwatch.GetElapsedTime(clock);
                var shown = stream.Push(token.Text);
                // A failed piece ends the model's answer at once (leaving the loop disposes it and frees its slot).
                if (stream.Failure is not null) break;
                if (shown.Length > 0) yield return new ChatToken(shown);
                continue;
            }
            if (e is ChatCompleted done)
            {
                completed = done;
                break;
            }
            yield return e;
        }

        // Stopped by the user, or the model could not answer (ChatUnavailable was passed on): nothing to judge.
        if (completed is { Cancelled: true })
        {
            yield return completed;
            yield break;
        }
        if (completed is null && stream.Failure is null) yield break;
        completed ??= new ChatCompleted(tokens, firstToken ?? TimeSpan.Zero, Stopwatch.GetElapsedTime(clock), Cancelled: false);

        var rest = stream.Complete();
        if (stream.Failure is null)
        {
            if (rest.Length > 0) yield return new ChatToken(rest);
            Count(AnswerOutcome.Passed, grounded, []);
            yield return new ChatChecked(AnswerOutcome.Passed, stream.Generated.Trim(), [], stream.Generated);
            yield return completed;
            yield break;
        }

        var problems = stream.Failure.Problems;
        if (settings.Temperature > 0 && await RegenerateAsync(prompt, input, cancellationToken) is { } second)
        {
            Count(AnswerOutcome.Regenerated, grounded, problems);
            yield return new ChatChecked(AnswerOutcome.Regenerated, second, problems, stream.Generated);
        }
        else
        {
            Count(AnswerOutcome.Replaced, grounded, problems);
            yield return new ChatChecked(AnswerOutcome.Replaced, FactRenderer.Render(input), problems, stream.Generated);
        }
        yield return completed;
    }

    /// <summary>
    /// With sampling a second answer differs from the first, so one more is cheap to try; it is shown only
    /// whole and only when it passes. (Greedy decoding would write the same answer again: not tried.)
    /// </summary>
    private async Task<string?> RegenerateAsync(ChatPrompt prompt, CheckInput input, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        await foreach (var e in model.GenerateAsync(prompt, cancellationToken).WithCancellation(cancellationToken))
        {
            if (e is ChatToken token) text.Append(token.Text);
            if (e is ChatCompleted { Cancelled: true }) return null;
        }
        var answer = text.ToString().Trim();
        return checker.Check(input, answer, final: true).Passed ? answer : null;
    }

    /// <summary>A list of reads, plate summaries or country tallies longer than <paramref name="over"/> items.</summary>
    public static bool IsLongList(CheckInput input, int over)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (over <= 0) return false;
        var items = input.Intent switch
        {
            Intents.List or Intents.Corrections => input.Facts.Count(f => f.Kind is FactKind.SingleRead or FactKind.PlateSummary),
            Intents.Country => input.Facts.Count(f => f.Kind == FactKind.CountryTally),
            _ => 0,
        };
        return items > over;
    }

    private void Count(AnswerOutcome outcome, GroundedQuestion grounded, IReadOnlyList<AnswerProblem> problems)
    {
        AnswerCheckMetrics.Record(outcome, grounded.Language, grounded.Intent);
        if (outcome is AnswerOutcome.Passed or AnswerOutcome.Rendered)
        {
            LogChecked(logger, outcome, grounded.Language, grounded.Intent);
            return;
        }
        // The problems' kinds only: their details may quote plates, which are personal data.
        var kinds = string.Join(", ", problems.Select(p => p.Kind).Distinct());
        LogFailedCheck(logger, grounded.Language, grounded.Intent, kinds, outcome);
    }

    /// <summary>Why a question (already trimmed) cannot be asked, for the user; null when it can.</summary>
    public static string? Check(string question, ChatOptions options)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(options);
        if (question.Length == 0) return "Type a question first.";
        if (question.Length > options.MaxQuestionLength)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"The question is {question.Length} characters long; the limit is {options.MaxQuestionLength} (Chat:MaxQuestionLength). Ask something shorter.");
        }
        return null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a chat question of {Length} characters (limit {Limit})")]
    private static partial void LogRefused(ILogger logger, int length, int limit);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Answer {Outcome} ({Language} {Intent})")]
    private static partial void LogChecked(ILogger logger, AnswerOutcome outcome, string language, string intent);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A {Language} {Intent} answer failed the check ({Problems}): {Outcome}")]
    private static partial void LogFailedCheck(ILogger logger, string language, string intent, string problems, AnswerOutcome outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chat model unavailable ({State}) at {ModelPath}")]
    private static partial void LogUnavailable(ILogger logger, ModelState state, string modelPath);
}
