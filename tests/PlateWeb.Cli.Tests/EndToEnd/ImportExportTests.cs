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
        Assert.Equal("id,image_id,file,text,corrected_text,confidence,country,format,read_at,time_zone,camera,camera_id", lines[0]);
        Assert.StartsWith($"1,1,{name},AB-123-CD,,", Assert.Single(lines[1..]), StringComparison.Ordinal);
        Assert.Matches(@"Z,UTC,,$", lines[1]);
        using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(jsonPath));
        Assert.Equal("AB-123-CD", Assert.Single(doc.RootElement.EnumerateArray()).GetProperty("text").GetString());
    }

    [Fact]
    public async Task ExportRejected_WritesTheReadsMarkedNotAPlate_AndTheHistoryExportLeavesThemOut()
    {
        var images = Directory.CreateDirectory(Path.Combine(_root, "in")).FullName;
        foreach (var (name, spec) in PlateRenderer.Samples().Take(2))
        {
            using var scene = PlateRenderer.RenderScene(spec);
            await File.WriteAllBytesAsync(Path.Combine(images, name), scene.Encode(".png"));
        }
        var data = Path.Combine(_root, "data");
        Assert.Equal(0, (await Run("import", "--data", data, images)).Code);

        // Mark one read "not a plate", as the History page's bulk action does.
        long marked;
        string markedText;
        using (var loggers = Microsoft.Extensions.Logging.LoggerFactory.Create(_ => { }))
        {
            var store = await PlateWeb.Data.Storage.StandaloneData.OpenAsync(
                new PlateWeb.Data.DataOptions { DataDirectory = data }, loggers, CancellationToken.None);
            var first = (await store.Queries.SearchAsync(new PlateWeb.Data.Storage.ReadQuery(Sort: PlateWeb.Data.Storage.ReadSort.CreatedAt, Descending: false), CancellationToken.None)).Items[0];
            (marked, markedText) = (first.Id, first.Text);
            Assert.Equal(1, await store.Bulk.MarkNotAPlateAsync(PlateWeb.Data.Storage.ReadSelection.Of([marked]), "test", CancellationToken.None));
        }
        SqliteConnection.ClearAllPools();

        var rejectedPath = Path.Combine(_root, "rejected.jsonl");
        var csvPath = Path.Combine(_root, "history.csv");
        var rejected = await Run("export", "--data", data, "--rejected", "--out", rejectedPath);
        var csv = await Run("export", "--data", data, "--out", csvPath);
        var both = await Run("export", "--data", data, "--rejected", "--json");

        Assert.Equal((0, 0, 2), (rejected.Code, csv.Code, both.Code));
        var line = Assert.Single(await File.ReadAllLinesAsync(rejectedPath));
        using var doc = JsonDocument.Parse(line);
        var root = doc.RootElement;
        Assert.Equal("not_a_plate", root.GetProperty("label").GetString());
        Assert.Equal(marked, root.GetProperty("readId").GetInt64());
        Assert.Equal(markedText, root.GetProperty("text").GetString());
        Assert.Equal(8, root.GetProperty("quad").GetArrayLength());
        Assert.True(root.GetProperty("quad")[2].GetSingle() > root.GetProperty("quad")[0].GetSingle(), "the quad is the stored one, not zeros");
        Assert.True(File.Exists(Path.Combine(data, root.GetProperty("image").GetString()!)), "the line names the stored picture");
        Assert.Equal(64, root.GetProperty("imageSha256").GetString()!.Length);
        Assert.Contains("1 reads marked not a plate written", rejected.Error, StringComparison.Ordinal);
        var rows = (await File.ReadAllLinesAsync(csvPath))[1..];
        Assert.Single(rows);
        Assert.DoesNotContain(rows, r => r.StartsWith($"{marked},", StringComparison.Ordinal));
    }

    private Task<(int Code, string Out, string Error)> Run(params string[] args) =>
        ConsoleCapture.RunCliAsync(Verbs, output, args);
}
