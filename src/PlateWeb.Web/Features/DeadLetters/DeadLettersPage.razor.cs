using MudBlazor;
using PlateWeb.Jobs;

namespace PlateWeb.Web.Features.DeadLetters;

/// <summary>
/// /dead-letters (admins): the jobs RabbitMQ set aside (a picture no worker can read, or one its workers died on),
/// each with its image hash, why, when and how often it was delivered; retry sends it back to the workers with a fresh
/// count, discard drops it and its spooled image.
/// </summary>
public sealed partial class DeadLettersPage
{
    /// <summary>Dead letters shown at once: they are meant to be few; more means something is wrong everywhere.</summary>
    private const int MaxShown = 200;

    private IReadOnlyList<DeadLetter>? _letters;
    private Dictionary<string, long> _stored = new(StringComparer.Ordinal);
    private string? _error;
    private bool _busy;

    protected override Task OnInitializedAsync() => Queue.Value.Provider == QueueProvider.RabbitMq ? LoadAsync() : Task.CompletedTask;

    private async Task LoadAsync()
    {
        _error = null;
        try
        {
            var letters = await DeadLetters.ListAsync(MaxShown, CancellationToken.None);
            var stored = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var sha in letters.Select(l => l.Sha256).OfType<string>().Distinct())
            {
                if (await Store.FindBySha256Async(sha, CancellationToken.None) is { } image) stored[sha] = image.Id;
            }
            (_letters, _stored) = (letters, stored);
        }
        catch (DeadLetterException ex)
        {
            _error = L["Unavailable"];
            Log.LogWarning("Dead letters not listed: {Reason}", ex.Message);
        }
    }

    /// <summary>A retry reads the image from the spool: without it (or when it is stored already) there is nothing to read.</summary>
    private bool CanRetry(DeadLetter letter) => letter.JobId is not null && letter.InSpool;

    private async Task RetryAsync(DeadLetter letter) =>
        await ActAsync(() => DeadLetters.RetryAsync(letter.Key, CancellationToken.None), L["Retried", Short(letter)]);

    private async Task DiscardAsync(DeadLetter letter)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(L["DiscardTitle"], L["DiscardText", Short(letter)], yesText: L["Discard"], cancelText: S["Cancel"],
            options: new DialogOptions { CloseOnEscapeKey = true });
        if (confirmed != true) return;
        await ActAsync(() => DeadLetters.DiscardAsync(letter.Key, CancellationToken.None), L["Discarded", Short(letter)]);
    }

    private async Task ActAsync(Func<Task> action, string done)
    {
        _busy = true;
        try
        {
            await action();
            Snackbar.Add(done, Severity.Success);
        }
        catch (DeadLetterException ex)
        {
            // Someone else took it first, or the broker is away: said in words, and the list shows what is there now.
            Log.LogWarning("Dead-letter action refused: {Reason}", ex.Message);
            Snackbar.Add(L["ActionFailed"], Severity.Warning);
        }
        finally
        {
            _busy = false;
        }
        await LoadAsync();
    }

    private static string Short(DeadLetter letter) => letter.Sha256?[..12] ?? letter.Key;

    private string ReasonText(DeadLetterReason reason) => reason switch
    {
        DeadLetterReason.Rejected => L["ReasonRejected"],
        DeadLetterReason.DeliveryLimit => L["ReasonDeliveryLimit"],
        _ => L["ReasonOther"],
    };
}
