using System.Threading.Channels;
using PlateWeb.Data.Entities;
using PlateWeb.Data.Storage;
using PlateWeb.Recognition.Pipeline;

namespace PlateWeb.Jobs.UseCases;

/// <summary>An image stored (or found stored) with its reads; <see cref="Timings"/> is null when it was not read again.</summary>
public sealed record IngestResult(StoredImage Image, bool AlreadyStored, StageTimings? Timings);

/// <summary>
/// The upload use case: one image from bytes to stored reads, the same for a web upload, a queue worker and
/// `platectl import`: an image already stored (same SHA-256) is answered from the database, any other is
/// recognised once and stored. It joins the engine and the store, so it lives beside the hosts' shared
/// registrations rather than in the store (PlateWeb.Data).
/// </summary>
public sealed class ImageIngest(PlateRecognizer recognizer, PlateStore store)
{
    /// <param name="onStage">Awaited for each stage the recognizer enters, in order; null when nobody listens.</param>
    /// <exception cref="Recognition.Imaging.ImageInputException">The bytes are not a usable image.</exception>
    public async Task<IngestResult> IngestAsync(byte[] bytes, string fileName, Func<RecognitionStage, Task>? onStage, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (await store.FindBySha256Async(PlateStore.Sha256Hex(bytes), ct) is { } existing)
        {
            return new IngestResult(existing, AlreadyStored: true, Timings: null);
        }

        var result = onStage is null
            ? recognizer.Recognize(bytes, RecognizeOptions.Default, ct)
            : await RecognizeReportingAsync(bytes, onStage, ct);
        var stored = await store.StoreAsync(bytes, fileName, result.Width, result.Height, result.Plates, ct);
        return new IngestResult(stored.Image, stored.AlreadyStored, result.Timings);
    }

    /// <summary>
    /// The recognizer reports its stages synchronously on the thread doing native work; a channel
    /// carries them to this async side in order, so listeners are awaited without holding OpenCV or
    /// Tesseract up, and a slow listener never reorders them.
    /// </summary>
    private async Task<RecognitionResult> RecognizeReportingAsync(byte[] bytes, Func<RecognitionStage, Task> onStage, CancellationToken ct)
    {
        var stages = Channel.CreateUnbounded<RecognitionStage>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var options = RecognizeOptions.Default with { Stages = new ChannelProgress(stages.Writer) };
        var recognition = Task.Run(() =>
        {
            try
            {
                return recognizer.Recognize(bytes, options, ct);
            }
            finally
            {
                stages.Writer.Complete();
            }
        }, ct);
        await foreach (var stage in stages.Reader.ReadAllAsync(ct))
        {
            await onStage(stage);
        }
        return await recognition;
    }

    private sealed class ChannelProgress(ChannelWriter<RecognitionStage> writer) : IProgress<RecognitionStage>
    {
        public void Report(RecognitionStage value) => writer.TryWrite(value);
    }
}
