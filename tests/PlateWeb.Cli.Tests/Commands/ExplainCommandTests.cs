using PlateWeb.Cli.Commands;
using PlateWeb.Cli.Tests.EndToEnd;

namespace PlateWeb.Cli.Tests.Commands;

[Collection(ConsoleCollection.Name)]
public sealed class ExplainCommandTests
{
    [Fact]
    public async Task Explain_FrenchPlate_NamesSivFormat()
    {
        var (code, output) = await Run("explain", "AB-123-CD");

        Assert.Equal(0, code);
        Assert.Contains("FR-SIV", output);
        Assert.Contains("AB-123-CD", output);
    }

    [Fact]
    public async Task Explain_WithFrenchSwitch_SpeaksFrench()
    {
        var (_, output) = await Run("explain", "--fr", "AB123CD");

        Assert.Contains("Format français SIV", output);
    }

    [Fact]
    public async Task Explain_Junk_ExitsOneAndSaysSo()
    {
        var (code, output) = await Run("explain", "!!");

        Assert.Equal(1, code);
        Assert.Contains("fits no known plate format", output);
    }

    private static async Task<(int Code, string Output)> Run(params string[] args)
    {
        using var capture = new ConsoleCapture();
        var code = await CliApp.RunAsync(args, new Dictionary<string, Func<CliContext, Task<int>>> { ["explain"] = ExplainCommand.RunAsync });
        return (code, capture.Out);
    }
}
