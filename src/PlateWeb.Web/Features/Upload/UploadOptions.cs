using System.ComponentModel.DataAnnotations;

namespace PlateWeb.Web.Features.Upload;

/// <summary>Limits of the upload page and its recognition queue; section "Upload" of appsettings.json.</summary>
public sealed class UploadOptions
{
    public const string Section = "Upload";

    /// <summary>Files accepted in one drop or pick.</summary>
    [Range(1, 1000)]
    public int MaxFiles { get; set; } = 50;

    /// <summary>Largest file accepted, in bytes (the engine's Recognition:MaxImageBytes still applies).</summary>
    [Range(1, long.MaxValue)]
    public long MaxFileBytes { get; set; } = 20L * 1024 * 1024;

    /// <summary>Images waiting for recognition before uploaders wait for room (the queue is bounded).</summary>
    [Range(1, 10_000)]
    public int QueueCapacity { get; set; } = 64;

    /// <summary>
    /// Bytes of the images waiting for recognition or being read, all uploaders together; the next
    /// upload waits for room (256 MB: about a dozen of the largest photos, or a hundred phone pictures).
    /// </summary>
    [Range(1, long.MaxValue)]
    public long QueueMaxBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Images recognised at the same time.</summary>
    [Range(1, 256)]
    public int Workers { get; set; } = 2;
}
