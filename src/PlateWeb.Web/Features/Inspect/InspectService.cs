using PlateWeb.Data.Storage;
using PlateWeb.Recognition.Pipeline;

namespace PlateWeb.Web.Features.Inspect;

/// <summary>Re-runs recognition on a stored image with the intermediate crops kept, for the "Why this result?" view.</summary>
public sealed class InspectService(PlateStore store, PlateRecognizer recognizer) : IDisposable
{
    // One inspection at a time: each one is a full recognition plus PNG encoding, and the upload
    // workers should keep the rest of the cores.
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>The report for a stored image, or null when the image or its file is gone.</summary>
    /// <exception cref="Recognition.Imaging.ImageInputException">The stored bytes are not a usable image.</exception>
    public async Task<InspectReport?> InspectAsync(long imageId, CancellationToken ct)
    {
        var image = await store.FindImageAsync(imageId, ct);
        if (image is null) return null;
        var path = store.GetFullPath(image);
        if (!File.Exists(path)) return null;
        var bytes = await File.ReadAllBytesAsync(path, ct);

        await _gate.WaitAsync(ct);
        try
        {
            // Recognize is synchronous native work: off the circuit's thread, awaited, never fire-and-forget.
            var result = await Task.Run(() => recognizer.Recognize(bytes, new RecognizeOptions(CaptureImages: true), ct), ct);
            return InspectReport.From(result);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
