using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor;
using PlateWeb.Chat;
using PlateWeb.Data.Entities;
using PlateWeb.Data.Storage;
using PlateWeb.Web.Features.Account;
using PlateWeb.Web.Features.Chat;

namespace PlateWeb.Web.Tests.Components;

/// <summary>The chat page shows each user their own conversations only; an admin sees everyone's, read-only.</summary>
public sealed class ChatOwnershipTests : SqliteTestContext
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    public ChatOwnershipTests()
    {
        Services.AddSingleton<IChatService>(new FakeChatService());
        Services.AddSingleton<IChatModel>(new FakeChatModel());
        Services.AddSingleton<ConversationStore>();
        Services.AddSingleton(new PlateWeb.Chat.Checking.FactRenderer(PlateWeb.Chat.Checking.AnswerCheckServiceCollectionExtensions.DefaultChecker(new PlateWeb.Recognition.Grammar.PlateGrammar())));
        Services.AddSingleton<SourceReads>();
        Services.AddSingleton(Options.Create(new ChatOptions { MaxQuestionLength = 200 }));
        Services.AddLogging();
    }

    [Fact]
    public async Task SecondViewer_CannotListOpenOrDeleteTheFirstUsersConversation()
    {
        var (_, conversationId) = await AlicesConversationAsync();
        var bob = await AddUserAsync("bob");
        SignInAsViewer("bob", bob.Id);
        Render<MudSnackbarProvider>();
        Services.GetRequiredService<NavigationManager>().NavigateTo($"chat?conversation={conversationId}");

        var page = Render<ChatPage>();

        page.WaitForAssertion(() => Assert.Contains("This conversation does not exist or is not yours.", Snackbars(), StringComparison.Ordinal), Wait);
        Assert.Contains("No conversation yet.", page.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("Where was AB-123-CD", page.Markup, StringComparison.Ordinal);
        Assert.Empty(page.FindAll(".chat-answer"));
        Assert.Empty(page.FindAll("button[aria-label^='Delete the conversation']"));
        Assert.NotNull(await Services.GetRequiredService<ConversationStore>().GetAsync(conversationId, new ChatUser(TestUserId, true), CancellationToken.None));
    }

    [Fact]
    public async Task Owner_OpensTheirConversationByLink_AndCanAsk()
    {
        var (alice, conversationId) = await AlicesConversationAsync();
        SignInAsViewer("alice", alice.Id);
        Services.GetRequiredService<NavigationManager>().NavigateTo($"chat?conversation={conversationId}");

        var page = Render<ChatPage>();

        page.WaitForAssertion(() => Assert.Contains("AB-123-CD was seen 3 times [1].", page.Markup, StringComparison.Ordinal), Wait);
        Assert.Contains(page.FindAll("button"), b => b.TextContent.Trim() == "Where was AB-123-CD?");
        Assert.False(page.Find("textarea").HasAttribute("disabled"));
        Assert.Empty(page.FindAll(".mud-alert"));
    }

    [Fact]
    public async Task Admin_SeesEveryonesConversationsWithTheirOwner_ReadOnly_AndMayDeleteThem()
    {
        var (_, conversationId) = await AlicesConversationAsync();
        var dialogs = Render<MudDialogProvider>();
        var page = Render<ChatPage>();

        Assert.Contains("by alice", page.Find(".chat-conversations").TextContent, StringComparison.Ordinal);
        await page.FindAll("button").Single(b => b.TextContent.Contains("Where was AB-123-CD?", StringComparison.Ordinal)).ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains("AB-123-CD was seen 3 times [1].", page.Markup, StringComparison.Ordinal), Wait);
        Assert.Contains("This conversation belongs to alice", page.Find(".mud-alert").TextContent, StringComparison.Ordinal);
        Assert.True(page.Find("textarea").HasAttribute("disabled"));

        var delete = page.Find("button[aria-label='Delete the conversation Where was AB-123-CD?']").ClickAsync(new());
        dialogs.WaitForAssertion(() => Assert.Contains(dialogs.FindAll("button"), b => b.TextContent.Trim() == "Delete"), Wait);
        await dialogs.FindAll("button").First(b => b.TextContent.Trim() == "Delete").ClickAsync(new());
        await delete.WaitAsync(Wait);

        page.WaitForAssertion(() => Assert.Contains("No conversation yet.", page.Markup, StringComparison.Ordinal), Wait);
        Assert.Null(await Services.GetRequiredService<ConversationStore>().GetAsync(conversationId, new ChatUser(TestUserId, true), CancellationToken.None));
    }

    private async Task<(ChatUser Alice, long ConversationId)> AlicesConversationAsync()
    {
        var alice = await AddUserAsync("alice");
        var store = Services.GetRequiredService<ConversationStore>();
        var conversation = await store.CreateAsync(alice, "Where was AB-123-CD?", null, null, CancellationToken.None);
        await store.AddMessageAsync(conversation.Id, alice, ChatMessageRole.User, "Where was AB-123-CD?", false, [], CancellationToken.None);
        await store.AddMessageAsync(conversation.Id, alice, ChatMessageRole.Assistant, "AB-123-CD was seen 3 times [1].", false, [], CancellationToken.None);
        return (alice, conversation.Id);
    }

    private void SignInAsViewer(string userName, string id)
    {
        Auth.SetAuthorized(userName);
        Auth.SetRoles(Roles.Viewer);
        Auth.SetPolicies();
        Auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, id));
    }

    private string Snackbars() => string.Concat(Services.GetRequiredService<ISnackbar>().ShownSnackbars.Select(s => s.Message));
}
