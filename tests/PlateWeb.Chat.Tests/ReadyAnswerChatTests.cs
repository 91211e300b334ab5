using PlateWeb.Chat.Tests.Grounding;

namespace PlateWeb.Chat.Tests;

/// <summary>An aggregate's ready answer is shown as the answer, without the model, even when the model is missing.</summary>
public sealed class ReadyAnswerChatTests(HistoryFixture fixture) : IClassFixture<HistoryFixture>
{
    [Theory]
    [InlineData(ModelState.Ready)]
    [InlineData(ModelState.Missing)]
    public async Task Ask_ReadyAnswer_ShownWithoutTheModel(ModelState state)
    {
        var model = new FakeChatModel("never", new ModelStatus(state, "models/fake.gguf"));
        var chat = FakeChatModel.Service(fixture.History.Grounding, model);

        var events = new List<ChatEvent>();
        await foreach (var e in chat.AskAsync("busiest day this week", null, CancellationToken.None)) events.Add(e);

        Assert.Collection(events,
            e => Assert.NotNull(Assert.IsType<ChatGrounded>(e).Grounding.Answer),
            e => Assert.IsType<ChatStarted>(e),
            e => Assert.Equal("The busiest day between 2026-11-23 and 2026-11-29 was Saturday 2026-11-28 [1], with 2 reads.", Assert.IsType<ChatToken>(e).Text),
            e => Assert.Equal(AnswerOutcome.Rendered, Assert.IsType<ChatChecked>(e).Outcome),
            e => Assert.False(Assert.IsType<ChatCompleted>(e).Cancelled));
        Assert.Empty(model.Prompts);
    }
}
