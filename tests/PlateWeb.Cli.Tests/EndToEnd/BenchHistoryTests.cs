using PlateWeb.Cli.Commands;
using Xunit.Abstractions;

namespace PlateWeb.Cli.Tests.EndToEnd;

/// <summary>`platectl bench-history` on a small seeded history: it runs, prints every figure, and its search check finds every plate. No time is asserted.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class BenchHistoryTests(ITestOutputHelper output)
{
    private static readonly IReadOnlyDictionary<string, Func<CliContext, Task<int>>> Verbs = new Dictionary<string, Func<CliContext, Task<int>>>
    {
        ["bench-history"] = BenchHistoryCommand.RunAsync,
    };

    [Fact]
    public async Task BenchHistory_SmallHistory_PrintsEveryQueryAndFindsTheSeededPlates()
    {
        var (code, stdout, _) = await ConsoleCapture.RunCliAsync(Verbs, output, "bench-history", "--reads", "2000", "--runs", "5", "--uploads", "1");

        Assert.Equal(0, code);
        Assert.Contains("seeded 2,000 reads", stdout, StringComparison.Ordinal);
        foreach (var name in new[] { "first page, newest first", "search 7 chars, a twin swapped", "search 6 chars, one missing", "country + 60 days", "chart stats, all reads", "History page load" })
        {
            Assert.Matches($@"{System.Text.RegularExpressions.Regex.Escape(name)}.* ms .* ms .* ms", stdout);
        }
        Assert.Matches(@"found the seeded plate (\d+) times out of \1\b", stdout);
        Assert.Contains("upload to stored result, 1920×1080 JPEG", stdout, StringComparison.Ordinal);
        Assert.Contains("1 plate reads stored", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GH-456-JK", "6H456JK")]
    [InlineData("M-AB 1234", "MA81234")]
    public void SwapOneTwin_ChangesTheFirstConfusableCharacter(string plate, string expected) =>
        Assert.Equal(expected, BenchHistoryCommand.SwapOneTwin(plate));
}
