using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using MudBlazor;
using PlateWeb.Chat;
using PlateWeb.Chat.Grounding;
using PlateWeb.Chat.Model;
using PlateWeb.Data.Entities;
using PlateWeb.Data.Storage;

using PlateWeb.Web.Components;

namespace PlateWeb.Web.Features.Chat;

/// <summary>
/// /chat, /chat?read=ID and /chat?conversation=ID: the signed-in user's conversations on the left (an
/// admin's: everyone's), the open one on the right, answers streamed from <see cref="IChatService"/> into
/// a <see cref="ChatSession"/> and re-rendered at most every ~50 ms. Stop, leaving the page or closing
/// the tab cancels the answer; what was written is kept, marked stopped. Every store call names the
/// user, so a conversation that is not theirs is never listed, opened or deleted.
/// </summary>
public sealed partial class ChatPage : IAsyncDisposable
{
    // How many conversations the list shows (newest activity first).
    private const int ListedConversations = 50;

    private static readonly TimeSpan StatusRefresh = TimeSpan.FromMilliseconds(500);

    private readonly ChatSession _session = new();
    private RenderThrottle _throttle = null!;
    private ModelStatus _status = null!;
    private ITimer? _statusTimer;
    private CancellationTokenSource? _answerCts;
    private long? _appliedReadId;
    private long? _appliedConversationId;
    private ChatUser? _user;
    private bool _disposed;

    [SupplyParameterFromQuery(Name = "read")]
    public long? ReadId { get; set; }

    [SupplyParameterFromQuery(Name = "conversation")]
    public long? ConversationParameter { get; set; }

    [CascadingParameter] private Task<AuthenticationState> Authentication { get; set; } = null!;

    [Inject] private IChatService Chat { get; set; } = null!;

    [Inject] private IChatModel Model { get; set; } = null!;

    [Inject] private ConversationStore Conversations { get; set; } = null!;

    [Inject] private PlateStore Plates { get; set; } = null!;

    [Inject] private IOptions<ChatOptions> Options { get; set; } = null!;

    [Inject] private IStringLocalizer<ChatStrings> T { get; set; } = null!;

    [Inject] private ISnackbar Snackbar { get; set; } = null!;

    [Inject] private IDialogService Dialogs { get; set; } = null!;

    [Inject] private TimeProvider Time { get; set; } = null!;

    [Inject] private TimeZones.UserClock Clock { get; set; } = null!;

    [Inject] private ILogger<ChatPage> Logger { get; set; } = null!;

    /// <summary>The state the page renders (for tests).</summary>
    internal ChatSession Session => _session;

    private bool CanAsk => _status.State is not (ModelState.Missing or ModelState.Failed) && _user is not null && !_session.IsReadOnly;

    protected override async Task OnInitializedAsync()
    {
        _throttle = new RenderThrottle(Time, RenderThrottle.DefaultInterval);
        _session.TimeZone = Clock.Zone;
        _status = Model.Status;
        // Load progress, and a model file copied in while the page is open, show without a reload.
        _statusTimer = Time.CreateTimer(_ => _ = InvokeAsync(RefreshStatus), null, StatusRefresh, StatusRefresh);
        _user = ChatUsers.From((await Authentication).User);
        await ReloadConversationsAsync();
    }

    protected override async Task OnParametersSetAsync()
    {
        if (_session.IsAnswering) return;
        if (ConversationParameter != _appliedConversationId)
        {
            _appliedConversationId = ConversationParameter;
            if (ConversationParameter is { } conversationId && !await OpenAsync(conversationId))
            {
                Snackbar.Add(T["ConversationNotFound"], Severity.Warning);
            }
        }
        // /chat?read=ID opens a new conversation about that read; the same page instance gets a new ID when
        // "Ask about this plate" is used again.
        if (ReadId == _appliedReadId) return;
        _appliedReadId = ReadId;
        if (ReadId is not { } readId)
        {
            return;
        }
        var read = await Plates.FindReadAsync(readId, CancellationToken.None);
        if (read is null)
        {
            Snackbar.Add(T["ReadNotFound", readId], Severity.Warning);
            _session.StartNew(null);
            return;
        }
        _session.StartNew(new GroundingContext(read.Id, read.CorrectedText ?? read.Text));
    }

    private async Task SendAsync(string question)
    {
        if (_session.IsAnswering || !CanAsk || _user is not { } user) return;
        var cts = _answerCts = new CancellationTokenSource();
        if (_session.ConversationId is null)
        {
            var created = await Conversations.CreateAsync(user, question, _session.Context?.ReadId, _session.Context?.PlateText, CancellationToken.None);
            _session.Stored(created.Id);
            await ReloadConversationsAsync();
        }
        var conversationId = _session.ConversationId!.Value;
        await Conversations.AddMessageAsync(conversationId, user, ChatMessageRole.User, question, cancelled: false, [], CancellationToken.None);

        var answer = _session.Ask(question);
        _throttle.Reset();
        StateHasChanged();
        try
        {
            await foreach (var chatEvent in Chat.AskAsync(question, _session.AskContext, cts.Token))
            {
                if (!_session.IsAnswering || !_session.Apply(chatEvent)) continue;
                if (chatEvent is ChatToken && !_throttle.ShouldRender()) continue;
                Render();
            }
            _session.EndOfStream();
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            _session.Stopped();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A failure inside the model or the grounding must not take the circuit down: the partial answer stays, with why.
            LogAnswerFailed(Logger, ex, conversationId);
            _session.Failed(ex is ChatModelException ? ex.Message : ex.GetType().Name + ": " + ex.Message);
        }
        finally
        {
            _answerCts = null;
            cts.Dispose();
        }

        // Saved even when the page is gone (tab closed): the conversation then shows the answer as stopped.
        var text = answer.Text.Length > 0 ? answer.Text : answer.Problem ?? string.Empty;
        await Conversations.AddMessageAsync(
            conversationId, user, ChatMessageRole.Assistant, text, cancelled: answer.State == AnswerState.Stopped, answer.Sources, CancellationToken.None,
            _session.LastQuery);
        await ReloadConversationsAsync();
        Render();
    }

    private void Stop() => _answerCts?.Cancel();

    private Task OpenFromListAsync(long conversationId) => OpenAsync(conversationId);

    /// <summary>Shows one of the user's conversations (an admin: anyone's, read-only); false when there is none they may see.</summary>
    private async Task<bool> OpenAsync(long conversationId)
    {
        if (_session.IsAnswering || _user is not { } user) return false;
        var conversation = await Conversations.GetAsync(conversationId, user, CancellationToken.None);
        if (conversation is null)
        {
            await ReloadConversationsAsync();
            return false;
        }
        var own = user.Owns(conversation);
        _session.Open(conversation, readOnly: !own, ownerName: own ? null : await Conversations.OwnerNameAsync(conversation.OwnerId, CancellationToken.None));
        return true;
    }

    private void NewConversation()
    {
        if (!_session.IsAnswering) _session.StartNew(null);
    }

    private void RemoveContext()
    {
        if (!_session.IsAnswering) _session.ClearContext();
    }

    private async Task DeleteAsync(ConversationSummary conversation)
    {
        if (_session.IsAnswering || _user is not { } user) return;
        var confirmed = await Dialogs.ShowMessageBoxAsync(
            T["DeleteTitle"], T["DeleteMessage", conversation.Title], yesText: T["DeleteYes"], cancelText: T["Cancel"]);
        if (confirmed != true) return;
        if (!await Conversations.DeleteAsync(conversation.Id, user, CancellationToken.None))
        {
            Snackbar.Add(T["ConversationNotFound"], Severity.Warning);
            await ReloadConversationsAsync();
            return;
        }
        if (_session.ConversationId == conversation.Id) _session.StartNew(null);
        await ReloadConversationsAsync();
        Snackbar.Add(T["Deleted"], Severity.Success);
    }

    private async Task ReloadConversationsAsync() =>
        _session.Conversations = _user is { } user ? await Conversations.ListAsync(user, ListedConversations, CancellationToken.None) : [];

    private void RefreshStatus()
    {
        var status = Model.Status;
        if (status == _status) return;
        _status = status;
        Render();
    }

    private void Render()
    {
        if (!_disposed) StateHasChanged();
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        if (_answerCts is { } cts) await cts.CancelAsync();
        if (_statusTimer is not null) await _statusTimer.DisposeAsync();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The answer in conversation {ConversationId} failed")]
    private static partial void LogAnswerFailed(ILogger logger, Exception exception, long conversationId);
}
