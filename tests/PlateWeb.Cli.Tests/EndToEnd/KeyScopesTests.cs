using Microsoft.Data.Sqlite;
using PlateWeb.Cli.Commands;
using Xunit.Abstractions;

namespace PlateWeb.Cli.Tests.EndToEnd;

/// <summary>`platectl keys create --scopes`: delete only when asked for; a scope list it does not know is refused.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class KeyScopesTests(ITestOutputHelper output) : IDisposable
{
    private static readonly IReadOnlyDictionary<string, Func<CliContext, Task<int>>> Verbs = new Dictionary<string, Func<CliContext, Task<int>>>
    {
        ["keys"] = AdminCommands.KeysAsync,
    };

    private readonly string _data = Path.Combine(Directory.CreateTempSubdirectory("plateweb-scopes-").FullName, "data");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(Path.GetDirectoryName(_data)!, recursive: true);
    }

    [Fact]
    public async Task Create_WithAndWithoutScopes_ListShowsThem()
    {
        var plain = await Run("keys", "--data", _data, "create", "camera");
        var all = await Run("keys", "--data", _data, "create", "admin script", "--scopes", "read,upload,delete,chat");
        var bad = await Run("keys", "--data", _data, "create", "bad", "--scopes", "read,write");
        var list = await Run("keys", "--data", _data, "list");

        Assert.Equal((0, 0, 2), (plain.Code, all.Code, bad.Code));
        Assert.Contains("--scopes", bad.Error, StringComparison.Ordinal);
        var lines = list.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Equal("read,upload,chat", lines[0].Split('\t')[3]);
        Assert.Equal("read,upload,delete,chat", lines[1].Split('\t')[3]);
    }

    private Task<(int Code, string Out, string Error)> Run(params string[] args) =>
        ConsoleCapture.RunCliAsync(Verbs, output, args);
}
