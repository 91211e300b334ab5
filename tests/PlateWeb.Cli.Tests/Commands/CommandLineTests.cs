using PlateWeb.Cli.Tests.EndToEnd;

namespace PlateWeb.Cli.Tests.Commands;

/// <summary>platectl's parser: each verb's declared options, typed; a bad value or an unknown option is exit code 2.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class CommandLineTests
{
    private readonly List<CliContext> _ran = [];

    [Fact]
    public async Task AskBench_RunsNotANumber_RefusedWithExitCodeTwoNamingTheOption()
    {
        var (code, stdout, stderr) = await RunAsync("ask-bench", "--runs", "abc");

        Assert.Equal(2, code);
        Assert.Empty(_ran);
        Assert.Empty(stdout);
        Assert.Contains("'--runs'", stderr, StringComparison.Ordinal);
        Assert.Contains("'abc'", stderr, StringComparison.Ordinal);
        Assert.Contains("whole number", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AskBench_RunsGiven_ReachesTheVerbAsANumber()
    {
        var (code, _, _) = await RunAsync("ask-bench", "--reads", "300", "--runs", "4");

        Assert.Equal(0, code);
        var ctx = Assert.Single(_ran);
        Assert.Equal(4, ctx.IntValue("--runs", 1));
        Assert.Equal(300, ctx.IntValue("--reads", 1));
    }

    [Fact]
    public async Task AskBench_RunsNotGiven_TakesTheVerbsDefault()
    {
        await RunAsync("ask-bench");

        Assert.Equal(7, Assert.Single(_ran).IntValue("--runs", 7));
    }

    [Fact]
    public async Task Explain_UnknownOption_RefusedWithExitCodeTwo()
    {
        var (code, _, stderr) = await RunAsync("explain", "--frr", "AB-123-CD");

        Assert.Equal(2, code);
        Assert.Empty(_ran);
        Assert.Contains("'--frr'", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_SwitchAndText_ReachTheVerb()
    {
        await RunAsync("explain", "--fr", "AB-123-CD", "--verbose");

        var ctx = Assert.Single(_ran);
        Assert.True(ctx.Has("--fr"));
        Assert.True(ctx.Has("--verbose"));
        Assert.Equal(["AB-123-CD"], ctx.Positional);
    }

    [Fact]
    public async Task BenchCameras_DecimalWithComma_Refused()
    {
        var (code, _, stderr) = await RunAsync("bench-cameras", "--fps", "2,5");

        Assert.Equal(2, code);
        Assert.Contains("'--fps'", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BenchCameras_DecimalWithDot_Accepted()
    {
        await RunAsync("bench-cameras", "--fps", "2.5");

        Assert.Equal("2.5", Assert.Single(_ran).Value("--fps"));
    }

    [Fact]
    public async Task Import_DataFolderAndEngineOptions_Accepted()
    {
        await RunAsync("import", "--data", "some-folder", "--tessdata", "models", "--no-tesseract", "a.jpg", "b.jpg");

        var ctx = Assert.Single(_ran);
        Assert.Equal("some-folder", ctx.Value("--data"));
        Assert.Equal("models", ctx.Value("--tessdata"));
        Assert.True(ctx.Has("--no-tesseract"));
        Assert.False(ctx.Has("--one-view"));
        Assert.Equal(["a.jpg", "b.jpg"], ctx.Positional);
    }

    [Theory]
    [InlineData("help")]
    [InlineData("--help")]
    public async Task Help_ListsTheVerbs(string help)
    {
        var (code, stdout, _) = await RunAsync(help);

        Assert.Equal(0, code);
        Assert.All(["read", "eval", "import", "export", "ask", "ask-bench", "keys", "check", "worker", "enqueue", "bench-history"],
            verb => Assert.Contains($"platectl {verb} ", stdout, StringComparison.Ordinal));
    }

    [Fact]
    public async Task UnknownVerb_ExitCodeTwo()
    {
        var (code, _, stderr) = await RunAsync("frobnicate");

        Assert.Equal(2, code);
        Assert.Contains("unknown verb 'frobnicate'", stderr, StringComparison.Ordinal);
    }

    private async Task<(int Code, string Out, string Error)> RunAsync(params string[] args)
    {
        Task<int> Record(CliContext ctx)
        {
            _ran.Add(ctx);
            return Task.FromResult(0);
        }

        var verbs = new Dictionary<string, Func<CliContext, Task<int>>>
        {
            ["ask-bench"] = Record,
            ["explain"] = Record,
            ["bench-cameras"] = Record,
            ["import"] = Record,
        };
        return await ConsoleCapture.RunCliAsync(verbs, null, args);
    }
}
