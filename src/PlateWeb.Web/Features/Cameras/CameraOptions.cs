using System.ComponentModel.DataAnnotations;
using PlateWeb.Data.Entities;

namespace PlateWeb.Web.Features.Cameras;

/// <summary>Section "Cameras" of appsettings.json: how workers run, and cameras declared in the file.</summary>
public sealed class CameraOptions
{
    public const string Section = "Cameras";

    /// <summary>First wait before reconnecting a broken stream; doubled at each failure up to <see cref="ReconnectMaxSeconds"/>.</summary>
    [Range(0.05, 3600)]
    public double ReconnectMinSeconds { get; set; } = 1;

    [Range(0.05, 3600)]
    public double ReconnectMaxSeconds { get; set; } = 30;

    /// <summary>Frames a second the Live page shows per camera, at most.</summary>
    [Range(0.1, 30)]
    public double LiveFramesPerSecond { get; set; } = 2;

    /// <summary>Share of the region of interest that must change for a frame to be read (0.004: a plate-sized change in a lane).</summary>
    [Range(0, 1)]
    public double MotionMinShare { get; set; } = 0.004;

    /// <summary>A pass ends after this many analysed frames without its plate.</summary>
    [Range(1, 100)]
    public int PassMissingFrames { get; set; } = 3;

    /// <summary>Reads needed for a pass (fewer: a stray read, dropped).</summary>
    [Range(1, 100)]
    public int PassMinReads { get; set; } = 2;

    /// <summary>The same plate seen again this soon after its pass joins that pass (a vehicle that stops, or is hidden a moment).</summary>
    [Range(0, 3600)]
    public double PassRepeatSeconds { get; set; } = 30;

    /// <summary>A vehicle still in view after this long has its pass stored without waiting for it to leave.</summary>
    [Range(1, 3600)]
    public double PassMaxSeconds { get; set; } = 60;

    /// <summary>How often a watched folder is looked at, in seconds.</summary>
    [Range(0.05, 3600)]
    public double FolderPollSeconds { get; set; } = 1;

    /// <summary>
    /// Several web nodes (Redis:Connection set): how long a node's hold on a camera lasts without being renewed (it is
    /// renewed every third of it), so how soon another node takes over the cameras of a node that died.
    /// </summary>
    [Range(1, 3600)]
    public double LeaseSeconds { get; set; } = 15;

    /// <summary>Cameras declared here are added at start (or updated, by name); the Cameras page and API add others.</summary>
    public List<CameraSeed> Sources { get; set; } = [];
}

/// <summary>One camera declared in appsettings.json.</summary>
public sealed class CameraSeed
{
    [Required, StringLength(100, MinimumLength = 1)]
    public string Name { get; set; } = "";

    /// <summary>rtsp://, http(s)://, a video file, or (with <see cref="Kind"/> Folder) a folder.</summary>
    [Required]
    public string Source { get; set; } = "";

    public CameraSourceKind Kind { get; set; } = CameraSourceKind.Stream;

    public bool Enabled { get; set; } = true;

    [Range(0.1, 60)]
    public double FramesPerSecond { get; set; } = 5;

    [StringLength(8)]
    public string? CountryHint { get; set; }

    /// <summary>"x,y,width,height" as fractions of the frame, for example "0,0.4,1,0.6"; empty for the whole frame.</summary>
    public string? RegionOfInterest { get; set; }

    public FolderAfterRead AfterRead { get; set; } = FolderAfterRead.Leave;

    [Range(1, 36500)]
    public int? RetentionDays { get; set; }
}
