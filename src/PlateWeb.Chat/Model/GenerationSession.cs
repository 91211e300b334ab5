using System.Diagnostics;
using LLama;
using LLama.Native;
using LLama.Sampling;
using Microsoft.Extensions.Logging;

namespace PlateWeb.Chat.Model;

/// <summary>Generation failed inside llama.cpp (not a cancellation); the message is for people.</summary>
public sealed class ChatModelException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// One answer, the part of LLama.Web's <c>ModelSession</c> that generates: a llama.cpp context of its own,
/// the prompt rendered with the model's template and decoded, then one token at a time sampled (greedy,
/// under the <see cref="QuoteGuardSamplingPipeline"/>, or LLamaSharp's default pipeline), decoded to text
/// and passed through the <see cref="AnswerText"/> steps. Generation stops at an end-of-generation or
/// control token, at a stop text, at a loop (<see cref="RepetitionStop"/>), at MaxTokens or the end of
/// the context, or within one token of cancellation.
/// </summary>
/// <remarks>
/// The native calls are synchronous: <see cref="LlamaChatModel"/> runs <see cref="Run"/> on a thread of
/// its own (<see cref="GenerationThreads"/>), which asks for the next event only when the reader does.
/// </remarks>
internal sealed partial class GenerationSession(ChatWeights weights, ChatOptions options, ILogger logger)
{
    // Prompt tokens are decoded in slices this long so that Stop is honoured during a long prompt too.
    private const int PromptSlice = 128;

    /// <param name="prompt">The system message and question.</param>
    /// <param name="started">When the request came (<see cref="Stopwatch.GetTimestamp"/>), for the timings.</param>
    /// <param name="slot">The request's place at the model, freed before the last event.</param>
    /// <param name="cancellationToken">Ends the answer at the next token.</param>
    public IEnumerable<ChatEvent> Run(ChatPrompt prompt, long started, IDisposable slot, CancellationToken cancellationToken)
    {
        var (model, parameters) = weights.Loaded;
        var text = weights.RenderPrompt(prompt);
        using var context = model.CreateContext(parameters, logger);
        var vocab = model.Vocab;
        var tokens = context.Tokenize(text, addBos: vocab.ShouldAddBOS, special: true);
        var room = (int)context.ContextSize - tokens.Length;
        var maxTokens = Math.Min(prompt.MaxTokens ?? options.MaxTokens, room);
        if (maxTokens <= 0)
        {
            LogTooLong(logger, tokens.Length, (int)context.ContextSize);
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
            Decode(context, batch);
        }

        var guard = options.QuoteGuard && options.Temperature <= 0
            ? new QuoteGuardSamplingPipeline(new QuoteGuard(prompt.System + "\n" + prompt.User), context.Encoding)
            : null;
        using var sampler = guard ?? CreateSampler();
        var answer = AnswerSteps(guard);
        var loop = options.StopLoops ? new RepetitionStop() : null;
        var decoder = new StreamingTokenDecoder(context);
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
            var token = sampler.Sample(context.NativeHandle, batch.TokenCount - 1);
            if (token.IsEndOfGeneration(vocab) || token.IsControl(vocab)) break;
            generated++;
            firstToken ??= Stopwatch.GetElapsedTime(started);
            decoder.Add(token);
            var piece = answer.Push(decoder.Read());
            if (piece.Length > 0) yield return new ChatToken(piece);
            if (answer.Stopped) break;
            if (loop?.Add((int)token) == true)
            {
                LogLoop(logger, generated);
                break;
            }

            batch.Clear();
            batch.Add(token, position++, LLamaSeqId.Zero, logits: true);
            Decode(context, batch);
        }
        // A plate still being written when MaxTokens or Stop cut the answer is left out, not shown cut short
        // (after Stop nothing more is shown at all).
        var rest = answer.End(cancelled);
        if (rest.Length > 0) yield return new ChatToken(rest);

        // The slot goes to the next request before the caller has read the last event.
        sampler.Dispose();
        context.Dispose();
        slot.Dispose();
        var total = Stopwatch.GetElapsedTime(started);
        LogGenerated(logger, tokens.Length, generated, (firstToken ?? total).TotalMilliseconds, total.TotalMilliseconds, cancelled);
        yield return new ChatCompleted(generated, firstToken ?? TimeSpan.Zero, total, cancelled);
    }

    /// <summary>The text steps of an answer: the plate hold-back (with the quote guard), then the stop texts.</summary>
    internal static AnswerText AnswerSteps(QuoteGuardSamplingPipeline? guard) =>
        guard is null
            ? new AnswerText([new StopTextFilter(StopTextFilter.ChatMarkers)])
            : new AnswerText([new QuoteHoldback(() => guard.AllowsEnd), new StopTextFilter(StopTextFilter.ChatMarkers)]);

    private ISamplingPipeline CreateSampler() => options.Temperature <= 0
        ? new GreedySamplingPipeline()
        : new DefaultSamplingPipeline { Temperature = options.Temperature, Seed = (uint)Random.Shared.Next() };

    private static void Decode(LLamaContext context, LLamaBatch batch)
    {
        var result = context.Decode(batch);
        if (result != DecodeResult.Ok)
        {
            throw new ChatModelException($"The model stopped with an error while answering (llama.cpp decode: {result}).");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Answered: {PromptTokens} prompt tokens, {Tokens} tokens, first after {FirstTokenMs:0} ms, {TotalMs:0} ms in all, cancelled {Cancelled}")]
    private static partial void LogGenerated(ILogger logger, int promptTokens, int tokens, double firstTokenMs, double totalMs, bool cancelled);

    [LoggerMessage(Level = LogLevel.Information, Message = "Answer stopped after {Tokens} tokens: it was repeating itself")]
    private static partial void LogLoop(ILogger logger, int tokens);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Prompt of {PromptTokens} tokens does not fit a context of {ContextSize}")]
    private static partial void LogTooLong(ILogger logger, int promptTokens, int contextSize);
}
