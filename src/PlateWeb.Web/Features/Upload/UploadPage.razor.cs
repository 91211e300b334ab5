using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using MudBlazor;
using PlateWeb.Recognition.Synthesis;
using PlateWeb.Web.Components;
using PlateWeb.Web.Components.Layout;

namespace PlateWeb.Web.Features.Upload;

public sealed partial class UploadPage : IDisposable
{
    private IDisposable? _attachment;

    [Inject] private IUploadQueue Queue { get; set; } = null!;

    // The tab's uploads, kept while the user visits other pages (UploadSession).
    [Inject] private UploadSession Session { get; set; } = null!;

    [Inject] private IOptions<UploadOptions> Options { get; set; } = null!;

    [Inject] private ISnackbar Snackbar { get; set; } = null!;

    [Inject] private TimeProvider Time { get; set; } = null!;

    [Inject] private ILogger<UploadPage> Logger { get; set; } = null!;

    [Inject] private IStringLocalizer<UploadStrings> L { get; set; } = null!;

    [Inject] private IStringLocalizer<SharedStrings> S { get; set; } = null!;

    // The circuit's language: updates arrive on a worker's thread, which runs in the server's default culture.
    private CultureInfo _culture = CultureInfo.CurrentCulture;
    private CultureInfo _uiCulture = CultureInfo.CurrentUICulture;

    protected override void OnInitialized()
    {
        (_culture, _uiCulture) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        _attachment = Session.Attach(ApplyAndRenderAsync);
    }

    public void Dispose() => _attachment?.Dispose();

    private UploadBatch Batch => Session.Batch;

    private Task ApplyAndRenderAsync(Func<bool> apply) => InvokeAsync(() =>
    {
        if (!apply()) return;
        // The render runs inside this callback: in the page's culture, not the worker's. The
        // culture is async-local, so this does not leak to the worker.
        CultureInfo.CurrentCulture = _culture;
        CultureInfo.CurrentUICulture = _uiCulture;
        StateHasChanged();
    });

    private async Task OnFilesChangedAsync(InputFileChangeEventArgs e)
    {
        var max = Options.Value.MaxFiles;
        if (e.FileCount > max)
        {
            Snackbar.Add(L["TooManyFiles", e.FileCount, max], Severity.Warning);
            return;
        }

        foreach (var file in e.GetMultipleFiles(max))
        {
            var item = Batch.Add(file.Name, file.Size);
            StateHasChanged();
            if (file.Size > Options.Value.MaxFileBytes)
            {
                UploadBatch.Fail(item, L["FileTooLarge", file.Size / (1024 * 1024.0), Options.Value.MaxFileBytes / (1024 * 1024)]);
                continue;
            }

            byte[] bytes;
            try
            {
                bytes = await ReadWithProgressAsync(file, item);
            }
            catch (IOException ex)
            {
                Logger.LogInformation(ex, "Upload of {FileName} interrupted", file.Name);
                UploadBatch.Fail(item, L["UploadInterrupted"]);
                continue;
            }

            await EnqueueAsync(item, new RecognitionJob(item.Id, file.Name, bytes));
        }
    }

    private async Task<byte[]> ReadWithProgressAsync(IBrowserFile file, UploadItem item)
    {
        var bytes = new byte[file.Size];
        await using var stream = file.OpenReadStream(Options.Value.MaxFileBytes);
        var done = 0;
        // Re-render at most every 100 ms: each render is a round trip to the browser.
        var throttle = new RenderThrottle(Time, TimeSpan.FromMilliseconds(100));
        while (done < bytes.Length)
        {
            var n = await stream.ReadAsync(bytes.AsMemory(done));
            if (n == 0) throw new IOException($"the browser sent {done} of {bytes.Length} bytes");
            done += n;
            item.Progress = (double)done / bytes.Length;
            if (throttle.ShouldRender()) StateHasChanged();
        }
        return bytes;
    }

    private async Task TrySamplesAsync()
    {
        foreach (var (name, spec) in PlateRenderer.Samples())
        {
            var item = Batch.Add(name, 0);
            await EnqueueAsync(item, new RecognitionJob(item.Id, name, null, spec));
        }
    }

    private async Task EnqueueAsync(UploadItem item, RecognitionJob job)
    {
        // Queued before the write: a fast worker may already report "reading" when it returns.
        item.Stage = UploadStage.Queued;
        StateHasChanged();
        Session.Follow(job.Id);
        try
        {
            await Queue.EnqueueAsync(job, CancellationToken.None);
        }
        catch (Jobs.JobFailedException ex)
        {
            // RabbitMQ did not take the job in time: said on the card, not as an error page.
            Logger.LogWarning(ex, "Job {JobId} could not be queued", job.Id);
            UploadBatch.Fail(item, L["ProcessingFailed"]);
        }
    }
}
