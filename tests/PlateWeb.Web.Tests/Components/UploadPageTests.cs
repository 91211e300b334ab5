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
        Services.AddSingleton(_notifier);
    }

    [Fact]
    public void UploadPage_Renders_SampleButtonAndDropZone()
    {
        var page = Render<UploadPage>();

        Assert.Contains(page.FindAll("button"), b => b.TextContent.Contains("Try a sample", StringComparison.Ordinal));
        Assert.Contains(UploadPage.DropLabel, page.Markup, StringComparison.Ordinal);
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
    public async Task UploadPage_Disposed_Unsubscribes()
    {
        Render<UploadPage>();
        Assert.Equal(1, _notifier.SubscriberCount);

        await DisposeComponentsAsync();

        Assert.Equal(0, _notifier.SubscriberCount);
    }
}
