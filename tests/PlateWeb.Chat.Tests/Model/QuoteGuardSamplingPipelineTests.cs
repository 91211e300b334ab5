using System.Text;
using System.Text.RegularExpressions;
using LLama;
using LLama.Common;
using LLama.Native;
using LLama.Sampling;
using PlateWeb.Chat.Model;

namespace PlateWeb.Chat.Tests.Model;

/// <summary>The choice alone on made-up logits, then the pipeline for real on the tiny GGUF (<see cref="TinyLlamaGguf"/>).</summary>
[Collection(TinyModelCollection.Name)]
public sealed class QuoteGuardSamplingPipelineTests(TinyModelFiles files)
{
    private const string Source = "Facts:\n[1] count: 3 reads of AB-123-CD\nHow many times was AB123CD seen?";

    [Fact]
    public void Choose_BestTokenAllowed_IsTheGreedyChoice()
    {
        float[] logits = [0.1f, 2f, 0.5f, 1f];

        Assert.Equal(1, (int)QuoteGuardSamplingPipeline.Choose(logits, _ => true));
    }

    [Fact]
    public void Choose_BestTokensRefused_TakesTheNextBestAllowed()
    {
        float[] logits = [0.1f, 2f, 0.5f, 1f];

        Assert.Equal(2, (int)QuoteGuardSamplingPipeline.Choose(logits, t => (int)t is not (1 or 3)));
    }

    [Fact]
    public void Choose_NoneOfTheCandidatesAllowed_SearchesTheWholeVocabularyInOrder()
    {
        // 100 tokens, token i scoring i: the best QuoteGuard.Candidates are 99 down to 76; only 10 and 40 pass.
        var logits = Enumerable.Range(0, 100).Select(i => (float)i).ToArray();

        Assert.Equal(40, (int)QuoteGuardSamplingPipeline.Choose(logits, t => (int)t is 10 or 40));
    }

    [Fact]
    public void Choose_NothingAllowed_FallsBackToTheBestToken()
    {
        float[] logits = [0.1f, 2f, 0.5f];

        Assert.Equal(1, (int)QuoteGuardSamplingPipeline.Choose(logits, _ => false));
    }

    [Fact]
    public void TopTokens_LargestFirst_TiesInVocabularyOrder()
    {
        float[] logits = [1f, 3f, 3f, 2f, -1f];

        Assert.Equal([1, 2, 3], QuoteGuardSamplingPipeline.TopTokens(logits, 3).Select(t => (int)t));
        Assert.Equal(5, QuoteGuardSamplingPipeline.TopTokens(logits, 24).Length);
    }

    [Fact]
    public void Sample_TinyModel_WritesOnlyQuotedRuns_WhereGreedyDoesNot()
    {
        using var model = new TinyContext(files.Talkative);
        var greedy = model.Generate(new GreedySamplingPipeline(), 200);
        using var guarded = new QuoteGuardSamplingPipeline(new QuoteGuard(Source), Encoding.UTF8);

        var text = model.Generate(guarded, 200);

        var source = Source.ToUpperInvariant();
        Assert.Contains(Runs(greedy), r => !source.Contains(r, StringComparison.Ordinal));
        Assert.All(Runs(text), r => Assert.Contains(r, source, StringComparison.Ordinal));
        // What the pipeline judges the next token against is exactly the text the reader was shown.
        Assert.Equal(text, guarded.Written);
    }

    [Fact]
    public void Apply_AfterAPlateStart_RefusesEveryTokenThatLeavesNoPlateOfThePrompt()
    {
        using var model = new TinyContext(files.Talkative);
        using var guarded = new QuoteGuardSamplingPipeline(new QuoteGuard(Source), Encoding.UTF8);
        model.Generate(guarded, 1);
        guarded.Reset();
        foreach (var piece in new[] { "\u2581AB", "-", "1" }) guarded.Accept(Id(piece));
        Assert.EndsWith("AB-1", guarded.Written, StringComparison.Ordinal);
        var data = new LLamaTokenDataArray(TinyLlamaGguf.Tokens.Select((_, i) => new LLamaTokenData(i, 1f, 0f)).ToArray());

        guarded.Apply(model.Context.NativeHandle, data);

        var allowed = data.Data.ToArray().Where(t => !float.IsNegativeInfinity(t.Logit)).Select(t => TinyLlamaGguf.Tokens[(int)t.ID]).ToList();
        Assert.Contains("2", allowed);                     // "AB-12" goes on to AB-123-CD
        Assert.DoesNotContain("3", allowed);               // "AB-13" is in no fact
        Assert.DoesNotContain("\u2581the", allowed);       // would end the plate at "AB-1"
        Assert.DoesNotContain("<|im_end|>", allowed);      // so would ending the answer
        Assert.Contains("\u2581the", TinyLlamaGguf.Tokens);

        static LLamaToken Id(string piece) => TinyLlamaGguf.Tokens.ToList().IndexOf(piece);
    }

    private static IEnumerable<string> Runs(string text) =>
        Regex.Matches(text, "[A-Z0-9]+(?:[ -][A-Z0-9]+)*").Select(m => m.Value).Where(v => v.Count(char.IsAsciiLetterOrDigit) >= 2);

    /// <summary>The tiny model with a context on which the prompt is decoded.</summary>
    private sealed class TinyContext : IDisposable
    {
        private readonly LLamaWeights _weights;
        private readonly ModelParams _parameters;

        public TinyContext(string path)
        {
            _parameters = new ModelParams(path) { ContextSize = 512, Threads = 1, BatchThreads = 1, GpuLayerCount = 0 };
            _weights = LLamaWeights.LoadFromFile(_parameters);
            Context = _weights.CreateContext(_parameters);
        }

        public LLamaContext Context { get; private set; }

        /// <summary>Up to <paramref name="count"/> tokens after the prompt, in a fresh context, as the reader would see them.</summary>
        public string Generate(ISamplingPipeline sampler, int count)
        {
            Context.Dispose();
            Context = _weights.CreateContext(_parameters);
            var prompt = "<|im_start|>system\n" + Source + "<|im_end|>\n<|im_start|>assistant\n";
            var tokens = Context.Tokenize(prompt, addBos: true, special: true);
            var batch = new LLamaBatch();
            for (var i = 0; i < tokens.Length; i++) batch.Add(tokens[i], i, LLamaSeqId.Zero, logits: i == tokens.Length - 1);
            Assert.Equal(DecodeResult.Ok, Context.Decode(batch));
            var decoder = new StreamingTokenDecoder(Context);
            var text = new StringBuilder();
            for (var n = 0; n < count; n++)
            {
                var token = sampler.Sample(Context.NativeHandle, batch.TokenCount - 1);
                if (token.IsEndOfGeneration(_weights.Vocab) || token.IsControl(_weights.Vocab)) break;
                decoder.Add(token);
                text.Append(decoder.Read());
                if (n == count - 1) break;
                batch.Clear();
                batch.Add(token, tokens.Length + n, LLamaSeqId.Zero, logits: true);
                Assert.Equal(DecodeResult.Ok, Context.Decode(batch));
            }
            return text.ToString();
        }

        public void Dispose()
        {
            Context.Dispose();
            _weights.Dispose();
        }
    }
}
