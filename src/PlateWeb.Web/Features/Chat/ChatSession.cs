using System.Text;
using PlateWeb.Chat;
using PlateWeb.Chat.Grounding;
using PlateWeb.Data.Entities;
using PlateWeb.Data.Storage;

namespace PlateWeb.Web.Features.Chat;

/// <summary>Where an answer is: waiting for the model, being written, or finished in one of three ways.</summary>
public enum AnswerState
{
    Waiting,
    Streaming,
    Done,
    Stopped,
    Unavailable,
    Failed,
}

/// <summary>One question or answer on the page.</summary>
public sealed class ChatTurn
{
    private readonly StringBuilder _text = new();

    public ChatTurn(ChatMessageRole role, string text = "", AnswerState state = AnswerState.Done, IReadOnlyList<StoredSource>? sources = null)
    {
        Role = role;
        _text.Append(text);
        State = state;
        Sources = sources ?? [];
    }

    /// <summary>Stable across renders, for @key and element ids.</summary>
    public Guid Key { get; } = Guid.NewGuid();

    public ChatMessageRole Role { get; }

    public string Text => _text.ToString();

    public AnswerState State { get; internal set; }

    /// <summary>Position in the model's line while <see cref="AnswerState.Waiting"/> (1 = next); null when not queued.</summary>
    public int? QueuePosition { get; internal set; }

    public IReadOnlyList<StoredSource> Sources { get; internal set; }

    /// <summary>How the answer shown came to be; null until checked (and for stored answers).</summary>
    public AnswerOutcome? Outcome { get; internal set; }

    /// <summary>Written from the facts rather than by the model (a failed check, or a long list).</summary>
    public bool FromFacts => Outcome is AnswerOutcome.Replaced or AnswerOutcome.Rendered;

    /// <summary>Why there is no (complete) answer, for <see cref="AnswerState.Unavailable"/> and <see cref="AnswerState.Failed"/>.</summary>
    public string? Problem { get; internal set; }

    /// <summary>The model's waiting line was full (Chat:MaxWaiting): the page says so in its own language.</summary>
    public bool Busy { get; internal set; }

    public bool IsFinished => State is not (AnswerState.Waiting or AnswerState.Streaming);

    internal void Append(string text) => _text.Append(text);

    internal void Replace(string text) => _text.Clear().Append(text);
}

/// <summary>
/// The chat page's state, without the page: the conversations, the open one's turns, the answer being
/// streamed and its place in the model's line. The page renders it; tests drive it with
/// <see cref="ChatEvent"/>s directly.
/// </summary>
public sealed class ChatSession
{
    private readonly List<ChatTurn> _turns = [];

    public IReadOnlyList<ConversationSummary> Conversations { get; set; } = [];

    /// <summary>The open conversation; null for a new one not yet stored (no question asked).</summary>
    public long? ConversationId { get; private set; }

    /// <summary>
    /// True while an admin reads someone else's conversation (or one stored before owners): it can be
    /// read and deleted, not continued. <see cref="OwnerName"/> says whose it is (null: no owner).
    /// </summary>
    public bool IsReadOnly { get; private set; }

    public string? OwnerName { get; private set; }

    /// <summary>"Ask about this plate": the read the questions are about.</summary>
    public GroundingContext? Context { get; private set; }

    public IReadOnlyList<ChatTurn> Turns => _turns;

    /// <summary>The last question's query (<see cref="GroundedQuestion.Query"/>), so a follow-up ("and yesterday?") reuses it.</summary>
    public string? LastQuery { get; private set; }

    /// <summary>The user's zone: "today" and "after 22:00" are read in it, and the facts' times written in it.</summary>
    public TimeZoneInfo? TimeZone { get; set; }

    /// <summary>What the next question is asked with: the read in context, the last query and the user's zone.</summary>
    public GroundingContext? AskContext => LastQuery is null && TimeZone is null
        ? Context
        : (Context ?? new GroundingContext(null, null)) with { LastQuery = LastQuery, TimeZone = TimeZone };

    /// <summary>The answer being written, or null.</summary>
    public ChatTurn? Pending { get; private set; }

    public bool IsAnswering => Pending is not null;

    /// <summary>Clears the page for a new conversation, optionally about one read.</summary>
    public void StartNew(GroundingContext? context)
    {
        ThrowIfAnswering();
        ConversationId = null;
        Context = context;
        LastQuery = null;
        IsReadOnly = false;
        OwnerName = null;
        _turns.Clear();
    }

    /// <summary>The next questions are about the whole history, not the read the conversation was opened from.</summary>
    public void ClearContext() => Context = null;

    /// <summary>Shows a stored conversation; <paramref name="readOnly"/> when it is not the viewer's own.</summary>
    public void Open(Conversation conversation, bool readOnly = false, string? ownerName = null)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        ThrowIfAnswering();
        ConversationId = conversation.Id;
        // Stored with the conversation, so "and yesterday?" after reopening it follows on from its last question.
        LastQuery = conversation.LastQuery;
        IsReadOnly = readOnly;
        OwnerName = readOnly ? ownerName : null;
        Context = conversation.ContextReadId is null && conversation.ContextPlateText is null
            ? null
            : new GroundingContext(conversation.ContextReadId, conversation.ContextPlateText);
        _turns.Clear();
        foreach (var message in conversation.Messages)
        {
            var state = message.Cancelled ? AnswerState.Stopped : AnswerState.Done;
            _turns.Add(new ChatTurn(message.Role, message.Text, state, ConversationStore.Sources(message)));
        }
    }

    /// <summary>The conversation was stored (first question): later questions go to it.</summary>
    public void Stored(long conversationId) => ConversationId = conversationId;

    /// <summary>Adds the question and an empty answer waiting for the model.</summary>
    public ChatTurn Ask(string question)
    {
        ArgumentNullException.ThrowIfNull(question);
        ThrowIfAnswering();
        if (IsReadOnly) throw new InvalidOperationException("This conversation is someone else's; start a new one to ask.");
        _turns.Add(new ChatTurn(ChatMessageRole.User, question));
        Pending = new ChatTurn(ChatMessageRole.Assistant, state: AnswerState.Waiting);
        _turns.Add(Pending);
        return Pending;
    }

    /// <summary>Applies one event of the answer's stream; false when it changes nothing visible.</summary>
    public bool Apply(ChatEvent chatEvent)
    {
        var answer = Pending ?? throw new InvalidOperationException("No answer is being written.");
        switch (chatEvent)
        {
            case ChatGrounded grounded:
                answer.Sources = grounded.Grounding.Facts.Select(f => new StoredSource(f.Number, f.Line, f.ReadIds)).ToList();
                LastQuery = grounded.Grounding.Query;
                return true;
            case ChatQueued queued:
                answer.State = AnswerState.Waiting;
                answer.QueuePosition = queued.Position;
                return true;
            case ChatStarted:
                answer.State = AnswerState.Streaming;
                answer.QueuePosition = null;
                return true;
            case ChatToken token:
                answer.State = AnswerState.Streaming;
                answer.QueuePosition = null;
                answer.Append(token.Text);
                return token.Text.Length > 0;
            case ChatChecked check:
                // The checked answer is the one shown and stored; a failed one is replaced whole.
                answer.Outcome = check.Outcome;
                if (check.Replaces || answer.Text != check.Text) answer.Replace(check.Text);
                return true;
            case ChatCompleted completed:
                Finish(completed.Cancelled ? AnswerState.Stopped : AnswerState.Done);
                return true;
            case ChatUnavailable unavailable:
                answer.Problem = unavailable.Message;
                answer.Busy = unavailable.Busy;
                Finish(AnswerState.Unavailable);
                return true;
            case ChatRejected rejected:
                // Empty or over Chat:MaxQuestionLength: the reason is shown where the answer would be.
                answer.Problem = rejected.Message;
                Finish(AnswerState.Failed);
                return true;
            default:
                return false;
        }
    }

    /// <summary>The stream ended by cancellation without a <see cref="ChatCompleted"/>.</summary>
    public void Stopped()
    {
        if (Pending is not null) Finish(AnswerState.Stopped);
    }

    /// <summary>The stream failed; <paramref name="message"/> is shown under the partial answer.</summary>
    public void Failed(string message)
    {
        if (Pending is null) return;
        Pending.Problem = message;
        Finish(AnswerState.Failed);
    }

    /// <summary>The stream ended without saying how (no Completed event): whatever arrived is the answer.</summary>
    public ChatTurn? EndOfStream()
    {
        var answer = Pending;
        if (answer is not null) Finish(answer.Text.Length > 0 ? AnswerState.Done : AnswerState.Failed);
        return answer;
    }

    private void Finish(AnswerState state)
    {
        if (Pending is null) return;
        Pending.State = state;
        Pending.QueuePosition = null;
        Pending = null;
    }

    private void ThrowIfAnswering()
    {
        if (IsAnswering) throw new InvalidOperationException("An answer is still being written; stop it first.");
    }
}
