using PlateWeb.Data.Storage;
using PlateWeb.Recognition.Pipeline;
using PlateWeb.Recognition.Synthesis;

namespace PlateWeb.Web.Features.Upload;

/// <summary>One image from bytes to stored reads: recognised once, then stored (or found stored).</summary>
public sealed class ImageProcessor(PlateRecognizer recognizer, PlateStore store)
{
    /// <exception cref="Recognition.Imaging.ImageInputException">The bytes are not a usable image.</exception>
    public async Task<ImageResult> ProcessAsync(RecognitionJob job, Func<UploadStage, Task> progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(job);
        var bytes = job.Bytes ?? RenderSample(job.Sample ?? throw new ArgumentException("A job needs bytes or a sample.", nameof(job)));
        if (await store.FindBySha256Async(PlateStore.Sha256Hex(bytes), ct) is { } existing)
        {
            return ImageResult.From(existing, alreadyStored: true);
        }

        await progress(UploadStage.Reading);
        var result = recognizer.Recognize(bytes, RecognizeOptions.Default, ct);
        var stored = await store.StoreAsync(bytes, job.FileName, result.Width, result.Height, result.Plates, ct);
        return ImageResult.From(stored.Image, stored.AlreadyStored);
    }

    private static byte[] RenderSample(SceneSpec spec)
    {
        using var scene = PlateRenderer.RenderScene(spec);
        return scene.Encode(".png");
    }
}
