using PlateWeb.Chat.Checking;
using PlateWeb.Chat.Grounding;

namespace PlateWeb.Chat;

/// <summary>Grounds a question, then streams the model's answer: the one entry point of the web chat and <c>platectl ask</c>.</summary>
public interface IChatService
{
    IAsyncEnumerable<ChatEvent> AskAsync(string question, GroundingContext? context, CancellationToken cancellationToken);
}

/// <summary>The language model behind the chat (LLamaSharp on a GGUF file in production, fakes in unit tests).</summary>
public interface IChatModel
{
    ModelStatus Status { get; }

    /// <summary>Applies the model's chat template to <paramref name="prompt"/> and streams the answer. Yields
    /// <see cref="ChatQueued"/> while other requests hold the model, then <see cref="ChatStarted"/>, the
    /// <see cref="ChatToken"/>s and one <see cref="ChatCompleted"/> (also when cancelled).</summary>
    IAsyncEnumerable<ChatEvent> GenerateAsync(ChatPrompt prompt, CancellationToken cancellationToken);
}

/// <param name="System">The system message: system prompt, header lines and facts (docs/CHAT-PROMPT.md).</param>
/// <param name="User">The question, verbatim.</param>
public sealed record ChatPrompt(string System, string User, int? MaxTokens = null);

public enum ModelState
{
    /// <summary>No model path configured, or the file is not there.</summary>
    Missing,
    NotLoaded,
    Loading,
    Ready,
    Failed,
}

/// <param name="Message">What is wrong and how to fix it, for the user (Missing, Failed).</param>
/// <param name="LoadProgress">0..1 while loading.</param>
public sealed record ModelStatus(ModelState State, string ModelPath, string? Message = null, float LoadProgress = 0);

public abstract record ChatEvent;

/// <summary>The facts the answer may use; the UI shows them as sources under the answer.</summary>
public sealed record ChatGrounded(GroundedQuestion Grounding) : ChatEvent;

/// <summary>Position 1 = next in line.</summary>
public sealed record ChatQueued(int Position) : ChatEvent;

public sealed record ChatStarted : ChatEvent;

public sealed record ChatToken(string Text) : ChatEvent;

public sealed record ChatCompleted(int TokenCount, TimeSpan TimeToFirstToken, TimeSpan Total, bool Cancelled) : ChatEvent;

/// <summary>The model cannot answer (missing file, failed load): the message says what to do.</summary>
/// <param name="Busy">The model works but its waiting line is full (<see cref="ChatOptions.MaxWaiting"/>): ask again later.</param>
public sealed record ChatUnavailable(string Message, bool Busy = false) : ChatEvent;

/// <summary>The question was refused before grounding (empty, or longer than <see cref="ChatOptions.MaxQuestionLength"/>): the message says why.</summary>
public sealed record ChatRejected(string Message) : ChatEvent;

/// <summary>How the answer that is shown came to be (<see cref="ChatChecked"/>).</summary>
public enum AnswerOutcome
{
    /// <summary>The model's answer passed the check and is shown as written.</summary>
    Passed,

    /// <summary>The model's answer failed the check; a second one (sampling, Temperature &gt; 0) passed and replaces it.</summary>
    Regenerated,

    /// <summary>The model's answer failed the check and is replaced by the facts written plainly.</summary>
    Replaced,

    /// <summary>A long list (<see cref="ChatOptions.RenderListsOver"/>) or an aggregate's ready answer (<see cref="Grounding.GroundedQuestion.Answer"/>), written from the facts without the model.</summary>
    Rendered,
}

/// <summary>
/// The answer was checked against its facts (docs/CHAT-PROMPT.md, "The answer check"); comes once, after the
/// last <see cref="ChatToken"/> and before <see cref="ChatCompleted"/>, unless the answer was cancelled.
/// <paramref name="Text"/> is the answer to show and store: when it is not <see cref="AnswerOutcome.Passed"/>
/// it replaces the text streamed so far.
/// </summary>
/// <param name="Problems">Why the model's answer failed (empty when it passed or a list was rendered).</param>
/// <param name="Generated">What the model wrote, up to where the check stopped it (for <c>ask-eval</c> and tests; never shown).</param>
public sealed record ChatChecked(AnswerOutcome Outcome, string Text, IReadOnlyList<AnswerProblem> Problems, string Generated) : ChatEvent
{
    /// <summary>Whether <see cref="Text"/> differs from the streamed tokens and must replace them.</summary>
    public bool Replaces => Outcome is AnswerOutcome.Regenerated or AnswerOutcome.Replaced;
}
