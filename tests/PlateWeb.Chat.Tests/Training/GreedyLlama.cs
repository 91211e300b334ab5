using System.Text;
using LLama;
using LLama.Common;
using LLama.Native;

namespace PlateWeb.Chat.Tests.Training;

/// <summary>Loads a GGUF file through LLamaSharp and answers prompts greedily, token by token, the way the
/// training tools' PyTorch model does (so both can be compared token for token).</summary>
public sealed class GreedyLlama : IDisposable
{
    private readonly LLamaWeights _weights;
    private readonly LLamaContext _context;

    public GreedyLlama(string ggufPath, int contextSize = 2048)
    {
        // One thread: on a loaded 2-core machine a tiny model decodes far faster without thread barriers.
        var parameters = new ModelParams(ggufPath) { ContextSize = (uint)contextSize, GpuLayerCount = 0, Threads = 1 };
        _weights = LLamaWeights.LoadFromFile(parameters);
        _context = _weights.CreateContext(parameters);
    }

    public LLamaWeights Weights => _weights;

    /// <summary>The prompt as the GGUF's own chat template renders a system and a user message.</summary>
    public string ApplyTemplate(string system, string user)
    {
        var template = new LLamaTemplate(_weights) { AddAssistant = true };
        template.Add("system", system);
        template.Add("user", user);
        return Encoding.UTF8.GetString(template.Apply());
    }

    public int[] Tokenize(string prompt) =>
        _context.Tokenize(prompt, addBos: true, special: true).Select(t => (int)t).ToArray();

    public GreedyResult Generate(string prompt, int maxTokens)
    {
        var tokens = _context.Tokenize(prompt, addBos: true, special: true);
        _context.NativeHandle.MemoryClear(true);
        var batch = new LLamaBatch();
        for (var i = 0; i < tokens.Length; i++)
        {
            batch.Add(tokens[i], i, LLamaSeqId.Zero, i == tokens.Length - 1);
        }
        Decode(batch);
        var logits = _context.NativeHandle.GetLogitsIth(batch.TokenCount - 1).ToArray();
        var firstLogits = logits;
        var end = _weights.Vocab.EOS ?? throw new InvalidOperationException("the model has no end-of-sequence token");
        var generated = new List<int>();
        var decoder = new StreamingTokenDecoder(_context);
        for (var pos = tokens.Length; generated.Count < maxTokens; pos++)
        {
            var best = ArgMax(logits);
            if (best == (int)end)
            {
                break;
            }
            generated.Add(best);
            decoder.Add(best);
            batch.Clear();
            batch.Add((LLamaToken)best, pos, LLamaSeqId.Zero, true);
            Decode(batch);
            logits = _context.NativeHandle.GetLogitsIth(0).ToArray();
        }
        return new GreedyResult(tokens.Select(t => (int)t).ToArray(), generated, decoder.Read(), firstLogits);
    }

    private void Decode(LLamaBatch batch)
    {
        var result = _context.Decode(batch);
        if (result != DecodeResult.Ok)
        {
            throw new InvalidOperationException($"llama_decode failed: {result}");
        }
    }

    private static int ArgMax(float[] values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }
        return best;
    }

    public void Dispose()
    {
        _context.Dispose();
        _weights.Dispose();
    }
}

public sealed record GreedyResult(int[] PromptTokens, IReadOnlyList<int> Generated, string Text, float[] FirstLogits);
