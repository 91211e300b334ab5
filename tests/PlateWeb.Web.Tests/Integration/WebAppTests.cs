using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PlateWeb.Data;
using PlateWeb.Data.Storage;
using PlateWeb.Recognition.Detection;
using PlateWeb.Recognition.Pipeline;
using PlateWeb.Recognition.Grammar;
using PlateWeb.Recognition.Synthesis;
using PlateWeb.Web.Features.Upload;

namespace PlateWeb.Web.Tests.Integration;

public sealed class WebAppTests : IAsyncLifetime
{
    private readonly PlateWebFactory _factory = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Home_Get_ReturnsTheUploadPage()
    {
        using var client = await _factory.CreateSignedInClientAsync();

        var response = await client.GetAsync(new Uri("/", UriKind.Relative));

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("PlateWeb", html, StringComparison.Ordinal);
        Assert.Contains("Try a sample", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Engine_InTheWebApp_RunsTheShippedPlateReader()
    {
        // The web host loads ONNX Runtime beside OpenCV, Tesseract and LLamaSharp. Were it to fail there, the engine
        // would log it and read with Tesseract alone, and every upload would still read: only this tells.
        var recognizer = _factory.Services.GetRequiredService<PlateRecognizer>();

        Assert.NotNull(recognizer.ReaderModelPath);
        Assert.Equal("plate-reader-v1.onnx", Path.GetFileName(recognizer.ReaderModelPath));
    }

    [Fact]
    public async Task HistoryExport_FilteredBySkeleton_WritesCsvAndJson()
    {
        using var client = await _factory.CreateSignedInClientAsync();
        var store = _factory.Services.GetRequiredService<PlateStore>();
        await store.StoreAsync([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1], "=fr.png", 10, 10, [Read("AB123CD", "AB-123-CD")], default);
        await store.StoreAsync([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 2], "de, 2.png", 10, 10, [Read("MAB1234", "M-AB 1234")], default);

        var csv = await client.GetStringAsync(new Uri("/history/export.csv?search=A8I23CD", UriKind.Relative));
        var all = await client.GetStringAsync(new Uri("/history/export.csv", UriKind.Relative));
        var json = await client.GetStringAsync(new Uri("/history/export.json?search=m-a8", UriKind.Relative));

        var lines = csv.TrimEnd().Split('\n');
        Assert.Equal("id,image_id,file,text,corrected_text,confidence,country,format,read_at,time_zone,camera,camera_id", lines[0]);
        Assert.Contains(",'=fr.png,AB-123-CD,,0.9,FR,FR-SIV,", Assert.Single(lines[1..]), StringComparison.Ordinal);
        Assert.Contains("\"de, 2.png\"", all, StringComparison.Ordinal);
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        Assert.Equal("M-AB 1234", Assert.Single(doc.RootElement.EnumerateArray()).GetProperty("text").GetString());
    }

    [Fact]
    public async Task HistoryExport_OnTheNotAPlateView_ExportsTheMarkedReadsOnly()
    {
        using var client = await _factory.CreateSignedInClientAsync();
        var store = _factory.Services.GetRequiredService<PlateStore>();
        var sticker = await store.StoreAsync([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 21], "sticker.png", 10, 10, [Read("AB123CD", "AB-123-CD")], default);
        await store.StoreAsync([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 22], "car.png", 10, 10, [Read("MAB1234", "M-AB 1234")], default);
        await _factory.Services.GetRequiredService<BulkReads>().MarkNotAPlateAsync(
            ReadSelection.Of([sticker.Image.Reads.Single().Id]), "tests", default);
        var link = new PlateWeb.Web.Features.History.HistoryFilter(NotAPlate: true).ToQueryString();

        var marked = (await client.GetStringAsync(new Uri("/history/export.csv" + link, UriKind.Relative))).TrimEnd().Split('\n');
        var plates = (await client.GetStringAsync(new Uri("/history/export.csv", UriKind.Relative))).TrimEnd().Split('\n');

        Assert.Equal("?notAPlate=true", link);
        Assert.Contains("AB-123-CD", Assert.Single(marked[1..]), StringComparison.Ordinal);
        Assert.Contains("M-AB 1234", Assert.Single(plates[1..]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HistoryExport_CameraFilter_ExportsThatCamerasReadsWithItsIdAndName()
    {
        using var client = await _factory.CreateSignedInClientAsync();
        var store = _factory.Services.GetRequiredService<PlateStore>();
        var cameras = _factory.Services.GetRequiredService<PlateWeb.Data.Cameras.CameraStore>();
        var gate = await cameras.SaveAsync(new PlateWeb.Data.Entities.Camera { Name = "Gate", Enabled = false, ProtectedSource = "x", SourceDisplay = "/srv/gate" }, default);
        var exit = await cameras.SaveAsync(new PlateWeb.Data.Entities.Camera { Name = "Exit", Enabled = false, ProtectedSource = "x", SourceDisplay = "/srv/exit" }, default);
        var at = DateTime.UtcNow;
        await store.StoreAsync([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 11], "gate.png", 10, 10, [Read("AB123CD", "AB-123-CD")], default, new FrameOrigin(gate.Id, at));
        await store.StoreAsync([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 12], "exit.png", 10, 10, [Read("MAB1234", "M-AB 1234")], default, new FrameOrigin(exit.Id, at));
        await store.StoreAsync([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 13], "upload.png", 10, 10, [Read("GH456JK", "GH-456-JK")], default);

        var csv = (await client.GetStringAsync(new Uri($"/history/export.csv?camera={gate.Id}", UriKind.Relative))).TrimEnd().Split('\n');
        var all = (await client.GetStringAsync(new Uri("/history/export.csv", UriKind.Relative))).TrimEnd().Split('\n');
        using var json = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync(new Uri($"/history/export.json?camera={exit.Id}", UriKind.Relative)));

        Assert.EndsWith($",Gate,{gate.Id}", Assert.Single(csv[1..]).TrimEnd('\r'), StringComparison.Ordinal);
        Assert.Equal(3, all.Length - 1);
        Assert.EndsWith(",,", all.Single(l => l.Contains("GH-456-JK", StringComparison.Ordinal)).TrimEnd('\r'), StringComparison.Ordinal);
        var row = Assert.Single(json.RootElement.EnumerateArray());
        Assert.Equal(("M-AB 1234", "Exit", exit.Id), (row.GetProperty("text").GetString(), row.GetProperty("camera").GetString(), row.GetProperty("camera_id").GetInt32()));
    }

    [Fact]
    public async Task Queue_SamplePlate_IsReadStoredAndServed()
    {
        using var client = await _factory.CreateSignedInClientAsync();
        var queue = _factory.Services.GetRequiredService<RecognitionQueue>();
        var notifier = _factory.Services.GetRequiredService<UploadNotifier>();
        var (name, spec) = PlateRenderer.Samples()[0];
        using var scene = PlateRenderer.RenderScene(spec);
        var bytes = scene.Encode(".png");
        var job = new RecognitionJob(Guid.NewGuid(), name, bytes);
        var finished = new TaskCompletionSource<UploadUpdate>(TaskCreationOptions.RunContinuationsAsynchronously);
        var stages = new List<UploadStage>();
        Task OnUpdated(UploadUpdate u)
        {
            if (u.JobId == job.Id) lock (stages) stages.Add(u.Stage);
            if (u.JobId == job.Id && u.Stage is UploadStage.Done or UploadStage.Failed) finished.TrySetResult(u);
            return Task.CompletedTask;
        }
        using (notifier.Follow(job.Id, OnUpdated))
        {
            await queue.EnqueueAsync(job, CancellationToken.None);
            await finished.Task.WaitAsync(TimeSpan.FromSeconds(90));
        }
        var update = await finished.Task;

        Assert.Equal(UploadStage.Done, update.Stage);
        // The recognizer's own stages, in order, before the result.
        Assert.Equal([UploadStage.Detecting, UploadStage.Reading, UploadStage.Done], stages);
        var result = update.Result!;
        Assert.False(result.AlreadyStored);
        Assert.Equal((spec.Width, spec.Height), (result.Width, result.Height));
        Assert.Contains(result.Plates, p => PlateGrammar.Normalize(p.Text) == PlateGrammar.Normalize(scene.Truth[0].Text));

        var factory = _factory.Services.GetRequiredService<IDbContextFactory<PlateDbContext>>();
        await using (var db = await factory.CreateDbContextAsync())
        {
            var read = await db.Reads.SingleAsync(r => r.ImageId == result.ImageId && r.NormalizedText == "AB123CD");
            Assert.Equal(PlateGrammar.Skeleton("AB123CD"), read.Skeleton);
        }

        var image = await client.GetAsync(new Uri($"/images/{result.ImageId}", UriKind.Relative));
        Assert.Equal("image/png", image.Content.Headers.ContentType?.MediaType);
        Assert.Equal(bytes, await image.Content.ReadAsByteArrayAsync());
        var missing = await client.GetAsync(new Uri("/images/999999", UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.StatusCode);
    }

    private static PlateRead Read(string text, string display) => new(
        text, display, 0.9f, [], [new PlateCandidate(text, 0.9f, "FR-SIV")],
        new Quad(new PointF(1, 2), new PointF(30, 2), new PointF(30, 12), new PointF(1, 12)),
        "FR", "FR-SIV", 0.9f, "French SIV format", text, []);
}
