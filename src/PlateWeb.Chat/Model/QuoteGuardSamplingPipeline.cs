using System.Text;
using LLama;
using LLama.Native;
using LLama.Sampling;

namespace PlateWeb.Chat.Model;

/// <summary>
/// Greedy decoding under a <see cref="QuoteGuard"/>, as a LLamaSharp sampling pipeline: each token is the
/// most likely one whose text keeps every run of capitals and digits in the answer a quote of the prompt.
/// </summary>
/// <remarks>
/// Like llama.cpp's own sampler chains (whose <c>llama_sampler_sample</c> accepts the token it picks),
/// <see cref="Sample"/> records the token it returns: the answer written so far is what the guard judges
/// the next token against. <see cref="Accept"/> is for a token chosen elsewhere. The text is decoded with
/// a <see cref="StreamingTokenDecoder"/> of its own, so it is the text the reader is shown, token for token.
/// </remarks>
/// <param name="guard">The prompt's quotes.</param>
/// <param name="encoding">The context's encoding (<see cref="LLamaContext.Encoding"/>).</param>
public sealed class QuoteGuardSamplingPipeline(QuoteGuard guard, Encoding encoding) : ISamplingPipeline
{
    private readonly StringBuilder _written = new();
    private SafeLlamaModelHandle? _model;
    private StreamingTokenDecoder? _decoder;

    /// <summary>The answer as written so far (end-of-generation and control tokens add nothing).</summary>
    public string Written => _written.ToString();

    /// <summary>Whether the answer may end here: not in the middle of a plate ("JC-792" when the facts say "JC-792-PQ").</summary>
    public bool AllowsEnd => guard.Allows(Written, QuoteGuard.End);

    public LLamaToken Sample(SafeLLamaContextHandle ctx, int index)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        var vocab = ctx.ModelHandle.Vocab;
        var written = Written;
        var token = Choose(ctx.GetLogitsIth(index), token => Passes(vocab, written, token));
        _model ??= ctx.ModelHandle;
        Record(token);
        return token;
    }

    /// <summary>Sets the logit of every token the guard refuses after the answer so far to −∞.</summary>
    public void Apply(SafeLLamaContextHandle ctx, LLamaTokenDataArray data)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        var vocab = ctx.ModelHandle.Vocab;
        var written = Written;
        foreach (ref var candidate in data.Data.Span)
        {
            if (!Passes(vocab, written, candidate.ID)) candidate.Logit = float.NegativeInfinity;
        }
    }

    public void Accept(LLamaToken token) => Record(token);

    public void Reset()
    {
        _written.Clear();
        _decoder?.Reset();
    }

    public void Dispose()
    {
        // Nothing native: the logits and the vocabulary belong to the context.
    }

    /// <summary>
    /// The most likely token that <paramref name="passes"/>: the model's best <see cref="QuoteGuard.Candidates"/>
    /// first, then, rarely, the whole vocabulary in order (one always passes: the end of the turn, or a token
    /// with no capital or digit in it). When none does, the most likely token.
    /// </summary>
    internal static LLamaToken Choose(Span<float> logits, Func<LLamaToken, bool> passes)
    {
        var best = TopTokens(logits, QuoteGuard.Candidates);
        foreach (var token in best)
        {
            if (passes(token)) return token;
        }
        var all = new int[logits.Length];
        for (var i = 0; i < all.Length; i++) all[i] = i;
        var scores = logits.ToArray();
        Array.Sort(scores, all);
        for (var i = all.Length - 1; i >= 0; i--)
        {
            if (passes(all[i])) return all[i];
        }
        return best[0];
    }

    /// <summary>Indices of the <paramref name="count"/> largest logits, largest first.</summary>
    internal static LLamaToken[] TopTokens(ReadOnlySpan<float> logits, int count)
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

    // Ending the answer ends the plate being written, too: "JC-792" cannot be the last word when the facts say "JC-792-PQ".
    private bool Passes(SafeLlamaModelHandle.Vocabulary vocab, string written, LLamaToken token) =>
        EndsTurn(vocab, token)
            ? guard.Allows(written, QuoteGuard.End)
            : guard.Allows(written, vocab.LLamaTokenToString(token, false) ?? "");

    private static bool EndsTurn(SafeLlamaModelHandle.Vocabulary vocab, LLamaToken token) =>
        token.IsEndOfGeneration(vocab) || token.IsControl(vocab);

    private void Record(LLamaToken token)
    {
        var model = _model ?? throw new InvalidOperationException("The pipeline knows the model once it has sampled a token.");
        // Generation stops at such a token: it is never shown, so it is not part of the answer.
        if (EndsTurn(model.Vocab, token)) return;
        _decoder ??= new StreamingTokenDecoder(encoding, model);
        _decoder.Add(token);
        _written.Append(_decoder.Read());
    }
}
