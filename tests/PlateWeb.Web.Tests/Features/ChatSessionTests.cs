using PlateWeb.Chat;
using PlateWeb.Chat.Grounding;
using PlateWeb.Data.Entities;
using PlateWeb.Web.Features.Chat;

namespace PlateWeb.Web.Tests.Features;

public sealed class ChatSessionTests
{
    [Fact]
    public void Apply_FullStream_BuildsTheAnswerAndFinishes()
    {
        var session = new ChatSession();
        var answer = session.Ask("How many?");

        session.Apply(new ChatGrounded(new GroundedQuestion("How many?", "en", "count", "all", new DateOnly(2026, 11, 29),
            [new GroundingFact(1, "[1] count: 2 reads", [4, 5], null)])));
        session.Apply(new ChatQueued(1));
        Assert.Equal((AnswerState.Waiting, 1), (answer.State, answer.QueuePosition));
        session.Apply(new ChatStarted());
        session.Apply(new ChatToken("Two "));
        session.Apply(new ChatToken("reads [1]."));
        Assert.Equal(AnswerState.Streaming, answer.State);
        Assert.Null(answer.QueuePosition);
        session.Apply(new ChatCompleted(2, TimeSpan.Zero, TimeSpan.Zero, Cancelled: false));

        Assert.Equal("Two reads [1].", answer.Text);
        Assert.Equal(AnswerState.Done, answer.State);
        Assert.Equal([4L, 5L], Assert.Single(answer.Sources).ReadIds);
        Assert.False(session.IsAnswering);
        Assert.Equal([ChatMessageRole.User, ChatMessageRole.Assistant], session.Turns.Select(t => t.Role));
    }

    [Fact]
    public void Apply_Grounded_KeepsTheQueryForTheNextQuestionUntilANewConversation()
    {
        var session = new ChatSession();
        session.StartNew(new GroundingContext(9, "AB-123-CD"));
        session.Ask("How many German plates last week?");

        session.Apply(new ChatGrounded(new GroundedQuestion("How many German plates last week?", "en", "count", "all", new DateOnly(2026, 11, 29), [])
        {
            Query = "How many German plates last week?",
        }));
        session.Apply(new ChatCompleted(0, TimeSpan.Zero, TimeSpan.Zero, Cancelled: false));

        Assert.Equal(new GroundingContext(9, "AB-123-CD") { LastQuery = "How many German plates last week?" }, session.AskContext);
        Assert.Equal(new GroundingContext(9, "AB-123-CD"), session.Context);
        session.StartNew(null);
        Assert.Null(session.AskContext);
    }

    [Fact]
    public void Open_StoredConversation_AsksTheNextQuestionWithItsLastQuery()
    {
        var session = new ChatSession();
        session.Open(new Conversation { Id = 3, Title = "Reads today", LastQuery = "How many reads today?" });

        Assert.Equal(new GroundingContext(null, null) { LastQuery = "How many reads today?" }, session.AskContext);
        session.Open(new Conversation { Id = 4, Title = "Hello" });
        Assert.Null(session.AskContext);
    }

    [Fact]
    public void Apply_CheckReplaces_TheShownTextIsTheFacts()
    {
        var session = new ChatSession();
        var answer = session.Ask("Combien de fois a-t-on vu AB-123-CD ?");
        session.Apply(new ChatStarted());
        session.Apply(new ChatToken("AB-123-CD a été vue 3 fois [1], "));

        session.Apply(new ChatChecked(AnswerOutcome.Replaced, "AB-123-CD a été vue 3 fois [1].", [], "AB-123-CD a été vue 3 fois [1], R-ET 8 [5]"));
        session.Apply(new ChatCompleted(9, TimeSpan.Zero, TimeSpan.Zero, Cancelled: false));

        Assert.Equal("AB-123-CD a été vue 3 fois [1].", answer.Text);
        Assert.True(answer.FromFacts);
        Assert.Equal(AnswerState.Done, answer.State);
    }

    [Fact]
    public void Apply_CancelledCompletion_IsStopped()
    {
        var session = new ChatSession();
        var answer = session.Ask("q");
        session.Apply(new ChatToken("partial"));

        session.Apply(new ChatCompleted(1, TimeSpan.Zero, TimeSpan.Zero, Cancelled: true));

        Assert.Equal((AnswerState.Stopped, "partial"), (answer.State, answer.Text));
    }

    [Fact]
    public void Apply_Unavailable_KeepsTheMessage()
    {
        var session = new ChatSession();
        var answer = session.Ask("q");

        session.Apply(new ChatUnavailable("No chat model file at /m.gguf."));

        Assert.Equal((AnswerState.Unavailable, "No chat model file at /m.gguf."), (answer.State, answer.Problem));
        Assert.False(session.IsAnswering);
    }

    [Fact]
    public void Ask_WhileAnswering_IsRefused()
    {
        var session = new ChatSession();
        session.Ask("first");

        Assert.Throws<InvalidOperationException>(() => session.Ask("second"));
        Assert.Throws<InvalidOperationException>(() => session.StartNew(null));
    }

    [Fact]
    public void Open_StoredConversation_RestoresTurnsContextAndStoppedAnswers()
    {
        var session = new ChatSession();
        var conversation = new Conversation
        {
            Id = 3,
            Title = "t",
            ContextReadId = 9,
            ContextPlateText = "AB-123-CD",
            Messages =
            [
                new ChatMessage { Role = ChatMessageRole.User, Text = "q" },
                new ChatMessage { Role = ChatMessageRole.Assistant, Text = "a", Cancelled = true, SourcesJson = """[{"number":1,"line":"[1] x","readIds":[9]}]""" },
            ],
        };

        session.Open(conversation);

        Assert.Equal(3, session.ConversationId);
        Assert.Equal(new GroundingContext(9, "AB-123-CD"), session.Context);
        Assert.Equal(AnswerState.Stopped, session.Turns[1].State);
        Assert.Equal([9L], Assert.Single(session.Turns[1].Sources).ReadIds);
    }

    [Fact]
    public void EndOfStream_WithoutCompletion_KeepsWhatArrived()
    {
        var session = new ChatSession();
        var answer = session.Ask("q");
        session.Apply(new ChatToken("text"));

        session.EndOfStream();

        Assert.Equal(AnswerState.Done, answer.State);
    }
}
