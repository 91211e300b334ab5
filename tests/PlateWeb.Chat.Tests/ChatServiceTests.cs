using PlateWeb.Chat.Checking;
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
        var check = Assert.IsType<ChatChecked>(events[^2]);
        Assert.Equal(AnswerOutcome.Passed, check.Outcome);
        Assert.Equal("AB-123-CD was seen 4 times [1].", check.Text);
        Assert.IsType<ChatCompleted>(events[^1]);
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
        // Sentences: the answer check lets "One." out once the next token shows the sentence has ended.
        var model = new FakeChatModel("One. Two. Three. Four.", null) { TokenGate = gate };
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
        gate.Release(2);
        await ask;

        // The service hands the caller's token to the model, which stops and reports it; a stopped answer is not judged.
        Assert.Single(events.OfType<ChatToken>());
        Assert.Empty(events.OfType<ChatChecked>());
        Assert.True(Assert.IsType<ChatCompleted>(events[^1]).Cancelled);
    }

    [Theory]
    [InlineData("AB-123-CD was seen 5 times [1].")] // an invented count
    [InlineData("ZZ-999-ZZ was seen 4 times [1].")] // an invented plate
    [InlineData("AB-123-CD was seen 4 times [1]. It is from Germany (DE) [2].")] // a value fact 2 does not hold
    [InlineData("AB-123-CD a été vue 4 fois [1].")] // French to an English question
    [InlineData("AB-123-CD was seen 4 4 4 times [1].")]
    public async Task Ask_ModelGarbles_CaughtAndReplacedByTheFacts(string garbled)
    {
        var chat = FakeChatModel.Service(fixture.History.Grounding, new FakeChatModel(garbled));

        var events = await Collect(chat.AskAsync("How many times did we see AB-123-CD?", null, CancellationToken.None));

        var check = Assert.IsType<ChatChecked>(events[^2]);
        Assert.Equal(AnswerOutcome.Replaced, check.Outcome);
        Assert.NotEmpty(check.Problems);
        Assert.Equal("AB-123-CD was seen 4 times [1]. In all it has 4 reads, the last on 2026-11-28 at 17:02 [2].", check.Text);
        Assert.False(Assert.IsType<ChatCompleted>(events[^1]).Cancelled);
        // Nothing wrong went out before the check: what was streamed is a correct start, or nothing.
        var streamed = string.Concat(events.OfType<ChatToken>().Select(t => t.Text));
        Assert.True(streamed.Length == 0 || garbled.StartsWith(streamed, StringComparison.Ordinal) && FakeChatModel.Checker.Check(
            FakeChatModel.Checker.Prepare(Assert.IsType<ChatGrounded>(events[0]).Grounding), streamed, final: false).Passed, streamed);
    }

    [Fact]
    public async Task Ask_FrenchQuestion_GarbledCountryLabel_ReplacedInFrench()
    {
        var chat = FakeChatModel.Service(fixture.History.Grounding, new FakeChatModel("AB-123-CD a été lue avec une France (FR) [1]."));

        var events = await Collect(chat.AskAsync("De quel pays vient AB-123-CD ?", null, CancellationToken.None));

        var check = Assert.IsType<ChatChecked>(events[^2]);
        Assert.Equal(AnswerOutcome.Replaced, check.Outcome);
        Assert.Equal("AB-123-CD est immatriculée en France (FR) [1].", check.Text);
        Assert.Empty(events.OfType<ChatToken>());
    }

    [Fact]
    public async Task Ask_LongList_WrittenFromTheFactsWithoutTheModel()
    {
        var model = new FakeChatModel("never");
        var chat = FakeChatModel.Service(fixture.History.Grounding, model);

        var events = await Collect(chat.AskAsync("List the plates seen this week", null, CancellationToken.None));

        var check = Assert.IsType<ChatChecked>(events[^2]);
        Assert.Equal(AnswerOutcome.Rendered, check.Outcome);
        Assert.StartsWith("Reads from 2026-11-23 to 2026-11-29: ", check.Text, StringComparison.Ordinal);
        Assert.Equal(check.Text, string.Concat(events.OfType<ChatToken>().Select(t => t.Text)));
        Assert.Empty(model.Prompts);
    }

    [Fact]
    public async Task Ask_CheckOff_TheModelsAnswerAsWritten()
    {
        var chat = FakeChatModel.Service(fixture.History.Grounding, new FakeChatModel("AB-123-CD was seen 5 times [1]."), new ChatOptions { CheckAnswers = false });

        var events = await Collect(chat.AskAsync("How many times did we see AB-123-CD?", null, CancellationToken.None));

        Assert.Empty(events.OfType<ChatChecked>());
        Assert.Equal("AB-123-CD was seen 5 times [1].", string.Concat(events.OfType<ChatToken>().Select(t => t.Text)));
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
