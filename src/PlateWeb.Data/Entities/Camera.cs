namespace PlateWeb.Data.Entities;

/// <summary>Where a camera's pictures come from.</summary>
public enum CameraSourceKind
{
    /// <summary>An RTSP or HTTP(S) stream, or a video file, read through OpenCV's VideoCapture.</summary>
    Stream,
    /// <summary>A folder the camera pushes snapshots into (FTP, SMB); each new image is read once.</summary>
    Folder,
}

/// <summary>What becomes of a watched folder's image once read.</summary>
public enum FolderAfterRead
{
    /// <summary>Left where it is (remembered by name, size and time so it is read once).</summary>
    Leave,
    /// <summary>Moved into the folder's "done" sub-folder.</summary>
    Move,
}

/// <summary>A camera pointed at a lane: its source, what of its frames to read, and how long to keep them.</summary>
public sealed class Camera
{
    public int Id { get; set; }

    public required string Name { get; set; }

    public bool Enabled { get; set; } = true;

    public CameraSourceKind Kind { get; set; }

    /// <summary>
    /// The stream URL or folder, protected with ASP.NET Data Protection (it may hold a user name and password);
    /// never shown again nor logged.
    /// </summary>
    public required string ProtectedSource { get; set; }

    /// <summary>The source with any user name and password taken out, safe to show.</summary>
    public required string SourceDisplay { get; set; }

    /// <summary>Folder cameras: what becomes of an image once read.</summary>
    public FolderAfterRead AfterRead { get; set; }

    /// <summary>Region of interest as fractions of the frame (0..1); null for the whole frame.</summary>
    public float? RoiX { get; set; }

    public float? RoiY { get; set; }

    public float? RoiWidth { get; set; }

    public float? RoiHeight { get; set; }

    /// <summary>Frames analysed per second at most.</summary>
    public double FramesPerSecond { get; set; } = 5;

    /// <summary>Country code the grammar should prefer ("FR", "US"…), or null.</summary>
    public string? CountryHint { get; set; }

    /// <summary>Days the camera's pictures are kept; null: as long as the history keeps them.</summary>
    public int? RetentionDays { get; set; }

    /// <summary>UTC.</summary>
    public DateTime CreatedAt { get; set; }
}
