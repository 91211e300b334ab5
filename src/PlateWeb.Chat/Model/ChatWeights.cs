using System.Diagnostics;
using LLama;
using LLama.Common;
using Microsoft.Extensions.Logging;

namespace PlateWeb.Chat.Model;

/// <summary>What the About page says about a loaded model.</summary>
public sealed record ChatModelDetails(string Name, string Architecture, long SizeBytes, ulong Parameters, bool TemplateFromFile);

/// <summary>
/// The chat model's weights and their status, the half of LLama.Web's <c>ModelService</c> that owns a
/// model: one set of weights for the process, loaded once behind a semaphore, a file that appears or is
/// replaced while the app runs noticed without a restart, and the GGUF's own chat template (ChatML when
/// the file has none). Each answer borrows the weights for a context of its own (<see cref="GenerationSession"/>).
/// </summary>
public sealed partial class ChatWeights : IDisposable
{
    private readonly ChatOptions _options;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _loadLock = new(1, 1);
    private readonly string _displayPath;
    private LLamaWeights? _weights;
    private ModelParams? _parameters;
    private bool _templateFromFile;
    private ModelStatus _status;
    private (long Length, DateTime Written)? _failedFile;
    private bool _disposed;

    /// <param name="options">The <c>Chat</c> section.</param>
    /// <param name="contentRoot">Folder a relative <see cref="ChatOptions.ModelPath"/> is taken from (the repository root).</param>
    /// <param name="logger">The model's logger (its category is <see cref="LlamaChatModel"/>'s).</param>
    public ChatWeights(ChatOptions options, string contentRoot, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _logger = logger;
        _displayPath = options.ModelPath;
        ModelPath = ResolveModelPath(contentRoot, options.ModelPath);
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

    /// <summary>The loaded weights and the parameters a context for them is made with.</summary>
    internal (LLamaWeights Weights, ModelParams Parameters) Loaded =>
        Volatile.Read(ref _weights) is { } weights ? (weights, _parameters!) : throw new InvalidOperationException("The model is not loaded.");

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

    /// <summary>Frees the weights; the caller has ended the answers that use them first.</summary>
    public void Dispose()
    {
        _loadLock.Wait();
        try
        {
            _disposed = true;
            _weights?.Dispose();
            _weights = null;
        }
        finally
        {
            _loadLock.Release();
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
}
