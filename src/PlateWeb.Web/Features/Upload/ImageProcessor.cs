using PlateWeb.Data.Storage;
using PlateWeb.Recognition.Pipeline;
using PlateWeb.Recognition.Synthesis;

namespace PlateWeb.Web.Features.Upload;

/// <summary>One queued job from bytes (or a sample to render) to stored reads, through <see cref="ImageIngest"/>.</summary>
public sealed class ImageProcessor(ImageIngest ingest)
{
    /// <param name="progress">Awaited with "detecting" and "reading" as the recognizer enters them (not for an image already stored).</param>
    /// <exception cref="Recognition.Imaging.ImageInputException">The bytes are not a usable image.</exception>
    public async Task<ImageResult> ProcessAsync(RecognitionJob job, Func<UploadStage, Task> progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(progress);
        var bytes = job.Bytes ?? RenderSample(job.Sample ?? throw new ArgumentException("A job needs bytes or a sample.", nameof(job)));
        var ingested = await ingest.IngestAsync(bytes, job.FileName, stage => progress(ToUploadStage(stage)), ct);
        return ImageResult.From(ingested.Image, ingested.AlreadyStored);
    }

    private static UploadStage ToUploadStage(RecognitionStage stage) => stage switch
    {
        RecognitionStage.Detecting => UploadStage.Detecting,
        _ => UploadStage.Reading,
    };

    private static byte[] RenderSample(SceneSpec spec)
    {
        using var scene = PlateRenderer.RenderScene(spec);
        return scene.Encode(".png");
    }
}
