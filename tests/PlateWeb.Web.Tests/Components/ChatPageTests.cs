using System.Globalization;
using AngleSharp.Dom;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor;
using PlateWeb.Chat;
using PlateWeb.Chat.Grounding;
using PlateWeb.Data;
using PlateWeb.Data.Entities;
using PlateWeb.Data.Storage;
using PlateWeb.Web.Features.Chat;

namespace PlateWeb.Web.Tests.Components;

/// <summary>The chat page over a real SQLite store, with a chat service the test drives token by token.</summary>
public sealed class ChatPageTests : SqliteTestContext
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private readonly FakeChatService _chat = new();
    private readonly FakeChatModel _model = new();

    public ChatPageTests()
    {
        Services.AddSingleton<IChatService>(_chat);
        Services.AddSingleton<IChatModel>(_model);
        Services.AddSingleton<ConversationStore>();
        Services.AddSingleton(new PlateWeb.Chat.Checking.FactRenderer(PlateWeb.Chat.Checking.AnswerCheckServiceCollectionExtensions.DefaultChecker(new PlateWeb.Recognition.Grammar.PlateGrammar())));
        Services.AddSingleton<SourceReads>();
        Services.AddSingleton(Options.Create(new ChatOptions { MaxQuestionLength = 200 }));
        Services.AddLogging();
    }

    [Fact]
    public async Task Answer_StreamsTokenByToken_ThenShowsMarkdownSourcesAndIsStored()
    {
        var page = Render<ChatPage>();

        var send = Ask(page, "How many times was AB-123-CD seen?");
        var asked = await _chat.NextQuestionAsync();
        asked.Send(Grounded(asked.Question, new GroundingFact(1, "[1] count: 3 reads of AB-123-CD", [7, 8, 9], "AB-123-CD")));
        asked.Send(new ChatStarted(), new ChatToken("AB-123-CD was seen "));

        // The first token is on the page while the answer is still being written.
        // (One render, not two checks in a row: the sources' reads load meanwhile and re-render the answer on their own.)
        page.WaitForAssertion(() =>
        {
            Assert.Contains("AB-123-CD was seen", Answer(page).TextContent, StringComparison.Ordinal);
            Assert.Contains("Writing…", Answer(page).TextContent, StringComparison.Ordinal);
        }, Wait);
        Assert.Contains(page.FindAll("button"), b => b.TextContent.Trim() == "Stop");
        Assert.False(send.IsCompleted);

        asked.Send(new ChatToken("**3 times** [1]."), new ChatCompleted(2, TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(9), Cancelled: false));
        await send.WaitAsync(Wait);

        page.WaitForAssertion(() => Assert.Equal("3 times", Answer(page).QuerySelector("strong")?.TextContent), Wait);
        Assert.DoesNotContain("Writing…", Answer(page).TextContent, StringComparison.Ordinal);
        Assert.Equal(
            ["history?read=7", "history?read=8", "history?read=9"],
            Answer(page).QuerySelectorAll(".chat-sources a").Select(a => a.GetAttribute("href")));
        // The source in words (the model's English line is its tooltip).
        Assert.Equal("[1] AB-123-CD was seen 3 times.", Answer(page).QuerySelector(".chat-fact")?.TextContent);
        Assert.Equal("[1] count: 3 reads of AB-123-CD", Answer(page).QuerySelector(".chat-fact")?.GetAttribute("title"));
        Assert.NotNull(page.Find("button[aria-label='Copy the answer']"));
        Assert.Contains(page.FindAll("button"), b => b.TextContent.Trim() == "How many times was AB-123-CD seen?");

        await using var db = await Services.GetRequiredService<IDbContextFactory<PlateDbContext>>().CreateDbContextAsync();
        var messages = await db.ChatMessages.OrderBy(m => m.Id).ToListAsync();
        Assert.Equal([ChatMessageRole.User, ChatMessageRole.Assistant], messages.Select(m => m.Role));
        Assert.Equal("AB-123-CD was seen **3 times** [1].", messages[1].Text);
        Assert.False(messages[1].Cancelled);
        Assert.Equal([7L, 8L, 9L], Assert.Single(ConversationStore.Sources(messages[1])).ReadIds);
    }

    [Fact]
    public async Task Ask_PassesTheUsersTimeZone()
    {
        // "today" and "after 22:00" are the user's (the plateweb.tz cookie), not the server's.
        Services.GetRequiredService<PlateWeb.Web.Features.TimeZones.UserClock>().Use("Pacific/Auckland");
        var page = Render<ChatPage>();

        var send = Ask(page, "List the plates seen today");
        var asked = await _chat.NextQuestionAsync();
        asked.Send(new ChatCompleted(0, TimeSpan.Zero, TimeSpan.Zero, Cancelled: false));
        await send.WaitAsync(Wait);

        Assert.Equal("Pacific/Auckland", asked.Context?.TimeZone?.Id);
    }

    [Fact]
    public async Task Stop_CancelsTheAnswer_AndKeepsWhatWasWrittenAsStopped()
    {
        var page = Render<ChatPage>();
        var send = Ask(page, "List the plates seen today");
        var asked = await _chat.NextQuestionAsync();
        asked.Send(new ChatStarted(), new ChatToken("AB-123-CD, "));
        page.WaitForAssertion(() => Assert.Contains("AB-123-CD,", Answer(page).TextContent, StringComparison.Ordinal), Wait);

        await page.FindAll("button").Single(b => b.TextContent.Trim() == "Stop").ClickAsync(new());
        await send.WaitAsync(Wait);

        Assert.True(asked.CancellationToken.IsCancellationRequested);
        Assert.True(asked.SawCancellation);
        page.WaitForAssertion(() => Assert.Contains("Stopped.", Answer(page).TextContent, StringComparison.Ordinal), Wait);
        Assert.Contains(page.FindAll("button"), b => b.TextContent.Trim() == "Send");
        await using var db = await Services.GetRequiredService<IDbContextFactory<PlateDbContext>>().CreateDbContextAsync();
        var answer = await db.ChatMessages.SingleAsync(m => m.Role == ChatMessageRole.Assistant);
        Assert.True(answer.Cancelled);
        Assert.Equal("AB-123-CD, ", answer.Text);
    }

    [Fact]
    public async Task LeavingThePage_CancelsTheAnswer()
    {
        var page = Render<ChatPage>();
        var send = Ask(page, "Which country is AB-123-CD from?");
        var asked = await _chat.NextQuestionAsync();
        asked.Send(new ChatStarted(), new ChatToken("France"));
        page.WaitForAssertion(() => Assert.Contains("France", Answer(page).TextContent, StringComparison.Ordinal), Wait);

        // Closing the tab disposes the page; so does navigating away.
        await page.InvokeAsync(() => page.Instance.DisposeAsync().AsTask());
        await send.WaitAsync(Wait);

        Assert.True(asked.SawCancellation);
    }

    [Fact]
    public async Task Answer_WithHtmlScriptAndJavascriptLinks_IsShownAsText()
    {
        var page = Render<ChatPage>();
        var send = Ask(page, "<script>alert('question')</script>");
        var asked = await _chat.NextQuestionAsync();
        asked.Send(Grounded(asked.Question, new GroundingFact(1, "[1] plate <b>EVIL</b><script>alert(1)</script>: 1 read", [3], "EVIL")));
        asked.Send(
            new ChatStarted(),
            new ChatToken("<script>alert('x')</script> "),
            new ChatToken("<img src=x onerror=\"alert(1)\"> "),
            new ChatToken("[click](javascript:alert(1)) ![pixel](https://tracker.example/p.png)\n\n<iframe src=\"https://evil.example\"></iframe>"),
            new ChatCompleted(3, TimeSpan.Zero, TimeSpan.Zero, Cancelled: false));
        await send.WaitAsync(Wait);

        page.WaitForAssertion(() => Assert.Contains("&lt;script&gt;alert('x')&lt;/script&gt;", Answer(page).InnerHtml, StringComparison.Ordinal), Wait);
        Assert.Empty(page.FindAll("script"));
        Assert.Empty(page.FindAll("img"));
        Assert.Empty(page.FindAll("iframe"));
        Assert.Empty(page.FindAll(".chat-sources b"));
        Assert.DoesNotContain(page.FindAll("a"), a => (a.GetAttribute("href") ?? "").Contains("javascript", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(page.FindAll(".chat-answer a"), a => a.TextContent == "click" && a.GetAttribute("href") == "#");
        Assert.Contains("<script>alert('question')</script>", page.Find(".chat-question-text").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Waiting_ShowsThePlaceInLine_AsItMoves()
    {
        var page = Render<ChatPage>();
        var send = Ask(page, "How many reads today?");
        var asked = await _chat.NextQuestionAsync();

        asked.Send(new ChatQueued(2));
        page.WaitForAssertion(() => Assert.Contains("In line for the model: 2 question(s) ahead of yours.", Answer(page).TextContent, StringComparison.Ordinal), Wait);
        asked.Send(new ChatQueued(1));
        page.WaitForAssertion(() => Assert.Contains("In line for the model: 1 question(s) ahead of yours.", Answer(page).TextContent, StringComparison.Ordinal), Wait);
        asked.Send(new ChatStarted(), new ChatToken("Two."), new ChatCompleted(1, TimeSpan.Zero, TimeSpan.Zero, false));
        await send.WaitAsync(Wait);

        page.WaitForAssertion(() => Assert.DoesNotContain("In line", Answer(page).TextContent, StringComparison.Ordinal), Wait);
    }

    [Fact]
    public void ModelMissing_ExplainsHowToAddOne_AndCannotAsk()
    {
        _model.Status = new ModelStatus(ModelState.Missing, "/srv/plateweb/models/plate-chat-v1.gguf", "No chat model file at …");

        var page = Render<ChatPage>();

        var panel = page.Find("[role='region'][aria-label='No chat model yet']");
        Assert.Contains("/srv/plateweb/models/plate-chat-v1.gguf", panel.TextContent, StringComparison.Ordinal);
        Assert.Contains("GGUF", panel.TextContent, StringComparison.Ordinal);
        Assert.Contains("Chat:ModelPath", panel.TextContent, StringComparison.Ordinal);
        Assert.True(page.Find("textarea").HasAttribute("disabled"));
        Assert.True(page.FindAll("button").Single(b => b.TextContent.Trim() == "Send").HasAttribute("disabled"));
    }

    [Fact]
    public void ModelFailed_ShowsWhy()
    {
        _model.Status = new ModelStatus(ModelState.Failed, "/m.gguf", "The chat model /m.gguf could not be loaded: not a GGUF file.");

        var page = Render<ChatPage>();

        Assert.Contains("could not be loaded: not a GGUF file", page.Find("[role='region'][aria-label='The chat model could not be loaded']").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void ModelLoading_ShowsProgress_ThenReady()
    {
        _model.Status = new ModelStatus(ModelState.Loading, "/m.gguf", LoadProgress: 0.42f);

        var page = Render<ChatPage>();

        Assert.Contains("Loading the chat model… 42", page.Markup, StringComparison.Ordinal);
        _model.Status = new ModelStatus(ModelState.Ready, "/m.gguf", LoadProgress: 1);
        page.WaitForAssertion(() => Assert.DoesNotContain("Loading the chat model", page.Markup, StringComparison.Ordinal), Wait);
    }

    [Fact]
    public async Task AskAboutThisPlate_OpensTheChatWithThatReadAsContext()
    {
        var result = await ImageResultViewTests.StoreSampleAsync(this);
        var readId = result.Plates[0].ReadId;
        Services.GetRequiredService<NavigationManager>().NavigateTo($"chat?read={readId}");

        var page = Render<ChatPage>();
        page.WaitForAssertion(() => Assert.Contains("About plate AB-123-CD", page.Markup, StringComparison.Ordinal), Wait);
        var send = Ask(page, "When was this plate first seen?");
        var asked = await _chat.NextQuestionAsync();
        asked.Send(new ChatCompleted(0, TimeSpan.Zero, TimeSpan.Zero, false));
        await send.WaitAsync(Wait);

        // Every question carries the user's zone (UTC here: the test user has no plateweb.tz cookie).
        Assert.Equal(new GroundingContext(readId, "AB-123-CD") { TimeZone = TimeZoneInfo.Utc }, asked.Context);
        await using var db = await Services.GetRequiredService<IDbContextFactory<PlateDbContext>>().CreateDbContextAsync();
        Assert.Equal(readId, (await db.Conversations.SingleAsync()).ContextReadId);
    }

    [Fact]
    public void AskAboutPlateButton_LinksToTheChatWithTheRead()
    {
        var button = Render<AskAboutPlateButton>(p => p.Add(b => b.ReadId, 42).Add(b => b.PlateText, "AB-123-CD").Add(b => b.Compact, true));

        var link = button.Find("a[aria-label='Ask about AB-123-CD']");
        Assert.Equal("chat?read=42", link.GetAttribute("href"));
    }

    [Fact]
    public async Task Sources_InFrench_ShowThePlateItsCropAndTime_AndOpenTheReadInPlace()
    {
        var stored = await ImageResultViewTests.StoreSampleAsync(this);
        var readId = stored.Plates[0].ReadId;
        var dialogs = Render<MudDialogProvider>();
        var (culture, ui) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("fr-FR");
        try
        {
            var page = Render<ChatPage>();
            page.Find("textarea").Input(new ChangeEventArgs { Value = "Quand AB-123-CD a-t-elle été vue ?" });
            var send = page.FindAll("button").Single(b => b.TextContent.Trim() == "Envoyer").ClickAsync(new());
            var asked = await _chat.NextQuestionAsync();
            asked.Send(Grounded(asked.Question, new GroundingFact(1, "[1] read #" + readId + ": AB-123-CD at 2026-11-29 10:30, country FR (France), confidence 80%", [readId], "AB-123-CD")));
            asked.Send(new ChatStarted(), new ChatToken("Le 2026-11-29 [1]."), new ChatCompleted(1, TimeSpan.Zero, TimeSpan.Zero, Cancelled: false));
            await send.WaitAsync(Wait);

            page.WaitForAssertion(() => Assert.NotNull(Answer(page).QuerySelector("button.chat-source-read")), Wait);
            Assert.Equal("[1] AB-123-CD a été lue le 2026-11-29 à 10:30, avec une confiance de 80 %.", Answer(page).QuerySelector(".chat-fact")?.TextContent);
            var chip = Answer(page).QuerySelector("button.chat-source-read")!;
            Assert.Equal("AB-123-CD", chip.QuerySelector(".chat-source-plate")?.TextContent);
            Assert.Equal(FormattableString.Invariant($"images/{stored.ImageId}"), chip.QuerySelector("image")?.GetAttribute("href"));
            Assert.StartsWith("Ouvrir la lecture de AB-123-CD", chip.GetAttribute("aria-label"), StringComparison.Ordinal);
            Assert.Empty(Answer(page).QuerySelectorAll(".chat-sources a"));

            await page.Find("button.chat-source-read").ClickAsync(new());

            dialogs.WaitForAssertion(() => Assert.Contains(dialogs.FindAll(".mud-dialog-title"), t => t.TextContent.Contains("Lecture AB-123-CD", StringComparison.Ordinal)), Wait);
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture, ui);
        }
    }

    [Fact]
    public async Task StoredConversation_OpensWithItsAnswers_AndCanBeDeleted()
    {
        var store = Services.GetRequiredService<ConversationStore>();
        var me = new ChatUser(TestUserId, IsAdmin: true);
        var conversation = await store.CreateAsync(me, "Which country?", null, null, CancellationToken.None);
        await store.AddMessageAsync(conversation.Id, me, ChatMessageRole.User, "Which country?", false, [], CancellationToken.None);
        await store.AddMessageAsync(conversation.Id, me, ChatMessageRole.Assistant, "France [1].", true, [new StoredSource(1, "[1] country FR (France): 2 reads", [5, 6])], CancellationToken.None);
        var dialogs = Render<MudDialogProvider>();
        var page = Render<ChatPage>();

        await page.FindAll("button").Single(b => b.TextContent.Trim() == "Which country?").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains("France [1].", Answer(page).TextContent, StringComparison.Ordinal), Wait);
        Assert.Contains("Stopped.", Answer(page).TextContent, StringComparison.Ordinal);
        Assert.Equal(["history?read=5", "history?read=6"], Answer(page).QuerySelectorAll(".chat-sources a").Select(a => a.GetAttribute("href")));

        var delete = page.Find("button[aria-label='Delete the conversation Which country?']").ClickAsync(new());
        dialogs.WaitForAssertion(() => Assert.Contains(dialogs.FindAll("button"), b => b.TextContent.Trim() == "Delete"), Wait);
        await dialogs.FindAll("button").First(b => b.TextContent.Trim() == "Delete").ClickAsync(new());
        await delete.WaitAsync(Wait);

        page.WaitForAssertion(() => Assert.Contains("No conversation yet.", page.Markup, StringComparison.Ordinal), Wait);
        Assert.Empty(page.FindAll(".chat-answer"));
        Assert.Null(await store.GetAsync(conversation.Id, me, CancellationToken.None));
    }

    [Fact]
    public async Task FollowUp_AfterTheConversationIsOpenedAgain_IsAskedWithItsStoredLastQuery()
    {
        var first = Render<ChatPage>();
        var send = Ask(first, "How many German plates last week?");
        var asked = await _chat.NextQuestionAsync();
        Assert.Equal(new GroundingContext(null, null) { TimeZone = TimeZoneInfo.Utc }, asked.Context);
        asked.Send(
            new ChatGrounded(new GroundedQuestion(asked.Question, "en", "count", "all", new DateOnly(2026, 11, 29), []) { Query = "How many German plates last week?" }),
            new ChatToken("12 reads [1]."),
            new ChatCompleted(1, TimeSpan.Zero, TimeSpan.Zero, Cancelled: false));
        await send.WaitAsync(Wait);
        first.Dispose();

        // Another visit: a new page, and so a new session, opens the stored conversation.
        var page = Render<ChatPage>();
        await page.FindAll("button").Single(b => b.TextContent.Trim() == "How many German plates last week?").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Contains("12 reads [1].", Answer(page).TextContent, StringComparison.Ordinal), Wait);
        var followUp = Ask(page, "and yesterday?");
        var again = await _chat.NextQuestionAsync();

        Assert.Equal("How many German plates last week?", again.Context?.LastQuery);
        again.Send(
            new ChatGrounded(new GroundedQuestion(again.Question, "en", "count", "all", new DateOnly(2026, 11, 29), []) { Query = "How many German plates yesterday?" }),
            new ChatToken("3 reads [1]."),
            new ChatCompleted(1, TimeSpan.Zero, TimeSpan.Zero, Cancelled: false));
        await followUp.WaitAsync(Wait);
        await using var db = await Services.GetRequiredService<IDbContextFactory<PlateDbContext>>().CreateDbContextAsync();
        Assert.Equal("How many German plates yesterday?", (await db.Conversations.SingleAsync()).LastQuery);
    }

    [Fact]
    public async Task EnterKey_SendsThroughTheComposerModule()
    {
        var module = JSInterop.SetupModule("./Features/Chat/ChatComposer.razor.js");
        module.SetupVoid("attach", _ => true).SetVoidResult();
        var page = Render<ChatPage>();
        page.WaitForAssertion(() => module.VerifyInvoke("attach"), Wait);
        var composer = page.FindComponent<ChatComposer>();

        var send = composer.InvokeAsync(() => composer.Instance.SendFromKeyboard("  How many reads?  "));
        var asked = await _chat.NextQuestionAsync();
        asked.Send(new ChatCompleted(0, TimeSpan.Zero, TimeSpan.Zero, false));
        await send.WaitAsync(Wait);

        Assert.Equal("How many reads?", asked.Question);
    }

    [Fact]
    public async Task TooLongQuestion_IsRefusedWithTheLimit()
    {
        var page = Render<ChatPage>();

        await page.Find("textarea").InputAsync(new ChangeEventArgs { Value = new string('a', 201) });
        await page.FindAll("button").Single(b => b.TextContent.Trim() == "Send").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains("The question is too long: 201 characters, at most 200.", page.Markup, StringComparison.Ordinal), Wait);
        Assert.Empty(_chat.Questions);
    }

    [Fact]
    public async Task CopyButton_CopiesTheAnswerText()
    {
        var module = JSInterop.SetupModule("./Features/Chat/ChatTurnView.razor.js");
        module.Setup<bool>("copyText", _ => true).SetResult(true);
        var page = Render<ChatPage>();
        var send = Ask(page, "q");
        var asked = await _chat.NextQuestionAsync();
        asked.Send(new ChatStarted(), new ChatToken("Seen **3** times."), new ChatCompleted(1, TimeSpan.Zero, TimeSpan.Zero, false));
        await send.WaitAsync(Wait);

        await page.Find("button[aria-label='Copy the answer']").ClickAsync(new());

        var copy = module.VerifyInvoke("copyText");
        Assert.Equal("Seen **3** times.", copy.Arguments[0]);
    }

    [Fact]
    public void French_TheChatSpeaksFrench()
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("fr-FR");
        try
        {
            _model.Status = new ModelStatus(ModelState.Missing, "/m.gguf");
            var page = Render<ChatPage>();

            Assert.Contains("Votre question", page.Markup, StringComparison.Ordinal);
            Assert.Contains(page.FindAll("button"), b => b.TextContent.Trim() == "Envoyer");
            Assert.Contains("Pas encore de modèle de discussion", page.Markup, StringComparison.Ordinal);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    private static Task Ask(IRenderedComponent<ChatPage> page, string question)
    {
        page.Find("textarea").Input(new ChangeEventArgs { Value = question });
        // The click's handler runs until the answer ends; the test drives the answer meanwhile.
        return page.FindAll("button").Single(b => b.TextContent.Trim() == "Send").ClickAsync(new());
    }

    private static IElement Answer(IRenderedComponent<ChatPage> page) => page.FindAll(".chat-answer")[^1];

    private static ChatGrounded Grounded(string question, params GroundingFact[] facts) =>
        new(new GroundedQuestion(question, "en", "count", "all", new DateOnly(2026, 11, 29), facts));
}
