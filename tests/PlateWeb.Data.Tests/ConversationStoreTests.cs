using Microsoft.EntityFrameworkCore;
using PlateWeb.Data.Entities;
using PlateWeb.Data.Storage;

namespace PlateWeb.Data.Tests;

/// <summary>The conversation store on a real, migrated SQLite file.</summary>
public sealed class ConversationStoreTests : IAsyncLifetime
{
    private readonly TempDatabase _db = new();
    private ConversationStore _store = null!;

    public async Task InitializeAsync()
    {
        await _db.InitializeAsync();
        _store = new ConversationStore(_db.DbFactory, TimeProvider.System);
    }

    public Task DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task Conversation_QuestionAndAnswerWithSources_ComeBackInOrder()
    {
        var conversation = await _store.CreateAsync("How many times was\nAB-123-CD seen?", contextReadId: 7, "AB-123-CD", CancellationToken.None);
        await _store.AddMessageAsync(conversation.Id, ChatMessageRole.User, "How many times was AB-123-CD seen?", false, [], CancellationToken.None);
        await _store.AddMessageAsync(
            conversation.Id, ChatMessageRole.Assistant, "Seen **3** times [1].", cancelled: true,
            [new StoredSource(1, "[1] count: 3 reads of AB-123-CD", [7, 8, 9])], CancellationToken.None);

        var loaded = await _store.GetAsync(conversation.Id, CancellationToken.None);

        Assert.NotNull(loaded);
        Assert.Equal("How many times was AB-123-CD seen?", loaded.Title);
        Assert.Equal(7, loaded.ContextReadId);
        Assert.Equal("AB-123-CD", loaded.ContextPlateText);
        Assert.Equal([ChatMessageRole.User, ChatMessageRole.Assistant], loaded.Messages.Select(m => m.Role));
        var answer = loaded.Messages[1];
        Assert.True(answer.Cancelled);
        Assert.Equal("Seen **3** times [1].", answer.Text);
        var source = Assert.Single(ConversationStore.Sources(answer));
        Assert.Equal(1, source.Number);
        Assert.Equal("[1] count: 3 reads of AB-123-CD", source.Line);
        Assert.Equal([7L, 8L, 9L], source.ReadIds);
        Assert.Empty(ConversationStore.Sources(loaded.Messages[0]));
    }

    [Fact]
    public async Task List_MostRecentlyActiveFirst_WithMessageCounts()
    {
        var older = await _store.CreateAsync("first", null, null, CancellationToken.None);
        var newer = await _store.CreateAsync("second", null, null, CancellationToken.None);
        await Task.Delay(5);
        await _store.AddMessageAsync(older.Id, ChatMessageRole.User, "again", false, [], CancellationToken.None);

        var list = await _store.ListAsync(10, CancellationToken.None);

        Assert.Equal([older.Id, newer.Id], list.Select(c => c.Id));
        Assert.Equal([1, 0], list.Select(c => c.MessageCount));
    }

    [Fact]
    public async Task Delete_RemovesTheConversationAndItsMessages()
    {
        var conversation = await _store.CreateAsync("to delete", null, null, CancellationToken.None);
        await _store.AddMessageAsync(conversation.Id, ChatMessageRole.User, "q", false, [], CancellationToken.None);
        var kept = await _store.CreateAsync("kept", null, null, CancellationToken.None);
        await _store.AddMessageAsync(kept.Id, ChatMessageRole.User, "q", false, [], CancellationToken.None);

        Assert.True(await _store.DeleteAsync(conversation.Id, CancellationToken.None));

        Assert.Null(await _store.GetAsync(conversation.Id, CancellationToken.None));
        Assert.False(await _store.DeleteAsync(conversation.Id, CancellationToken.None));
        await using var db = await _db.DbFactory.CreateDbContextAsync();
        Assert.Equal([kept.Id], await db.ChatMessages.Select(m => m.ConversationId).ToListAsync());
        Assert.Null(await _store.AddMessageAsync(conversation.Id, ChatMessageRole.User, "late", false, [], CancellationToken.None));
    }

    [Fact]
    public async Task Create_LongQuestion_TitleIsShortened()
    {
        var conversation = await _store.CreateAsync(new string('x', 300), null, null, CancellationToken.None);

        Assert.Equal(80, conversation.Title.Length);
        Assert.EndsWith("…", conversation.Title, StringComparison.Ordinal);
    }
}
