using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;

namespace PlateWeb.Chat.Model;

/// <summary>
/// The chat model on LLamaSharp, split as LLama.Web splits <c>ModelService</c> and <c>ModelSession</c>: the
/// weights and their status are <see cref="ChatWeights"/> (loaded eagerly by <see cref="ChatModelWarmup"/>
/// in the web app, else at first use), each answer is a <see cref="GenerationSession"/> with a context of
/// its own, run on a thread of its own (<see cref="GenerationThreads"/>). This class admits the requests: at
/// most <see cref="ChatOptions.MaxConcurrent"/> generate while the others wait in a first-come, first-served
/// line whose position they are told, and a request past <see cref="ChatOptions.MaxWaiting"/> is told the
/// chat is busy.
/// </summary>
public sealed partial class LlamaChatModel : IChatModel, IDisposable
{
    // The host stopping waits this long for the answers it cancelled to end at their next token; one whose
    // reader walked away without disposing it is not waited for longer.
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(5);

    private readonly ChatOptions _options;
    private readonly ILogger<LlamaChatModel> _logger;
    private readonly ChatWeights _weights;
    private readonly GenerationQueue _queue;
    private readonly GenerationThreads _threads = new();
    private readonly CancellationTokenSource _stopping = new();
    private bool _disposed;

    /// <param name="options">The <c>Chat</c> section.</param>
    /// <param name="contentRoot">Folder a relative <see cref="ChatOptions.ModelPath"/> is taken from (the repository root).</param>
    public LlamaChatModel(ChatOptions options, string contentRoot, ILogger<LlamaChatModel> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _logger = logger;
        _weights = new ChatWeights(options, contentRoot, logger);
        _queue = new GenerationQueue(options.MaxConcurrent, options.MaxWaiting);
    }

    /// <summary>Absolute path of the GGUF file.</summary>
    public string ModelPath => _weights.ModelPath;

    public ModelStatus Status => _weights.Status;

    /// <summary>Set once the weights are loaded.</summary>
    public ChatModelDetails? Details => _weights.Details;

    /// <summary>Requests waiting for the model now.</summary>
    public int Waiting => _queue.Waiting;

    /// <summary>Loads the weights unless they are loaded (or the same file already failed); never throws for a bad file.</summary>
    public Task<ModelStatus> EnsureLoadedAsync(CancellationToken cancellationToken) => _weights.EnsureLoadedAsync(cancellationToken);

    /// <summary>The prompt exactly as the model reads it (the GGUF's template applied), for tests and the benchmark.</summary>
    public string RenderPrompt(ChatPrompt prompt) => _weights.RenderPrompt(prompt);

    /// <summary>Number of tokens <paramref name="text"/> takes (special tokens parsed), for the benchmark.</summary>
    public int CountTokens(string text) => _weights.CountTokens(text);

    public async IAsyncEnumerable<ChatEvent> GenerateAsync(ChatPrompt prompt, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        var started = Stopwatch.GetTimestamp();
        var status = await LoadForRequestAsync(cancellationToken).ConfigureAwait(false);
        if (status is null)
        {
            yield return new ChatCompleted(0, TimeSpan.Zero, Stopwatch.GetElapsedTime(started), Cancelled: true);
            yield break;
        }
        if (status.State != ModelState.Ready)
        {
            yield return new ChatUnavailable(status.Message ?? $"The chat model is {status.State}.");
            yield break;
        }

        using var ticket = _queue.TryEnter();
        if (ticket is null)
        {
            LogBusy(_logger, _queue.Waiting);
            yield return new ChatUnavailable($"The chat is busy: {_queue.Waiting} questions are waiting for the model. Ask again in a minute.", Busy: true);
            yield break;
        }
        var seen = 0;
        while (!ticket.IsGranted)
        {
            var position = ticket.Position;
            if (position != seen)
            {
                seen = position;
                yield return new ChatQueued(position);
                continue;
            }
            if (!await ticket.WaitForChangeAsync(seen, cancellationToken).ConfigureAwait(false))
            {
                // Leave the line before telling the caller, so the ones behind move up at once.
                ticket.Dispose();
                yield return new ChatCompleted(0, TimeSpan.Zero, Stopwatch.GetElapsedTime(started), Cancelled: true);
                yield break;
            }
        }

        yield return new ChatStarted();
        // Disposing the model (the host stopping) ends every answer within a token, before the weights go.
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        var session = new GenerationSession(_weights, _options, _logger);
        await foreach (var e in _threads.RunAsync(session.Run(prompt, started, ticket, stopping.Token)).ConfigureAwait(false))
        {
            yield return e;
        }
    }

    public void Dispose()
    {
        if (_disposed) return;
        _stopping.Cancel();
        _threads.StopAll(StopGrace);
        _disposed = true;
        _weights.Dispose();
        _stopping.Dispose();
    }

    private async Task<ModelStatus?> LoadForRequestAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await EnsureLoadedAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chat question turned away: {Waiting} questions already wait for the model (Chat:MaxWaiting)")]
    private static partial void LogBusy(ILogger logger, int waiting);
}
