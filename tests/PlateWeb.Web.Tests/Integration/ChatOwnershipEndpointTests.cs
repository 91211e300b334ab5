using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using PlateWeb.Data.Entities;
using PlateWeb.Data.Storage;
using PlateWeb.Web.Features.Account;

namespace PlateWeb.Web.Tests.Integration;

/// <summary>
/// Conversations through the real app, signed in through the real login form: the /chat page (as the
/// server renders it before the circuit starts) lists and opens only the user's own conversations.
/// </summary>
public sealed class ChatOwnershipEndpointTests : IAsyncLifetime
{
    private const string Title = "Where was AB-123-CD?";
    private const string Answer = "AB-123-CD was seen 3 times [1].";

    private readonly PlateWebFactory _factory = new();
    private long _conversationId;
    private ChatUser _bob = null!;

    public async Task InitializeAsync()
    {
        using var scope = _factory.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        Assert.Empty(await AccountService.CreateUserAsync(users, "alice", "alice password 1", Roles.Viewer));
        Assert.Empty(await AccountService.CreateUserAsync(users, "bob", "bob password 12", Roles.Viewer));
        var alice = new ChatUser((await users.FindByNameAsync("alice"))!.Id, IsAdmin: false);
        _bob = new ChatUser((await users.FindByNameAsync("bob"))!.Id, IsAdmin: false);
        var store = _factory.Services.GetRequiredService<ConversationStore>();
        var conversation = await store.CreateAsync(alice, Title, null, null, CancellationToken.None);
        await store.AddMessageAsync(conversation.Id, alice, ChatMessageRole.User, Title, false, [], CancellationToken.None);
        await store.AddMessageAsync(conversation.Id, alice, ChatMessageRole.Assistant, Answer, false, [], CancellationToken.None);
        _conversationId = conversation.Id;
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task SecondUser_CannotListOpenOrDeleteTheFirstUsersConversation()
    {
        using var bob = await _factory.CreateSignedInClientAsync("bob", "bob password 12");

        var list = await bob.GetStringAsync(new Uri("/chat", UriKind.Relative));
        var opened = await bob.GetStringAsync(new Uri($"/chat?conversation={_conversationId}", UriKind.Relative));

        Assert.Contains("No conversation yet.", list, StringComparison.Ordinal);
        Assert.DoesNotContain(Title, list, StringComparison.Ordinal);
        Assert.DoesNotContain(Answer, opened, StringComparison.Ordinal);
        Assert.DoesNotContain(Title, opened, StringComparison.Ordinal);
        var store = _factory.Services.GetRequiredService<ConversationStore>();
        Assert.False(await store.DeleteAsync(_conversationId, _bob, CancellationToken.None));
        Assert.Empty(await store.ListAsync(_bob, 50, CancellationToken.None));
    }

    [Fact]
    public async Task Owner_ListsAndOpensIt()
    {
        using var alice = await _factory.CreateSignedInClientAsync("alice", "alice password 1");

        var list = await alice.GetStringAsync(new Uri("/chat", UriKind.Relative));
        var opened = await alice.GetStringAsync(new Uri($"/chat?conversation={_conversationId}", UriKind.Relative));

        Assert.Contains(Title, list, StringComparison.Ordinal);
        Assert.DoesNotContain("by alice", list, StringComparison.Ordinal);
        Assert.Contains(Answer, opened, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admin_SeesEveryonesConversations_WithTheOwnersName()
    {
        using var admin = await _factory.CreateSignedInClientAsync();

        var list = await admin.GetStringAsync(new Uri("/chat", UriKind.Relative));
        var opened = await admin.GetStringAsync(new Uri($"/chat?conversation={_conversationId}", UriKind.Relative));

        Assert.Contains(Title, list, StringComparison.Ordinal);
        Assert.Contains("by alice", list, StringComparison.Ordinal);
        Assert.Contains(Answer, opened, StringComparison.Ordinal);
        Assert.Contains("This conversation belongs to alice", opened, StringComparison.Ordinal);
    }
}
