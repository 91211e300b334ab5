namespace PlateWeb.Chat.Tests.Model;

/// <summary>
/// A real, tiny Llama-architecture model (2 layers, 64 wide, ~350 tokens, F32) written as GGUF by the
/// tests, so LLamaSharp's whole path (load, template, tokenize, decode, sample, detokenize) runs without
/// the trained default model. Its answers are nonsense on purpose; the mechanics are what is tested.
/// </summary>
internal static class TinyLlamaGguf
{
    public const int Embedding = 64;
    public const int Heads = 4;
    public const int KvHeads = 2;
    public const int FeedForward = 128;
    public const int Layers = 2;
    public const int ContextLength = 2048;

    public const string ChatMlTemplate =
        "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n'}}{% endfor %}" +
        "{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}";

    private const int HeadDim = Embedding / Heads;

    // The residual stream's dimension 0 is this constant for every token (no layer writes to it), so after
    // the final norm it is a large positive number: the output rows' first weight then biases tokens up or down.
    private const float Carrier = 5f;

    /// <summary>What the model's output favours.</summary>
    public enum Behaviour
    {
        /// <summary>Never samples control or byte tokens: generates word pieces until MaxTokens.</summary>
        Talkative,

        /// <summary>Its first token is &lt;|im_end|&gt;: an empty answer that ends at once.</summary>
        EndsAtOnce,
    }

    public static IReadOnlyList<string> Tokens { get; } = BuildVocabulary();

    public static int ImEnd => 4;

    public static void Write(string path, Behaviour behaviour = Behaviour.Talkative, int seed = 1234)
    {
        var random = new Random(seed);
        var vocab = Tokens;
        var types = vocab.Select((t, i) => i switch
        {
            0 => 2, // unknown
            < 5 => 3, // control: <s>, </s>, <|im_start|>, <|im_end|>
            < 5 + 256 => 6, // byte
            _ => 1, // normal
        }).ToArray();
        var scores = vocab.Select((t, i) => types[i] == 1 ? -(float)i / vocab.Count + t.Length : 0f).ToArray();

        var writer = new GgufWriter()
            .Add("general.architecture", "llama")
            .Add("general.name", "plateweb-tiny-test")
            .Add("general.alignment", (uint)GgufWriter.Alignment)
            .Add("llama.context_length", (uint)ContextLength)
            .Add("llama.embedding_length", (uint)Embedding)
            .Add("llama.block_count", (uint)Layers)
            .Add("llama.feed_forward_length", (uint)FeedForward)
            .Add("llama.rope.dimension_count", (uint)HeadDim)
            .Add("llama.attention.head_count", (uint)Heads)
            .Add("llama.attention.head_count_kv", (uint)KvHeads)
            .Add("llama.attention.layer_norm_rms_epsilon", 1e-5f)
            .Add("llama.vocab_size", (uint)vocab.Count)
            .Add("tokenizer.ggml.model", "llama")
            .Add("tokenizer.ggml.tokens", vocab)
            .Add("tokenizer.ggml.scores", scores)
            .Add("tokenizer.ggml.token_type", types)
            .Add("tokenizer.ggml.unknown_token_id", 0u)
            .Add("tokenizer.ggml.bos_token_id", 1u)
            .Add("tokenizer.ggml.eos_token_id", 2u)
            .Add("tokenizer.ggml.add_bos_token", false)
            .Add("tokenizer.ggml.add_eos_token", false)
            .Add("tokenizer.chat_template", ChatMlTemplate);

        var embeddings = Random(random, vocab.Count * Embedding, 1f);
        for (var t = 0; t < vocab.Count; t++) embeddings[t * Embedding] = Carrier;
        writer.AddTensor("token_embd.weight", [vocab.Count, Embedding], embeddings);

        for (var layer = 0; layer < Layers; layer++)
        {
            var p = $"blk.{layer}.";
            writer.AddTensor(p + "attn_norm.weight", [Embedding], Ones(Embedding));
            writer.AddTensor(p + "attn_q.weight", [Embedding, Embedding], Random(random, Embedding * Embedding, 0.3f));
            writer.AddTensor(p + "attn_k.weight", [KvHeads * HeadDim, Embedding], Random(random, KvHeads * HeadDim * Embedding, 0.3f));
            writer.AddTensor(p + "attn_v.weight", [KvHeads * HeadDim, Embedding], Random(random, KvHeads * HeadDim * Embedding, 0.3f));
            writer.AddTensor(p + "attn_output.weight", [Embedding, Embedding], ZeroFirstRow(Random(random, Embedding * Embedding, 0.1f), Embedding));
            writer.AddTensor(p + "ffn_norm.weight", [Embedding], Ones(Embedding));
            writer.AddTensor(p + "ffn_gate.weight", [FeedForward, Embedding], Random(random, FeedForward * Embedding, 0.3f));
            writer.AddTensor(p + "ffn_up.weight", [FeedForward, Embedding], Random(random, FeedForward * Embedding, 0.3f));
            writer.AddTensor(p + "ffn_down.weight", [Embedding, FeedForward], ZeroFirstRow(Random(random, Embedding * FeedForward, 0.1f), FeedForward));
        }

        writer.AddTensor("output_norm.weight", [Embedding], Ones(Embedding));
        var output = Random(random, vocab.Count * Embedding, 0.5f);
        for (var t = 0; t < vocab.Count; t++)
        {
            output[t * Embedding] = types[t] == 1 ? 0f : -10f;
            if (types[t] != 1)
            {
                // Control and byte tokens carry only the bias: a far lower logit than any word piece.
                Array.Clear(output, t * Embedding + 1, Embedding - 1);
            }
        }
        if (behaviour == Behaviour.EndsAtOnce) output[ImEnd * Embedding] = 10f;
        writer.AddTensor("output.weight", [vocab.Count, Embedding], output);
        writer.Save(path);
    }

    private static List<string> BuildVocabulary()
    {
        var tokens = new List<string> { "<unk>", "<s>", "</s>", "<|im_start|>", "<|im_end|>" };
        tokens.AddRange(Enumerable.Range(0, 256).Select(b => $"<0x{b:X2}>"));
        tokens.Add("\u2581");
        tokens.AddRange("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,?!:-[]%".Select(c => c.ToString()));
        tokens.AddRange(new[]
        {
            "the", "plate", "read", "reads", "is", "not", "in", "data", "That", "seen", "was", "times", "first", "last",
            "country", "France", "count", "AB", "CD", "123", "You", "are", "Answer", "only", "from", "facts", "cite",
            "them", "as", "If", "do", "say", "that", "it", "system", "user", "assistant", "Today", "Language", "Asked",
        }.Select(w => "\u2581" + w));
        return tokens;
    }

    private static float[] Random(Random random, int count, float scale)
    {
        var values = new float[count];
        for (var i = 0; i < count; i++) values[i] = (float)(random.NextDouble() * 2 - 1) * scale;
        return values;
    }

    private static float[] Ones(int count) => Enumerable.Repeat(1f, count).ToArray();

    private static float[] ZeroFirstRow(float[] weights, int rowLength)
    {
        Array.Clear(weights, 0, rowLength);
        return weights;
    }
}
