using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;
using LLama;
using LLama.Common;
using LLama.Native;
using LLama.Sampling;
using Microsoft.Extensions.Logging;

namespace PlateWeb.Chat.Model;

/// <summary>What the About page says about a loaded model.</summary>
public sealed record ChatModelDetails(string Name, string Architecture, long SizeBytes, ulong Parameters, bool TemplateFromFile);

/// <summary>Generation failed inside llama.cpp (not a cancellation); the message is for people.</summary>
public sealed class ChatModelException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// The chat model on LLamaSharp: one set of weights for the process, loaded once behind a semaphore
/// (eagerly by <see cref="ChatModelWarmup"/> in the web app, else at first use), a fresh context per
/// request, at most <see cref="ChatOptions.MaxConcurrent"/> requests generating while the others wait in
/// a first-come, first-served line whose position they are told. The prompt is rendered with the GGUF's
/// own chat template (ChatML when the file has none); generation stops at an end-of-generation or control
/// token, at a turn marker written as text, at MaxTokens, or within one token of cancellation.
/// </summary>
public sealed partial class LlamaChatModel : IChatModel, IDisposable
{
    // Prompt tokens are decoded in slices this long so that Stop is honoured during a long prompt too.
    private const int PromptSlice = 128;

    private readonly ChatOptions _options;
    private readonly ILogger<LlamaChatModel> _logger;
    private readonly SemaphoreSlim _loadLock = new(1, 1);
    private readonly GenerationQueue _queue;
    private readonly string _displayPath;
    private LLamaWeights? _weights;
    private ModelParams? _parameters;
    private bool _templateFromFile;
    private ModelStatus _status;
    private readonly CancellationTokenSource _stopping = new();
    private (long Length, DateTime Written)? _failedFile;
    private int _generating;
    private bool _disposed;

    /// <param name="options">The <c>Chat</c> section.</param>
    /// <param name="contentRoot">Folder a relative <see cref="ChatOptions.ModelPath"/> is taken from (the repository root).</param>
    public LlamaChatModel(ChatOptions options, string contentRoot, ILogger<LlamaChatModel> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _logger = logger;
        _displayPath = options.ModelPath;
        ModelPath = ResolveModelPath(contentRoot, options.ModelPath);
        _queue = new GenerationQueue(options.MaxConcurrent, options.MaxWaiting);
        _status = File.Exists(ModelPath) ? new ModelStatus(ModelState.NotLoaded, ModelPath) : Missing();
    }

    /// <summary>Absolute path of the GGUF file.</summary>
    public string ModelPath { get; }

    public ModelStatus Status
    {
        get
        {
            // A file copied into models/ (or a broken one replaced) while the app runs is noticed without a
            // restart: the next question loads it.
            var status = Volatile.Read(ref _status);
            return status.State switch
            {
                ModelState.Missing when File.Exists(ModelPath) => status with { State = ModelState.NotLoaded, Message = null },
                ModelState.Failed when _failedFile is { } failed && Stamp(ModelPath) is { } now && now != failed =>
                    status with { State = ModelState.NotLoaded, Message = null },
                _ => status,
            };
        }
    }

    /// <summary>Set once the weights are loaded.</summary>
    public ChatModelDetails? Details { get; private set; }

    /// <summary>Requests waiting for the model now.</summary>
    public int Waiting => _queue.Waiting;

    /// <summary>A relative path is taken from the content root; "~" and environment variables are not expanded.</summary>
    public static string ResolveModelPath(string contentRoot, string modelPath) =>
        string.IsNullOrWhiteSpace(modelPath) ? string.Empty : Path.GetFullPath(Path.Combine(contentRoot, modelPath));

    /// <summary>Loads the weights unless they are loaded (or the same file already failed); never throws for a bad file.</summary>
    public async Task<ModelStatus> EnsureLoadedAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _weights) is not null) return Status;
        await _loadLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_weights is not null) return Status;
            if (string.IsNullOrEmpty(ModelPath) || !File.Exists(ModelPath))
            {
                Publish(Missing());
                LogMissing(_logger, ModelPath);
                return Status;
            }
            var file = new FileInfo(ModelPath);
            if (_failedFile is { } failed && failed == Stamp(ModelPath)) return Status;

            if (GgufHeader.Problem(ModelPath) is { } problem)
            {
                Fail(file, problem, null);
                return Status;
            }

            Publish(new ModelStatus(ModelState.Loading, ModelPath, LoadProgress: 0));
            LlamaNativeLog.RouteTo(_logger);
            var started = Stopwatch.GetTimestamp();
            var threads = _options.Threads > 0 ? _options.Threads : Environment.ProcessorCount;
            var parameters = new ModelParams(ModelPath)
            {
                ContextSize = (uint)_options.ContextSize,
                Threads = threads,
                BatchThreads = threads,
                GpuLayerCount = 0,
            };
            var progress = new InlineProgress(p => Publish(new ModelStatus(ModelState.Loading, ModelPath, LoadProgress: Math.Clamp(p, 0, 1))));
            var weights = await LLamaWeights.LoadFromFileAsync(parameters, cancellationToken, progress).ConfigureAwait(false);
            _parameters = parameters;
            _templateFromFile = FileTemplateWorks(weights);
            Details = new ChatModelDetails(
                weights.Metadata.GetValueOrDefault("general.name") ?? Path.GetFileNameWithoutExtension(ModelPath),
                weights.Metadata.GetValueOrDefault("general.architecture") ?? "unknown",
                file.Length, weights.ParameterCount, _templateFromFile);
            Volatile.Write(ref _weights, weights);
            _failedFile = null;
            Publish(new ModelStatus(ModelState.Ready, ModelPath, LoadProgress: 1));
            LogLoaded(_logger, ModelPath, Details.Name, Stopwatch.GetElapsedTime(started).TotalMilliseconds, Details.TemplateFromFile);
            return Status;
        }
        catch (OperationCanceledException)
        {
            Publish(new ModelStatus(ModelState.NotLoaded, ModelPath));
            throw;
        }
        catch (Exception ex) when (ex is not ObjectDisposedException)
        {
            // llama.cpp refuses a damaged file with an exception (LoadWeightsFailedException); a missing or
            // incompatible native library surfaces here too. Either way the app goes on without the chat.
            Fail(new FileInfo(ModelPath), ex.Message, ex);
            return Status;
        }
        finally
        {
            _loadLock.Release();
        }
    }

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
        Interlocked.Increment(ref _generating);
        try
        {
            await foreach (var e in RunAsync(prompt, started, ticket, stopping.Token).ConfigureAwait(false))
            {
                yield return e;
            }
        }
        finally
        {
            Interlocked.Decrement(ref _generating);
        }
    }

    /// <summary>The prompt exactly as the model reads it (the GGUF's template applied), for tests and the benchmark.</summary>
    public string RenderPrompt(ChatPrompt prompt)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        var weights = _weights ?? throw new InvalidOperationException("The model is not loaded.");
        // A template object per prompt: LLamaTemplate keeps its messages and is not meant to be shared between threads.
        var template = _templateFromFile ? new LLamaTemplate(weights, strict: true) : new LLamaTemplate("chatml");
        template.AddAssistant = true;
        template.Add("system", prompt.System);
        template.Add("user", prompt.User);
        return LLamaTemplate.Encoding.GetString(template.Apply());
    }

    /// <summary>Number of tokens <paramref name="text"/> takes (special tokens parsed), for the benchmark.</summary>
    public int CountTokens(string text)
    {
        var weights = _weights ?? throw new InvalidOperationException("The model is not loaded.");
        return weights.Tokenize(text, add_bos: false, special: true, System.Text.Encoding.UTF8).Length;
    }

    public void Dispose()
    {
        if (_disposed) return;
        _stopping.Cancel();
        // Answers stop at their next token; one whose reader walked away without disposing it is not waited for long.
        SpinWait.SpinUntil(() => Volatile.Read(ref _generating) == 0, TimeSpan.FromSeconds(5));
        _loadLock.Wait();
        try
        {
            _disposed = true;
            _weights?.Dispose();
            _weights = null;
            _stopping.Dispose();
        }
        finally
        {
            _loadLock.Release();
        }
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

    private async IAsyncEnumerable<ChatEvent> RunAsync(
        ChatPrompt prompt, long started, GenerationQueue.Ticket ticket, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var weights = _weights!;
        var text = RenderPrompt(prompt);
        using var context = weights.CreateContext(_parameters!, _logger);
        var vocab = weights.Vocab;
        var tokens = context.Tokenize(text, addBos: vocab.ShouldAddBOS, special: true);
        var room = (int)context.ContextSize - tokens.Length;
        var maxTokens = Math.Min(prompt.MaxTokens ?? _options.MaxTokens, room);
        if (maxTokens <= 0)
        {
            LogTooLong(_logger, tokens.Length, (int)context.ContextSize);
            yield return new ChatUnavailable(
                $"The question and its facts take {tokens.Length} tokens, more than the model's context of {context.ContextSize} (Chat:ContextSize). Ask about fewer plates or raise Chat:ContextSize.");
            yield break;
        }

        var batch = new LLamaBatch();
        var cancelled = false;
        for (var start = 0; start < tokens.Length; start += PromptSlice)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                cancelled = true;
                break;
            }
            batch.Clear();
            var end = Math.Min(start + PromptSlice, tokens.Length);
            for (var i = start; i < end; i++) batch.Add(tokens[i], i, LLamaSeqId.Zero, logits: i == tokens.Length - 1);
            await DecodeAsync(context, batch).ConfigureAwait(false);
        }

        using var sampler = CreateSampler();
        var guard = _options.QuoteGuard && _options.Temperature <= 0 ? new QuoteGuard(prompt.System + "\n" + prompt.User) : null;
        var written = new StringBuilder();
        var held = guard is null ? null : new QuoteHoldback();
        var loop = _options.StopLoops ? new RepetitionStop() : null;
        var decoder = new StreamingTokenDecoder(context);
        var stops = new StopTextFilter(StopTextFilter.ChatMarkers);
        var position = tokens.Length;
        var generated = 0;
        TimeSpan? firstToken = null;
        while (!cancelled && generated < maxTokens)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                cancelled = true;
                break;
            }
            var token = guard is null
                ? sampler.Sample(context.NativeHandle, batch.TokenCount - 1)
                : QuotedGreedy(context.NativeHandle.GetLogitsIth(batch.TokenCount - 1), vocab, guard, written.ToString());
            if (token.IsEndOfGeneration(vocab) || token.IsControl(vocab)) break;
            generated++;
            firstToken ??= Stopwatch.GetElapsedTime(started);
            decoder.Add(token);
            var decoded = decoder.Read();
            written.Append(decoded);
            var piece = stops.Push(held is null ? decoded : held.Push(decoded));
            if (piece.Length > 0) yield return new ChatToken(piece);
            if (stops.Stopped) break;
            if (loop?.Add((int)token) == true)
            {
                LogLoop(_logger, generated);
                break;
            }

            batch.Clear();
            batch.Add(token, position++, LLamaSeqId.Zero, logits: true);
            await DecodeAsync(context, batch).ConfigureAwait(false);
        }
        // A plate still being written when MaxTokens or Stop cut the answer is left out, not shown cut short
        // (after Stop nothing more is shown at all).
        var rest = held is null ? stops.Flush() : stops.Push(held.Flush(!cancelled && guard!.Allows(written.ToString(), QuoteGuard.End))) + stops.Flush();
        if (rest.Length > 0) yield return new ChatToken(rest);

        // The slot goes to the next request before the caller has read the last event.
        sampler.Dispose();
        context.Dispose();
        ticket.Dispose();
        var total = Stopwatch.GetElapsedTime(started);
        LogGenerated(_logger, tokens.Length, generated, (firstToken ?? total).TotalMilliseconds, total.TotalMilliseconds, cancelled);
        yield return new ChatCompleted(generated, firstToken ?? TimeSpan.Zero, total, cancelled);
    }

    /// <summary>The most likely token that <paramref name="guard"/> allows after <paramref name="written"/>:
    /// the model's best few first, then, rarely, the whole vocabulary in order (one always passes: the
    /// end of the turn, or a token with no capital or digit in it).</summary>
    private static LLamaToken QuotedGreedy(Span<float> logits, SafeLlamaModelHandle.Vocabulary vocab, QuoteGuard guard, string written)
    {
        var best = TopTokens(logits, QuoteGuard.Candidates);
        foreach (var token in best)
        {
            if (Passes(token)) return token;
        }
        var all = new int[logits.Length];
        for (var i = 0; i < all.Length; i++) all[i] = i;
        var scores = logits.ToArray();
        Array.Sort(scores, all);
        for (var i = all.Length - 1; i >= 0; i--)
        {
            if (Passes(all[i])) return all[i];
        }
        return best[0];

        // Ending the answer ends the plate being written, too: "JC-792" cannot be the last word when the facts say "JC-792-PQ".
        bool Passes(LLamaToken token) =>
            token.IsEndOfGeneration(vocab) || token.IsControl(vocab)
                ? guard.Allows(written, QuoteGuard.End)
                : guard.Allows(written, vocab.LLamaTokenToString(token, false) ?? "");
    }

    /// <summary>Indices of the <paramref name="count"/> largest logits, largest first.</summary>
    private static LLamaToken[] TopTokens(ReadOnlySpan<float> logits, int count)
    {
        count = Math.Min(count, logits.Length);
        var ids = new int[count];
        var values = new float[count];
        var filled = 0;
        for (var i = 0; i < logits.Length; i++)
        {
            var v = logits[i];
            if (filled == count && v <= values[count - 1]) continue;
            var at = filled < count ? filled++ : count - 1;
            while (at > 0 && values[at - 1] < v)
            {
                values[at] = values[at - 1];
                ids[at] = ids[at - 1];
                at--;
            }
            values[at] = v;
            ids[at] = i;
        }
        var tokens = new LLamaToken[filled];
        for (var i = 0; i < filled; i++) tokens[i] = ids[i];
        return tokens;
    }

    private ISamplingPipeline CreateSampler() => _options.Temperature <= 0
        ? new GreedySamplingPipeline()
        : new DefaultSamplingPipeline { Temperature = _options.Temperature, Seed = (uint)Random.Shared.Next() };

    private static async Task DecodeAsync(LLamaContext context, LLamaBatch batch)
    {
        // Native work leaves the caller's thread (a Blazor circuit's, for one); cancellation is checked between calls.
        var result = await Task.Run(() => context.Decode(batch)).ConfigureAwait(false);
        if (result != DecodeResult.Ok)
        {
            throw new ChatModelException($"The model stopped with an error while answering (llama.cpp decode: {result}).");
        }
    }

    private static bool FileTemplateWorks(LLamaWeights weights)
    {
        if (!weights.Metadata.ContainsKey("tokenizer.chat_template")) return false;
        try
        {
            var template = new LLamaTemplate(weights, strict: true) { AddAssistant = true };
            template.Add("user", "x");
            template.Apply();
            return true;
        }
        catch (Exception ex) when (ex is LLama.Exceptions.RuntimeError or InvalidOperationException)
        {
            // A template llama.cpp does not recognise: ChatML is used instead (the default model's own format).
            return false;
        }
    }

    private static (long Length, DateTime Written)? Stamp(string path)
    {
        var file = new FileInfo(path);
        return file.Exists ? (file.Length, file.LastWriteTimeUtc) : null;
    }

    private ModelStatus Missing() => new(
        ModelState.Missing,
        ModelPath,
        string.IsNullOrEmpty(ModelPath)
            ? "No chat model is configured. Put a GGUF chat model in the models/ folder and set Chat:ModelPath in appsettings.json to its path."
            : $"No chat model file at {ModelPath}. Put a GGUF chat model there (the project's default is models/plate-chat-v1.gguf; any GGUF chat model works, for example a Llama 3.x instruct quantisation), or set Chat:ModelPath in appsettings.json (now \"{_displayPath}\") to the file you have. Everything else in PlateWeb works without it.");

    private void Fail(FileInfo file, string reason, Exception? ex)
    {
        _failedFile = Stamp(file.FullName);
        var message = $"The chat model {ModelPath} could not be loaded: {reason.TrimEnd('.')}. Replace it with a valid GGUF chat model or set Chat:ModelPath in appsettings.json to another file.";
        Publish(new ModelStatus(ModelState.Failed, ModelPath, message));
        LogFailed(_logger, ex, ModelPath, reason);
    }

    private void Publish(ModelStatus status) => Volatile.Write(ref _status, status);

    private sealed class InlineProgress(Action<float> report) : IProgress<float>
    {
        public void Report(float value) => report(value);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No chat model at {ModelPath}: the chat is unavailable until a GGUF file is there (Chat:ModelPath)")]
    private static partial void LogMissing(ILogger logger, string modelPath);

    [LoggerMessage(Level = LogLevel.Error, Message = "Chat model {ModelPath} failed to load: {Reason}")]
    private static partial void LogFailed(ILogger logger, Exception? exception, string modelPath, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Chat model {ModelPath} ({ModelName}) loaded in {ElapsedMs:0} ms; template from file: {TemplateFromFile}")]
    private static partial void LogLoaded(ILogger logger, string modelPath, string modelName, double elapsedMs, bool templateFromFile);

    [LoggerMessage(Level = LogLevel.Information, Message = "Answered: {PromptTokens} prompt tokens, {Tokens} tokens, first after {FirstTokenMs:0} ms, {TotalMs:0} ms in all, cancelled {Cancelled}")]
    private static partial void LogGenerated(ILogger logger, int promptTokens, int tokens, double firstTokenMs, double totalMs, bool cancelled);

    [LoggerMessage(Level = LogLevel.Information, Message = "Answer stopped after {Tokens} tokens: it was repeating itself")]
    private static partial void LogLoop(ILogger logger, int tokens);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chat question turned away: {Waiting} questions already wait for the model (Chat:MaxWaiting)")]
    private static partial void LogBusy(ILogger logger, int waiting);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Prompt of {PromptTokens} tokens does not fit a context of {ContextSize}")]
    private static partial void LogTooLong(ILogger logger, int promptTokens, int contextSize);
}
