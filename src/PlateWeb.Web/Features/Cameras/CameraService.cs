using System.Globalization;
using PlateWeb.Data.Cameras;
using PlateWeb.Data.Entities;

namespace PlateWeb.Web.Features.Cameras;

/// <summary>A camera as the Cameras page and the API edit it; <see cref="Source"/> is only ever written, never read back.</summary>
public sealed class CameraEdit
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public bool Enabled { get; set; } = true;
    public CameraSourceKind Kind { get; set; }
    /// <summary>Empty when editing: the stored source is kept.</summary>
    public string? Source { get; set; }
    public FolderAfterRead AfterRead { get; set; }
    public double FramesPerSecond { get; set; } = 5;
    public string? CountryHint { get; set; }
    /// <summary>Region of interest in percent of the frame (0..100); all zero or empty: the whole frame.</summary>
    public double RoiX { get; set; }
    public double RoiY { get; set; }
    public double RoiWidth { get; set; } = 100;
    public double RoiHeight { get; set; } = 100;
    public int? RetentionDays { get; set; }

    public static CameraEdit From(Camera c) => new()
    {
        Id = c.Id,
        Name = c.Name,
        Enabled = c.Enabled,
        Kind = c.Kind,
        AfterRead = c.AfterRead,
        FramesPerSecond = c.FramesPerSecond,
        CountryHint = c.CountryHint,
        RetentionDays = c.RetentionDays,
        RoiX = (c.RoiX ?? 0) * 100,
        RoiY = (c.RoiY ?? 0) * 100,
        RoiWidth = (c.RoiWidth ?? 1) * 100,
        RoiHeight = (c.RoiHeight ?? 1) * 100,
    };
}

/// <summary>A camera's settings refused, with what is wrong in words (the page shows it, the API returns it).</summary>
public sealed class InvalidCameraException(string message) : Exception(message);

/// <summary>Checks, protects and saves cameras (singleton): the Cameras page, the API and appsettings.json go through it.</summary>
public sealed partial class CameraService(CameraStore store, CameraSecrets secrets, ILogger<CameraService> logger)
{
    /// <exception cref="InvalidCameraException">A setting is wrong.</exception>
    /// <exception cref="CameraNameTakenException">Another camera has the name.</exception>
    public async Task<Camera> SaveAsync(CameraEdit edit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(edit);
        var name = edit.Name?.Trim() ?? "";
        if (name.Length is 0 or > 100) throw new InvalidCameraException("A camera needs a name of 1 to 100 characters.");
        if (edit.FramesPerSecond is < 0.1 or > 60) throw new InvalidCameraException("Frames per second must be between 0.1 and 60.");
        if (edit.RetentionDays is < 1) throw new InvalidCameraException("Retention must be at least one day, or empty.");
        if (edit.RoiX < 0 || edit.RoiY < 0 || edit.RoiWidth <= 0 || edit.RoiHeight <= 0 || edit.RoiX + edit.RoiWidth > 100.001 || edit.RoiY + edit.RoiHeight > 100.001)
        {
            throw new InvalidCameraException("The region of interest must lie inside the frame (percentages from 0 to 100).");
        }
        var hint = string.IsNullOrWhiteSpace(edit.CountryHint) ? null : edit.CountryHint.Trim().ToUpperInvariant();
        if (hint is { Length: > 8 }) throw new InvalidCameraException("The country hint is a short code such as FR or US.");
        var camera = edit.Id == 0 ? null : await store.FindAsync(edit.Id, ct);
        if (edit.Id != 0 && camera is null) throw new InvalidCameraException("This camera no longer exists.");
        var source = edit.Source?.Trim();
        if (camera is null && string.IsNullOrEmpty(source)) throw new InvalidCameraException("A camera needs a source: a stream URL, a video file or a folder.");
        if (!string.IsNullOrEmpty(source)) CheckSource(edit.Kind, source);
        var whole = edit.RoiX == 0 && edit.RoiY == 0 && edit.RoiWidth >= 100 && edit.RoiHeight >= 100;
        camera ??= new Camera { Name = name, ProtectedSource = "", SourceDisplay = "" };
        camera.Name = name;
        camera.Enabled = edit.Enabled;
        camera.Kind = edit.Kind;
        camera.AfterRead = edit.AfterRead;
        camera.FramesPerSecond = edit.FramesPerSecond;
        camera.CountryHint = hint;
        camera.RetentionDays = edit.RetentionDays;
        (camera.RoiX, camera.RoiY, camera.RoiWidth, camera.RoiHeight) = whole
            ? ((float?)null, (float?)null, (float?)null, (float?)null)
            : ((float)(edit.RoiX / 100), (float)(edit.RoiY / 100), (float)(edit.RoiWidth / 100), (float)(edit.RoiHeight / 100));
        if (!string.IsNullOrEmpty(source))
        {
            camera.ProtectedSource = secrets.Protect(source);
            camera.SourceDisplay = CameraSecrets.Display(source);
        }
        var saved = await store.SaveAsync(camera, ct);
        LogSaved(logger, saved.Id);
        return saved;
    }

    /// <summary>Adds the cameras of appsettings.json, or updates those of the same name.</summary>
    public async Task SeedAsync(IEnumerable<CameraSeed> seeds, CancellationToken ct)
    {
        foreach (var seed in seeds)
        {
            var existing = await store.FindByNameAsync(seed.Name, ct);
            var roi = ParseRoi(seed.RegionOfInterest);
            await SaveAsync(new CameraEdit
            {
                Id = existing?.Id ?? 0,
                Name = seed.Name,
                Enabled = seed.Enabled,
                Kind = seed.Kind,
                Source = seed.Source,
                AfterRead = seed.AfterRead,
                FramesPerSecond = seed.FramesPerSecond,
                CountryHint = seed.CountryHint,
                RetentionDays = seed.RetentionDays,
                RoiX = roi[0] * 100,
                RoiY = roi[1] * 100,
                RoiWidth = roi[2] * 100,
                RoiHeight = roi[3] * 100,
            }, ct);
        }
    }

    private static double[] ParseRoi(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return [0, 0, 1, 1];
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length != 4 || !parts.All(p => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
        {
            throw new InvalidCameraException("Cameras:Sources:RegionOfInterest must be \"x,y,width,height\" as fractions of the frame.");
        }
        return parts.Select(p => double.Parse(p, CultureInfo.InvariantCulture)).ToArray();
    }

    private static void CheckSource(CameraSourceKind kind, string source)
    {
        if (kind == CameraSourceKind.Folder)
        {
            if (!Path.IsPathRooted(source)) throw new InvalidCameraException("A watched folder must be a full path.");
            return;
        }
        if (Uri.TryCreate(source, UriKind.Absolute, out var uri) && !uri.IsFile)
        {
            if (uri.Scheme is not ("rtsp" or "rtsps" or "http" or "https" or "rtmp"))
            {
                throw new InvalidCameraException("A stream must be an rtsp://, http:// or https:// address.");
            }
            return;
        }
        if (!Path.IsPathRooted(source)) throw new InvalidCameraException("A video file must be a full path.");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Camera {CameraId} saved")]
    private static partial void LogSaved(ILogger logger, int cameraId);
}
