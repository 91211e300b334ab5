using System.Text.Json;
using Microsoft.Data.Sqlite;
using PlateWeb.Cli.Commands;
using PlateWeb.Recognition.Synthesis;
using Xunit.Abstractions;

namespace PlateWeb.Cli.Tests.EndToEnd;

/// <summary>`platectl import` and `export` on a temporary data folder: real OpenCV, Tesseract and SQLite.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ImportExportTests(ITestOutputHelper output) : IDisposable
{
    private static readonly IReadOnlyDictionary<string, Func<CliContext, Task<int>>> Verbs = new Dictionary<string, Func<CliContext, Task<int>>>
    {
        ["import"] = ImportCommand.RunAsync,
        ["export"] = ExportCommand.RunAsync,
    };

    private readonly string _root = Directory.CreateTempSubdirectory("plateweb-import-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task Import_ThenReimportAndExport_StoresOnceAndWritesTheHistory()
    {
        var images = Directory.CreateDirectory(Path.Combine(_root, "in")).FullName;
        var (name, spec) = PlateRenderer.Samples()[0];
        using (var scene = PlateRenderer.RenderScene(spec))
        {
            await File.WriteAllBytesAsync(Path.Combine(images, name), scene.Encode(".png"));
        }
        await File.WriteAllTextAsync(Path.Combine(images, "notes.jpg"), "not an image");
        var data = Path.Combine(_root, "data");

        var first = await Run("import", "--data", data, images);
        var second = await Run("import", "--data", data, Path.Combine(images, name));
        var csvPath = Path.Combine(_root, "history.csv");
        var jsonPath = Path.Combine(_root, "history.json");
        var csv = await Run("export", "--data", data, "--out", csvPath);
        var json = await Run("export", "--data", data, "--json", "--out", jsonPath);

        Assert.Equal(0, first.Code);
        Assert.Contains($"{name}\tstored as image 1: AB-123-CD", first.Out, StringComparison.Ordinal);
        Assert.Contains("notes.jpg\terror:", first.Out, StringComparison.Ordinal);
        Assert.Contains("1 stored, 0 already stored, 1 failed", first.Error, StringComparison.Ordinal);
        Assert.Contains("already stored as image 1", second.Out, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(data, "plateweb.db")));
        Assert.Single(Directory.GetFiles(Path.Combine(data, "images"), "*.png", SearchOption.AllDirectories));
        Assert.Equal((0, 0), (csv.Code, json.Code));
        var lines = await File.ReadAllLinesAsync(csvPath);
        Assert.Equal("id,image_id,file,text,corrected_text,confidence,country,format,read_at,time_zone,camera", lines[0]);
        Assert.StartsWith($"1,1,{name},AB-123-CD,,", Assert.Single(lines[1..]), StringComparison.Ordinal);
        Assert.Matches(@"Z,UTC,$", lines[1]);
        using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(jsonPath));
        Assert.Equal("AB-123-CD", Assert.Single(doc.RootElement.EnumerateArray()).GetProperty("text").GetString());
    }

    private Task<(int Code, string Out, string Error)> Run(params string[] args) =>
        ConsoleCapture.RunCliAsync(Verbs, output, args);
}
