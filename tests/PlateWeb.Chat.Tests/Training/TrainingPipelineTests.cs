using System.Text.Json;

namespace PlateWeb.Chat.Tests.Training;

/// <summary>The training tools end to end on a tiny configuration: corpus, tokenizer, a few training steps, the
/// GGUF exporter, then the file loaded by LLamaSharp and compared with PyTorch token for token.</summary>
public sealed class TrainingPipelineTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("plate-chat-train-");

    [Fact]
    public async Task TinyRun_ExportedGguf_LoadsInLlamaSharpAndComputesWhatPyTorchComputes()
    {
        var corpus = Path.Combine(_dir.FullName, "corpus");
        var run = Path.Combine(_dir.FullName, "run");
        var gguf = Path.Combine(_dir.FullName, "tiny.gguf");
        var expected = Path.Combine(_dir.FullName, "expected.jsonl");

        await PythonTools.RunChatToolAsync("corpus", "--out", corpus, "--train", "400", "--valid", "40", "--heldout", "0");
        await PythonTools.RunChatToolAsync("train", "--corpus", corpus, "--out", run, "--size", "tiny", "--vocab", "700",
            "--steps", "8", "--eval-every", "4", "--ckpt-every", "4", "--final-eval", "2", "--batch-tokens", "2048");
        await PythonTools.RunChatToolAsync("export_gguf", run, gguf, "--f32", "--name", "plate-chat-test");
        await PythonTools.RunChatToolAsync("parity", "dump", run, Path.Combine(corpus, "valid.jsonl"), expected,
            "--limit", "3", "--max-new", "8");

        Assert.True(File.Exists(Path.Combine(run, "loss.png")), "train.py draws the loss curves");
        using (var settings = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(run, "settings.json"))))
        {
            Assert.Equal(8, settings.RootElement.GetProperty("steps").GetInt32());
        }

        using var llama = new GreedyLlama(gguf);
        Assert.Equal(700, llama.Weights.Vocab.Count);
        foreach (var line in await File.ReadAllLinesAsync(expected))
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            var prompt = root.GetProperty("prompt").GetString()!;
            var torchTokens = root.GetProperty("tokens").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            var torchLogits = root.GetProperty("first_logits").EnumerateArray().Select(e => e.GetSingle()).ToArray();
            var torchGenerated = root.GetProperty("generated").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            var margins = root.GetProperty("margins").EnumerateArray().Select(e => e.GetSingle()).ToArray();

            var result = llama.Generate(prompt, 8);

            Assert.Equal(torchTokens, result.PromptTokens);
            var maxDiff = torchLogits.Zip(result.FirstLogits, (a, b) => Math.Abs(a - b)).Max();
            Assert.True(maxDiff < 1e-3, $"first logits differ by up to {maxDiff}");
            // Greedy tokens agree as long as PyTorch's choice was not a near tie.
            for (var i = 0; i < torchGenerated.Length && i < margins.Length && margins[i] > 1e-3; i++)
            {
                Assert.True(i < result.Generated.Count, $"llama.cpp stopped after {result.Generated.Count} tokens, PyTorch went on");
                Assert.Equal(torchGenerated[i], result.Generated[i]);
            }
        }
    }

    [Fact]
    public async Task PythonUnitTests_Pass()
    {
        var (_, report) = await PythonTools.RunBothAsync("-m", "unittest", "discover", "-s", "plateweb_tools", "-t", ".");
        // unittest reports on standard error: "Ran N tests in …" then "OK"; a discovery that finds
        // nothing also exits 0 (before Python 3.12), so the count must be there and above zero.
        var ran = System.Text.RegularExpressions.Regex.Match(report, @"Ran (\d+) tests?");
        Assert.True(ran.Success, "no unittest summary in:\n" + report);
        Assert.True(int.Parse(ran.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) > 0, report);
        Assert.Matches(@"(?m)^OK\b", report);
    }

    public void Dispose() => _dir.Delete(recursive: true);
}
