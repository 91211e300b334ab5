using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PlateWeb.Chat.Grounding;

namespace PlateWeb.Chat;

/// <summary>
/// One question: checked, grounded (<see cref="ChatGrounded"/> with the facts, shown as sources), then
/// the model's events forwarded as they come. A question that is empty or too long is refused with
/// <see cref="ChatRejected"/> and never reaches the grounding or the model; a missing or failed model
/// gives <see cref="ChatUnavailable"/> after the facts, so the sources still show.
/// </summary>
public sealed partial class ChatService(
    IGroundingService grounding,
    IChatModel model,
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
            yield return new ChatStarted();
            yield return new ChatToken(ready);
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
        await foreach (var e in model.GenerateAsync(prompt, cancellationToken).WithCancellation(cancellationToken))
        {
            yield return e;
        }
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chat model unavailable ({State}) at {ModelPath}")]
    private static partial void LogUnavailable(ILogger logger, ModelState state, string modelPath);
}
