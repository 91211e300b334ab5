namespace PlateWeb.Data.Entities;

/// <summary>
/// One vehicle seen by a camera: the reads of the same plate over consecutive frames, joined. Its text is voted over
/// the frames; its best frame is stored like an upload (<see cref="BestImageId"/>, content-addressed).
/// </summary>
public sealed class VehiclePass
{
    public long Id { get; set; }

    public int CameraId { get; set; }

    public Camera? Camera { get; set; }

    /// <summary>UTC time of the first frame with the plate.</summary>
    public DateTime StartedAt { get; set; }

    /// <summary>UTC time of the last frame with the plate.</summary>
    public DateTime EndedAt { get; set; }

    /// <summary>The voted text as printed (with the format's separators).</summary>
    public required string Text { get; set; }

    /// <summary>The voted text: upper case, letters and digits only.</summary>
    public required string NormalizedText { get; set; }

    /// <summary>0..1: the mean of the voted characters' confidences.</summary>
    public float Confidence { get; set; }

    /// <summary>One value in 0..1 per character of <see cref="NormalizedText"/>, as JSON.</summary>
    public string CharConfidencesJson { get; set; } = "[]";

    /// <summary>Every read joined into the pass (<see cref="PassFrameRead"/>[]) as JSON, in time order.</summary>
    public string ReadsJson { get; set; } = "[]";

    public int FrameCount { get; set; }

    /// <summary>"left", "right", "up", "down" (the way the plate moved across the frame), or null when it cannot be told.</summary>
    public string? Direction { get; set; }

    public long? BestImageId { get; set; }

    public long? BestReadId { get; set; }
}

/// <summary>One frame's read inside a pass.</summary>
public sealed record PassFrameRead(DateTime At, string Text, float Confidence, float CenterX, float CenterY);
