using PlateWeb.Recognition.Imaging;
using PlateWeb.Recognition.Synthesis;

namespace PlateWeb.Web.Features.Upload;

/// <summary>One image to recognise: uploaded bytes, or a sample scene that the worker renders.</summary>
public sealed record RecognitionJob(Guid Id, string FileName, byte[]? Bytes, SceneSpec? Sample = null);

public enum UploadStage
{
    Uploading,
    Queued,
    Detecting,
    Reading,
    Done,
    Failed,
}

/// <summary>Progress of one job, pushed to the pages that follow it.</summary>
/// <param name="Error">Why it failed, in words for people (English; see <paramref name="ErrorKind"/>).</param>
/// <param name="ErrorKind">Which input problem it was, so each page can say it in its own language; null for a server fault.</param>
public sealed record UploadUpdate(Guid JobId, UploadStage Stage, ImageResult? Result = null, string? Error = null, ImageErrorKind? ErrorKind = null);
