using System.IO.Compression;
using Microsoft.Data.Sqlite;
using PlateWeb.Cli.Commands;
using PlateWeb.Recognition.Synthesis;
using Xunit.Abstractions;

namespace PlateWeb.Cli.Tests.EndToEnd;

/// <summary>`platectl backup`, `export-plate` and `forget` on a data folder filled by a real import.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class PrivacyCommandsTests(ITestOutputHelper output) : IDisposable
{
    private static readonly IReadOnlyDictionary<string, Func<CliContext, Task<int>>> Verbs = new Dictionary<string, Func<CliContext, Task<int>>>
    {
        ["import"] = ImportCommand.RunAsync,
        ["backup"] = BackupCommand.RunAsync,
        ["forget"] = ForgetCommand.ForgetAsync,
        ["export-plate"] = ForgetCommand.ExportPlateAsync,
    };

    private readonly string _root = Directory.CreateTempSubdirectory("plateweb-privacy-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task BackupExportThenForget_APlateImportedFromAPicture()
    {
        var images = Directory.CreateDirectory(Path.Combine(_root, "in")).FullName;
        var (name, spec) = PlateRenderer.Samples()[0];
        using (var scene = PlateRenderer.RenderScene(spec))
        {
            await File.WriteAllBytesAsync(Path.Combine(images, name), scene.Encode(".png"));
        }
        var data = Path.Combine(_root, "data");
        Assert.Equal(0, (await Run("import", "--data", data, images)).Code);

        var backup = await Run("backup", "--data", data, Path.Combine(_root, "backup"));
        var zipPath = Path.Combine(_root, "plate.zip");
        var export = await Run("export-plate", "--data", data, "--out", zipPath, "AB-I23-CD");
        var dryRun = await Run("forget", "--data", data, "AB-I23-CD");
        var filesAfterDryRun = Directory.GetFiles(Path.Combine(data, "images"), "*.png", SearchOption.AllDirectories).Length;
        var forget = await Run("forget", "--data", data, "--yes", "AB-I23-CD");
        var after = await Run("forget", "--data", data, "AB123CD");

        Assert.Equal(0, backup.Code);
        Assert.Contains("and 1 images", backup.Error, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(Path.Combine(_root, "backup", "images"), "*.png", SearchOption.AllDirectories));
        Assert.Equal(0, export.Code);
        using (var zip = ZipFile.OpenRead(zipPath))
        {
            Assert.Contains(zip.Entries, e => e.FullName == "plate.json");
            Assert.Contains(zip.Entries, e => e.FullName.EndsWith(".png", StringComparison.Ordinal));
        }
        Assert.Contains("AB-123-CD", dryRun.Out, StringComparison.Ordinal);
        Assert.Contains("--yes", dryRun.Error, StringComparison.Ordinal);
        Assert.Equal(1, filesAfterDryRun);
        Assert.Contains("1 reads and 1 images deleted", forget.Error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(Path.Combine(data, "images"), "*.png", SearchOption.AllDirectories));
        Assert.Contains("No stored read matches", after.Error, StringComparison.Ordinal);
    }

    private Task<(int Code, string Out, string Error)> Run(params string[] args) =>
        ConsoleCapture.RunCliAsync(Verbs, output, args);
}
