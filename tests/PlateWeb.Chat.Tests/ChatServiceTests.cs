using PlateWeb.Chat.Grounding;
using PlateWeb.Chat.Tests.Grounding;

namespace PlateWeb.Chat.Tests;

public sealed class ChatServiceTests(HistoryFixture fixture) : IClassFixture<HistoryFixture>
{
    private static async Task<List<ChatEvent>> Collect(IAsyncEnumerable<ChatEvent> events)
    {
        var list = new List<ChatEvent>();
        await foreach (var e in events) list.Add(e);
        return list;
    }

    [Fact]
    public async Task Ask_ReadyModel_GroundedThenTheModelsEventsInOrder()
    {
        var model = new FakeChatModel("AB-123-CD was seen 4 times [1].");
        var chat = FakeChatModel.Service(fixture.History.Grounding, model);

        var events = await Collect(chat.AskAsync("How many times did we see AB-123-CD?", null, CancellationToken.None));

        var grounded = Assert.IsType<ChatGrounded>(events[0]).Grounding;
        Assert.Equal("count", grounded.Intent);
        Assert.IsType<ChatStarted>(events[1]);
        Assert.Equal("AB-123-CD was seen 4 times [1].", string.Concat(events.OfType<ChatToken>().Select(t => t.Text)));
        Assert.IsType<ChatCompleted>(events[^1]);
        Assert.Equal(events.Count - 3, events.OfType<ChatToken>().Count());
        var prompt = Assert.Single(model.Prompts);
        Assert.Equal("How many times did we see AB-123-CD?", prompt.User);
        Assert.Equal(PromptFormat.System(new ChatOptions().SystemPrompt, grounded), prompt.System);
        Assert.EndsWith("[2] plate AB-123-CD: 4 reads, first 2026-11-10 09:00, last 2026-11-28 17:02, country FR (France), best confidence 93%", prompt.System, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_ConfiguredSystemPrompt_OpensTheSystemMessage()
    {
        var model = new FakeChatModel("ok");
        var chat = FakeChatModel.Service(fixture.History.Grounding, model, new ChatOptions { SystemPrompt = "Be brief.  \r\nCite [n]." });

        await Collect(chat.AskAsync("Hello", null, CancellationToken.None));

        Assert.StartsWith("Be brief.\nCite [n].\nToday: 2026-11-29 (Sunday)\nLanguage: en\nAsked: greeting\nPeriod: all\nFacts:\n(none)", model.Prompts[0].System, StringComparison.Ordinal);
        Assert.EndsWith("Facts:\n(none)", model.Prompts[0].System, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_HugeQuestion_RejectedBeforeGroundingOrModel()
    {
        var model = new FakeChatModel("never");
        var grounding = new CountingGrounding(fixture.History.Grounding);
        var chat = FakeChatModel.Service(grounding, model);

        var events = await Collect(chat.AskAsync(new string('a', 100_000), null, CancellationToken.None));

        var rejected = Assert.IsType<ChatRejected>(Assert.Single(events));
        Assert.Contains("100000 characters", rejected.Message, StringComparison.Ordinal);
        Assert.Contains("Chat:MaxQuestionLength", rejected.Message, StringComparison.Ordinal);
        Assert.Empty(model.Prompts);
        Assert.Equal(0, grounding.Calls);
    }

    [Fact]
    public async Task Ask_QuestionAtTheLimit_Accepted()
    {
        var model = new FakeChatModel("ok");
        var chat = FakeChatModel.Service(fixture.History.Grounding, model, new ChatOptions { MaxQuestionLength = 12 });

        var events = await Collect(chat.AskAsync("  Hello there  ", null, CancellationToken.None));

        Assert.IsType<ChatGrounded>(events[0]);
        Assert.Equal("Hello there", model.Prompts[0].User);
    }

    [Fact]
    public async Task Ask_EmptyQuestion_Rejected()
    {
        var events = await Collect(FakeChatModel.Service(fixture.History.Grounding, new FakeChatModel("x")).AskAsync("   ", null, CancellationToken.None));

        Assert.IsType<ChatRejected>(Assert.Single(events));
    }

    [Theory]
    [InlineData(ModelState.Missing, "No model file at models/plate-chat-v1.gguf: see README, Use your own model.")]
    [InlineData(ModelState.Failed, "The model file is not a GGUF file.")]
    public async Task Ask_UnavailableModel_FactsThenUnavailableWithTheMessage(ModelState state, string message)
    {
        var model = new FakeChatModel("never", new ModelStatus(state, "models/plate-chat-v1.gguf", message));
        var chat = FakeChatModel.Service(fixture.History.Grounding, model);

        var events = await Collect(chat.AskAsync("How many plates today?", null, CancellationToken.None));

        Assert.Equal(2, events.Count);
        Assert.IsType<ChatGrounded>(events[0]);
        Assert.Equal(message, Assert.IsType<ChatUnavailable>(events[1]).Message);
        Assert.Empty(model.Prompts);
    }

    [Fact]
    public async Task Ask_Cancelled_TokenReachesTheModel()
    {
        using var gate = new SemaphoreSlim(0);
        var model = new FakeChatModel("one two three four", null) { TokenGate = gate };
        var chat = FakeChatModel.Service(fixture.History.Grounding, model);
        using var cts = new CancellationTokenSource();
        var events = new List<ChatEvent>();

        var ask = Task.Run(async () =>
        {
            await foreach (var e in chat.AskAsync("How many plates today?", null, cts.Token))
            {
                events.Add(e);
                if (e is ChatToken) await cts.CancelAsync();
            }
        });
        gate.Release();
        await ask;

        // The service hands the caller's token to the model, which stops and reports it.
        Assert.Single(events.OfType<ChatToken>());
        Assert.True(Assert.IsType<ChatCompleted>(events[^1]).Cancelled);
    }

    private sealed class CountingGrounding(IGroundingService inner) : IGroundingService
    {
        public int Calls { get; private set; }

        public Task<GroundedQuestion> GroundAsync(string question, GroundingContext? context, CancellationToken cancellationToken)
        {
            Calls++;
            return inner.GroundAsync(question, context, cancellationToken);
        }
    }
}
