using PlateWeb.Chat.Tests.Model;
using PlateWeb.Cli.Commands;
using PlateWeb.Cli.Tests.EndToEnd;
using Xunit.Abstractions;

namespace PlateWeb.Cli.Tests.Commands;

/// <summary>`platectl bench-chat` end to end on a GGUF file the test writes.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class BenchChatCommandTests(ITestOutputHelper output) : IDisposable
{
    private static readonly IReadOnlyDictionary<string, Func<CliContext, Task<int>>> Verbs =
        new Dictionary<string, Func<CliContext, Task<int>>> { ["bench-chat"] = BenchChatCommand.RunAsync };

    private readonly string _root = Directory.CreateTempSubdirectory("plateweb-bench-chat-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task BenchChat_TinyModel_PrintsLoadFirstTokenSpeedAndMemoryPerPromptLength()
    {
        var model = Path.Combine(_root, "tiny.gguf");
        TinyLlamaGguf.Write(model);

        var (code, stdout, _) = await ConsoleCapture.RunCliAsync(Verbs, output,
            "bench-chat", "--model", model, "--prompt-tokens", "400,900", "--max-tokens", "16", "--runs", "1", "--threads", "1");

        Assert.Equal(0, code);
        Assert.Contains("plateweb-tiny-test, llama", stdout, StringComparison.Ordinal);
        Assert.Matches(@"load\s+\d+ ms, RSS after load \d+ MB", stdout);
        var rows = stdout.Split('\n').Where(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\s+\d+ \|")).ToList();
        Assert.Equal(2, rows.Count);
        // Each row: prompt tokens | first token | prompt tokens/s | answer tokens | tokens/s | RSS
        var promptTokens = rows.Select(r => int.Parse(r.Split('|')[0].Trim(), System.Globalization.CultureInfo.InvariantCulture)).ToList();
        // Grown one fact line (~50 tokens in the tiny vocabulary) at a time, so it stops just past the target.
        Assert.InRange(promptTokens[0], 400, 480);
        Assert.InRange(promptTokens[1], 900, 980);
        Assert.All(rows, r => Assert.Equal("16", r.Split('|')[3].Trim()));
        Assert.All(rows, r => Assert.Matches(@"\d+ MB", r.Split('|')[5]));
    }

    [Fact]
    public async Task BenchChat_NoModelFile_SaysWhatToDo()
    {
        var (code, _, stderr) = await ConsoleCapture.RunCliAsync(Verbs, output, "bench-chat", "--model", Path.Combine(_root, "none.gguf"));

        Assert.Equal(1, code);
        Assert.Contains("none.gguf", stderr, StringComparison.Ordinal);
        Assert.Contains("Chat:ModelPath", stderr, StringComparison.Ordinal);
    }
}
