using PlateWeb.Data.Sightings;
using PlateWeb.Data.Storage;
using PlateWeb.Jobs.UseCases;
using PlateWeb.Recognition.Pipeline;
using PlateWeb.Recognition.Synthesis;

namespace PlateWeb.Web.Features.Upload;

/// <summary>
/// One queued job from bytes (or a sample to render) to stored reads, through <see cref="ImageIngest"/>.
/// Each read newly stored is published on the <see cref="SightingBus"/> (web uploads and the API both come here), so
/// watchlist alerts see uploads as they see camera passes; an image already stored publishes nothing again.
/// </summary>
public sealed class ImageProcessor(ImageIngest ingest, SightingBus sightings) : IImageReader
{
    /// <param name="progress">Awaited with "detecting" and "reading" as the recognizer enters them (not for an image already stored).</param>
    /// <exception cref="Recognition.Imaging.ImageInputException">The bytes are not a usable image.</exception>
    public async Task<ImageResult> ProcessAsync(RecognitionJob job, Func<UploadStage, Task> progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(progress);
        var bytes = BytesOf(job);
        var ingested = await ingest.IngestAsync(bytes, job.FileName, stage => progress(ToUploadStage(stage)), ct);
        if (!ingested.AlreadyStored) PublishSightings(ingested.Image);
        return ImageResult.From(ingested.Image, ingested.AlreadyStored);
    }

    /// <summary>The job's image: its uploaded bytes, or its sample scene rendered as PNG.</summary>
    public static byte[] BytesOf(RecognitionJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return job.Bytes ?? RenderSample(job.Sample ?? throw new ArgumentException("A job needs bytes or a sample.", nameof(job)));
    }

    /// <summary>One sighting per read of a newly stored image (here, or by a worker that read a queued job).</summary>
    public void PublishSightings(Data.Entities.StoredImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var at = new DateTimeOffset(DateTime.SpecifyKind(image.UploadedAt, DateTimeKind.Utc));
        foreach (var read in image.Reads)
        {
            sightings.Publish(new PlateSighting(
                read.Id, image.Id, read.CorrectedText ?? read.Text, read.EffectiveText, read.Country, read.Confidence, at,
                CameraId: null, CameraName: null, PassId: null));
        }
    }

    /// <summary>The API's path with the in-process queue: read at once, on the request.</summary>
    public Task<ImageResult> ReadAsync(RecognitionJob job, CancellationToken ct) => ProcessAsync(job, _ => Task.CompletedTask, ct);

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
