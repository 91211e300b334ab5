using PlateWeb.Recognition.Synthesis;

namespace PlateWeb.Web.Features.Upload;

/// <summary>One image to recognise: uploaded bytes, or a sample scene that the worker renders.</summary>
public sealed record RecognitionJob(Guid Id, string FileName, byte[]? Bytes, SceneSpec? Sample = null);

public enum UploadStage
{
    Uploading,
    Queued,
    Reading,
    Done,
    Failed,
}

/// <summary>Progress of one job, pushed to the pages that follow it.</summary>
public sealed record UploadUpdate(Guid JobId, UploadStage Stage, ImageResult? Result = null, string? Error = null);
