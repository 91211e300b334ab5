namespace PlateWeb.Chat.Tests.Model;

/// <summary>
/// The tiny GGUF models, written once per test run beside the test assembly (bin/…/tiny-models/), where
/// `platectl bench-chat --model` can also find them (docs/PERFORMANCE.md).
/// </summary>
public sealed class TinyModelFiles
{
    public TinyModelFiles()
    {
        Directory.CreateDirectory(Folder);
        TinyLlamaGguf.Write(Talkative, TinyLlamaGguf.Behaviour.Talkative);
        TinyLlamaGguf.Write(EndsAtOnce, TinyLlamaGguf.Behaviour.EndsAtOnce);
    }

    public static string Folder { get; } = Path.Combine(AppContext.BaseDirectory, "tiny-models");

    /// <summary>Writes word pieces until MaxTokens.</summary>
    public string Talkative { get; } = Path.Combine(Folder, "tiny-llama.gguf");

    /// <summary>Answers &lt;|im_end|&gt; straight away.</summary>
    public string EndsAtOnce { get; } = Path.Combine(Folder, "tiny-llama-ends.gguf");
}

[CollectionDefinition(Name)]
public sealed class TinyModelCollection : ICollectionFixture<TinyModelFiles>
{
    public const string Name = "Tiny GGUF models";
}
