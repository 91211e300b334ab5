using Microsoft.Data.Sqlite;
using PlateWeb.Cli.Commands;
using Xunit.Abstractions;

namespace PlateWeb.Cli.Tests.EndToEnd;

/// <summary>
/// platectl beside a running app: a file the app has written but not yet committed (no row yet) looks like
/// an orphan. Only `check --repair` may sweep, and never a file younger than the safe age.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class OrphanSweepTests(ITestOutputHelper output) : IDisposable
{
    private static readonly IReadOnlyDictionary<string, Func<CliContext, Task<int>>> Verbs = new Dictionary<string, Func<CliContext, Task<int>>>
    {
        ["keys"] = AdminCommands.KeysAsync,
        ["check"] = AdminCommands.CheckAsync,
        ["export"] = ExportCommand.RunAsync,
        ["import"] = ImportCommand.RunAsync,
        ["forget"] = ForgetCommand.ForgetAsync,
    };

    private readonly string _root = Directory.CreateTempSubdirectory("plateweb-sweep-").FullName;

    private string Data => Path.Combine(_root, "data");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task EveryDataCommand_LeavesAFileTheAppHasNotCommittedYet()
    {
        Assert.Equal(0, (await Run("keys", "--data", Data, "list")).Code);
        var uncommitted = WriteOrphan('a', TimeSpan.Zero);
        var old = WriteOrphan('b', TimeSpan.FromDays(2));

        Assert.Equal(0, (await Run("keys", "--data", Data, "list")).Code);
        Assert.Equal(0, (await Run("keys", "--data", Data, "create", "gate")).Code);
        Assert.Equal(0, (await Run("export", "--data", Data, "--out", Path.Combine(_root, "history.csv"))).Code);
        await Run("import", "--data", Data, Path.Combine(_root, "absent.png"));
        await Run("forget", "--data", Data, "AB123CD");

        // Not even an old orphan: these commands do not sweep at all.
        Assert.True(File.Exists(uncommitted));
        Assert.True(File.Exists(old));
    }

    [Fact]
    public async Task CheckRepair_DeletesOldOrphansOnly()
    {
        Assert.Equal(0, (await Run("keys", "--data", Data, "list")).Code);
        var uncommitted = WriteOrphan('a', TimeSpan.Zero);
        var old = WriteOrphan('b', TimeSpan.FromDays(2));

        var check = await Run("check", "--data", Data);
        var repair = await Run("check", "--data", Data, "--repair");
        var after = await Run("check", "--data", Data);

        Assert.Equal(1, check.Code);
        Assert.Contains("orphan files: 1", check.Out, StringComparison.Ordinal);
        Assert.Contains("younger than", check.Out, StringComparison.Ordinal);
        Assert.Equal(0, repair.Code);
        Assert.Contains("deleted 1 orphan file", repair.Out, StringComparison.Ordinal);
        Assert.False(File.Exists(old));
        Assert.True(File.Exists(uncommitted));
        Assert.Equal(0, after.Code);
    }

    private string WriteOrphan(char fill, TimeSpan age)
    {
        var sha = new string(fill, 64);
        var path = Path.Combine(Data, "images", sha[..2], sha + ".png");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, [0x89, 0x50, 0x4E, 0x47]);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow - age);
        return path;
    }

    private Task<(int Code, string Out, string Error)> Run(params string[] args) =>
        ConsoleCapture.RunCliAsync(Verbs, output, args);
}
