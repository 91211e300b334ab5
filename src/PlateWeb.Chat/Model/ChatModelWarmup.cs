using Microsoft.Extensions.Hosting;

namespace PlateWeb.Chat.Model;

/// <summary>
/// Loads the weights in the background as the web app starts, so the first question does not wait for
/// them and the chat page can show the load's progress. Start-up itself is not delayed; a missing or
/// broken file only sets the model's status.
/// </summary>
public sealed class ChatModelWarmup(LlamaChatModel model) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Leave StartAsync at once: loading a few GB can take a while.
        await Task.Yield();
        try
        {
            await model.EnsureLoadedAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping during the load.
        }
    }
}
