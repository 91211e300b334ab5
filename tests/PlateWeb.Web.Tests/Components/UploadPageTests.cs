using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PlateWeb.Web.Features.Upload;

namespace PlateWeb.Web.Tests.Components;

public sealed class UploadPageTests : MudTestContext
{
    private readonly UploadNotifier _notifier = new(NullLogger<UploadNotifier>.Instance);

    public UploadPageTests()
    {
        var options = Options.Create(new UploadOptions { MaxFiles = 7, MaxFileBytes = 3 * 1024 * 1024 });
        Services.AddSingleton(options);
        Services.AddSingleton(new RecognitionQueue(options));
        Services.AddSingleton<IUploadQueue>(sp => sp.GetRequiredService<RecognitionQueue>());
        Services.AddSingleton(_notifier);
        Services.AddScoped<UploadSession>();
    }

    [Fact]
    public void UploadPage_Renders_SampleButtonAndDropZone()
    {
        var page = Render<UploadPage>();

        Assert.Contains(page.FindAll("button"), b => b.TextContent.Contains("Try a sample", StringComparison.Ordinal));
        Assert.Contains("Drop images here or click to choose", page.Markup, StringComparison.Ordinal);
        Assert.Contains("Up to 7 images, 3 MB each", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UploadPage_TrySample_QueuesEverySampleAndShowsItsState()
    {
        var page = Render<UploadPage>();
        var queue = Services.GetRequiredService<RecognitionQueue>();

        await page.Find("button.mud-button-filled").ClickAsync(new());

        var queued = new List<RecognitionJob>();
        while (queue.Reader.TryRead(out var job)) queued.Add(job);
        Assert.Equal(Recognition.Synthesis.PlateRenderer.Samples().Count, queued.Count);
        Assert.All(queued, j => Assert.NotNull(j.Sample));
        page.WaitForAssertion(() => Assert.Contains("queued", page.Markup, StringComparison.Ordinal));

        // A worker's update reaches the page through the notifier.
        var first = queued[0];
        await _notifier.PublishAsync(new UploadUpdate(first.Id, UploadStage.Failed, Error: "Not an image"));
        page.WaitForAssertion(() => Assert.Contains("Not an image", page.Markup, StringComparison.Ordinal));
    }

    [Fact]
    public void UploadPage_DroppedFiles_AreReadAndQueued_TooLargeOnesFail()
    {
        var page = Render<UploadPage>();
        var queue = Services.GetRequiredService<RecognitionQueue>();
        var small = Enumerable.Range(0, 200_000).Select(i => (byte)i).ToArray();

        page.FindComponent<Microsoft.AspNetCore.Components.Forms.InputFile>().UploadFiles(
            InputFileContent.CreateFromBinary(small, "car.png"),
            InputFileContent.CreateFromBinary(new byte[4 * 1024 * 1024], "huge.png"));

        RecognitionJob? job = null;
        page.WaitForAssertion(() => Assert.True(queue.Reader.TryRead(out job)), TimeSpan.FromSeconds(5));
        Assert.Equal("car.png", job!.FileName);
        Assert.Equal(small, job.Bytes);
        page.WaitForAssertion(() => Assert.Contains("the limit is 3 MB", page.Markup, StringComparison.Ordinal));
        Assert.False(queue.Reader.TryRead(out _));
    }

    [Fact]
    public void UploadPage_MoreFilesThanTheBatchLimit_RefusesTheDropAndQueuesNothing()
    {
        var page = Render<UploadPage>();
        var queue = Services.GetRequiredService<RecognitionQueue>();

        page.FindComponent<Microsoft.AspNetCore.Components.Forms.InputFile>().UploadFiles(
            Enumerable.Range(0, 8).Select(i => InputFileContent.CreateFromBinary([1, 2, 3], $"car{i}.png")).ToArray());

        // MudFileUpload refuses the whole drop with its own message (the page's own check is the second line of defence).
        page.WaitForAssertion(() => Assert.Contains("Selected 8 files, which exceeds the maximum of 7", page.Markup, StringComparison.Ordinal));
        Assert.False(queue.Reader.TryRead(out _));
        Assert.DoesNotContain("car0.png", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UploadPage_FollowsOnlyItsOwnJobs_UntilTheTabCloses()
    {
        var page = Render<UploadPage>();
        Assert.Equal(0, _notifier.FollowedJobs);
        await page.Find("button.mud-button-filled").ClickAsync(new());
        var samples = Recognition.Synthesis.PlateRenderer.Samples().Count;
        Assert.Equal(samples, _notifier.FollowedJobs);

        // Another tab's job: its follower hears it, this page's jobs do not.
        var otherJob = Guid.NewGuid();
        var heard = new List<UploadUpdate>();
        using (_notifier.Follow(otherJob, u => { heard.Add(u); return Task.CompletedTask; }))
        {
            await _notifier.PublishAsync(new UploadUpdate(otherJob, UploadStage.Failed, Error: "someone else's picture"));
        }
        Assert.Equal("someone else's picture", Assert.Single(heard).Error);
        Assert.DoesNotContain("someone else's picture", page.Markup, StringComparison.Ordinal);

        // Leaving the page keeps following (the results are waited for); closing the tab (the circuit's scope) ends it.
        await DisposeComponentsAsync();
        Assert.Equal(samples, _notifier.FollowedJobs);
        Services.GetRequiredService<UploadSession>().Dispose();
        Assert.Equal(0, _notifier.FollowedJobs);
    }

    [Fact]
    public async Task UploadPage_LeftAndVisitedAgain_ShowsTheUploadsAndTheResultsThatCameMeanwhile()
    {
        var page = Render<UploadPage>();
        var queue = Services.GetRequiredService<RecognitionQueue>();
        await page.Find("button.mud-button-filled").ClickAsync(new());
        Assert.True(queue.Reader.TryRead(out var first));
        await DisposeComponentsAsync();

        // The result arrives while the user is on another page.
        await _notifier.PublishAsync(new UploadUpdate(first!.Id, UploadStage.Failed, Error: "Not an image"));

        var again = Render<UploadPage>();
        again.WaitForAssertion(() => Assert.Contains("Not an image", again.Markup, StringComparison.Ordinal));
        Assert.Contains(first.FileName, again.Markup, StringComparison.Ordinal);
        // And updates reach the page shown now.
        Assert.True(queue.Reader.TryRead(out var second));
        await _notifier.PublishAsync(new UploadUpdate(second!.Id, UploadStage.Failed, Error: "Truncated file"));
        again.WaitForAssertion(() => Assert.Contains("Truncated file", again.Markup, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Notifier_JobDoneOrFailed_EndsItsFollowing_AndAJobHasOneFollower()
    {
        var job = Guid.NewGuid();
        var stages = new List<UploadStage>();
        _ = _notifier.Follow(job, u => { stages.Add(u.Stage); return Task.CompletedTask; });
        Assert.Throws<InvalidOperationException>(() => _notifier.Follow(job, _ => Task.CompletedTask));

        await _notifier.PublishAsync(new UploadUpdate(job, UploadStage.Reading));
        await _notifier.PublishAsync(new UploadUpdate(job, UploadStage.Done));
        await _notifier.PublishAsync(new UploadUpdate(job, UploadStage.Reading));

        Assert.Equal([UploadStage.Reading, UploadStage.Done], stages);
        Assert.Equal(0, _notifier.FollowedJobs);
    }

    [Fact]
    public async Task UploadPage_WorkerStages_ShowDetectingThenReadingThenTheFailureInWords()
    {
        var page = Render<UploadPage>();
        var queue = Services.GetRequiredService<RecognitionQueue>();
        await page.Find("button.mud-button-filled").ClickAsync(new());
        Assert.True(queue.Reader.TryRead(out var job));
        string StageOf() => page.FindAll("[data-stage]").Last().GetAttribute("data-stage")!;

        await _notifier.PublishAsync(new UploadUpdate(job!.Id, UploadStage.Detecting));
        page.WaitForAssertion(() => Assert.Equal(("detecting", "detecting"), (StageOf(), page.FindAll(".mud-chip").Last().TextContent.Trim())));
        await _notifier.PublishAsync(new UploadUpdate(job.Id, UploadStage.Reading));
        page.WaitForAssertion(() => Assert.Equal("reading", StageOf()));
        await _notifier.PublishAsync(new UploadUpdate(job.Id, UploadStage.Failed, Error: "The file is empty (0 bytes).", ErrorKind: Recognition.Imaging.ImageErrorKind.Empty));
        page.WaitForAssertion(() => Assert.Contains("The file is empty (0 bytes).", page.Markup, StringComparison.Ordinal));
    }

    [Fact]
    public async Task UploadPage_InFrench_SpeaksFrench()
    {
        var (culture, ui) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("fr-FR");
        try
        {
            var page = Render<UploadPage>();
            var queue = Services.GetRequiredService<RecognitionQueue>();

            Assert.Contains(page.FindAll("button"), b => b.TextContent.Contains("Essayer un exemple", StringComparison.Ordinal));
            Assert.Contains("Jusqu’à 7 images, 3 Mo chacune.", page.Markup, StringComparison.Ordinal);
            await page.Find("button.mud-button-filled").ClickAsync(new());
            Assert.True(queue.Reader.TryRead(out var job));
            page.WaitForAssertion(() => Assert.Contains("en attente", page.Markup, StringComparison.Ordinal));
            // As a recognition worker does: from a thread in the server's default culture.
            await Task.Run(async () =>
            {
                CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
                await _notifier.PublishAsync(new UploadUpdate(job!.Id, UploadStage.Failed, Error: "The file is empty (0 bytes).", ErrorKind: Recognition.Imaging.ImageErrorKind.Empty));
            });
            page.WaitForAssertion(() => Assert.Contains("Le fichier est vide", page.Markup, StringComparison.Ordinal));
            Assert.Contains("échec", page.Markup, StringComparison.Ordinal);
            Assert.DoesNotContain("The file is empty", page.Markup, StringComparison.Ordinal);
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture, ui);
        }
    }
}
