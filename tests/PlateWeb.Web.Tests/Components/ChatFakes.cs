using System.Runtime.CompilerServices;
using System.Threading.Channels;
using PlateWeb.Chat;
using PlateWeb.Chat.Grounding;

namespace PlateWeb.Web.Tests.Components;

/// <summary>
/// An <see cref="IChatService"/> the test drives event by event: each question gets a channel, and the
/// stream ends when the test completes it or the page cancels (then it reports
/// <see cref="ChatCompleted"/> with Cancelled, as the real model does).
/// </summary>
internal sealed class FakeChatService : IChatService
{
    private readonly Channel<Asked> _asked = Channel.CreateUnbounded<Asked>();

    public List<Asked> Questions { get; } = [];

    public async IAsyncEnumerable<ChatEvent> AskAsync(string question, GroundingContext? context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var asked = new Asked(question, context, cancellationToken);
        Questions.Add(asked);
        _asked.Writer.TryWrite(asked);
        var tokens = 0;
        while (true)
        {
            ChatEvent next;
            try
            {
                next = await asked.Events.Reader.ReadAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                asked.SawCancellation = true;
                next = new ChatCompleted(tokens, TimeSpan.Zero, TimeSpan.Zero, Cancelled: true);
            }
            catch (ChannelClosedException)
            {
                yield break;
            }
            if (next is ChatToken) tokens++;
            yield return next;
            if (next is ChatCompleted or ChatUnavailable) yield break;
        }
    }

    /// <summary>The next question the page asks.</summary>
    public async Task<Asked> NextQuestionAsync() => await _asked.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

    internal sealed class Asked(string question, GroundingContext? context, CancellationToken cancellationToken)
    {
        public string Question { get; } = question;

        public GroundingContext? Context { get; } = context;

        public CancellationToken CancellationToken { get; } = cancellationToken;

        public Channel<ChatEvent> Events { get; } = Channel.CreateUnbounded<ChatEvent>();

        public bool SawCancellation { get; set; }

        public void Send(params ChatEvent[] events)
        {
            foreach (var e in events) Events.Writer.TryWrite(e);
        }
    }
}

/// <summary>A model whose status the test sets.</summary>
internal sealed class FakeChatModel : IChatModel
{
    public ModelStatus Status { get; set; } = new(ModelState.Ready, "/models/fake.gguf");

    public IAsyncEnumerable<ChatEvent> GenerateAsync(ChatPrompt prompt, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("The page talks to IChatService, not to the model.");
}
