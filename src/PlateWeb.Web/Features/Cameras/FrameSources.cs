using OpenCvSharp;
using PlateWeb.Data.Entities;

namespace PlateWeb.Web.Features.Cameras;

/// <summary>One frame from a source, owned by the receiver.</summary>
/// <param name="At">UTC time it was captured (received).</param>
/// <param name="MediaMs">The source's own clock in milliseconds (a video's position), used to pick frames at the wanted rate.</param>
/// <param name="Still">Set by the worker: the region of interest did not change, so the frame is not read.</param>
public sealed record CameraFrame(Mat Image, DateTime At, double MediaMs, bool Still = false) : IDisposable
{
    public void Dispose() => Image.Dispose();
}

/// <summary>Where frames come from. Blocking; used by one camera's decode thread only.</summary>
public interface IFrameSource : IDisposable
{
    /// <summary>True for sources that are not live (a video file, a folder): frames wait for the reader instead of being dropped.</summary>
    bool Paced { get; }

    /// <summary>Opens the source. <exception cref="CameraSourceException">It cannot be opened (the reason in words).</exception></summary>
    void Open();

    /// <summary>The next frame; null at the end of a file, or when the stream stopped (then <see cref="Ended"/> tells which).</summary>
    CameraFrame? Read(CancellationToken ct);

    /// <summary>True when the source ended normally (end of a video file) rather than broke.</summary>
    bool Ended { get; }
}

/// <summary>A source that cannot be opened or broke; the message is safe to show (never holds credentials).</summary>
public sealed class CameraSourceException(string message) : Exception(message);

/// <summary>
/// A video file through OpenCV's FFmpeg back-end (its official Linux runtime has FFmpeg with the <c>file</c> protocol
/// only: streams go through <see cref="FfmpegStreamSource"/>).
/// </summary>
public sealed class VideoCaptureSource(string source, TimeProvider time) : IFrameSource
{
    private const int OpenTimeoutMsec = 53;
    private const int ReadTimeoutMsec = 54;

    private VideoCapture? _capture;
    private readonly bool _isFile = !Uri.TryCreate(source, UriKind.Absolute, out var uri) || uri.IsFile;
    private readonly System.Diagnostics.Stopwatch _clock = new();

    public bool Paced => _isFile;

    public bool Ended { get; private set; }

    public void Open()
    {
        _capture?.Dispose();
        Ended = false;
        if (_isFile && !File.Exists(source)) throw new CameraSourceException("The video file does not exist.");
        // Without timeouts FFmpeg waits for an unreachable or silent RTSP or HTTP server for a long time.
        // OpenCvSharp's enum lacks them: CAP_PROP_OPEN_TIMEOUT_MSEC = 53, CAP_PROP_READ_TIMEOUT_MSEC = 54 (videoio.hpp).
        _capture = new VideoCapture(source, VideoCaptureAPIs.FFMPEG, [OpenTimeoutMsec, 5000, ReadTimeoutMsec, 5000]);
        if (!_capture.IsOpened())
        {
            _capture.Dispose();
            _capture = null;
            throw new CameraSourceException(_isFile ? "The video file cannot be decoded." : "The stream cannot be opened (unreachable, refused or not a video).");
        }
        _clock.Restart();
    }

    public CameraFrame? Read(CancellationToken ct)
    {
        if (_capture is null) return null;
        var mat = new Mat();
        if (!_capture.Read(mat) || mat.Empty())
        {
            mat.Dispose();
            Ended = _isFile;
            return null;
        }
        // A file's own position paces it; a live stream's position is often missing or restarts, so its clock is ours.
        var media = _isFile ? _capture.Get(VideoCaptureProperties.PosMsec) : _clock.Elapsed.TotalMilliseconds;
        return new CameraFrame(mat, time.GetUtcNow().UtcDateTime, media);
    }

    public void Dispose()
    {
        _capture?.Dispose();
        _capture = null;
    }
}

/// <summary>
/// A folder a camera pushes snapshots into (FTP, SMB). Each new image is read once: moved to "done/" or, when left
/// in place, remembered by name, size and write time. A file still being written (its size changes) waits a poll.
/// </summary>
public sealed class FolderSource(string folder, FolderAfterRead after, TimeSpan poll, TimeProvider time, ILogger logger) : IFrameSource
{
    private static readonly HashSet<string> Extensions = new(StringComparer.OrdinalIgnoreCase) { ".jpg", ".jpeg", ".png", ".bmp", ".webp" };
    private readonly HashSet<(string, long, DateTime)> _seen = [];
    private readonly Dictionary<string, long> _sizes = new(StringComparer.Ordinal);
    private readonly Queue<FileInfo> _pending = new();
    private double _mediaMs;

    public bool Paced => true;

    public bool Ended => false;

    public void Open()
    {
        if (!Directory.Exists(folder)) throw new CameraSourceException("The watched folder does not exist.");
    }

    public CameraFrame? Read(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            if (!Directory.Exists(folder)) return null;
            while (_pending.TryDequeue(out var file))
            {
                if (Take(file) is { } frame) return frame;
            }
            foreach (var file in new DirectoryInfo(folder).EnumerateFiles().Where(f => Extensions.Contains(f.Extension)).OrderBy(f => f.LastWriteTimeUtc).ThenBy(f => f.Name))
            {
                var key = (file.Name, file.Length, file.LastWriteTimeUtc);
                if (_seen.Contains(key)) continue;
                // Written completely only when two looks agree on its size.
                if (_sizes.TryGetValue(file.Name, out var size) && size == file.Length) _pending.Enqueue(file);
                _sizes[file.Name] = file.Length;
            }
            if (_pending.Count == 0) ct.WaitHandle.WaitOne(poll);
        }
        return null;
    }

    private CameraFrame? Take(FileInfo file)
    {
        _sizes.Remove(file.Name);
        Mat image;
        try
        {
            image = Cv2.ImRead(file.FullName, ImreadModes.Color);
        }
        catch (OpenCVException)
        {
            image = new Mat();
        }
        if (after == FolderAfterRead.Move) MoveToDone(file);
        else _seen.Add((file.Name, file.Length, file.LastWriteTimeUtc));
        if (image.Empty())
        {
            image.Dispose();
            // The file's name may be the plate: the log says only that one was refused.
            logger.LogWarning("A file in a camera's watched folder is not a readable image; skipped");
            return null;
        }
        // Each snapshot stands alone: a second apart on the media clock, so each one is analysed.
        _mediaMs += 1000;
        return new CameraFrame(image, time.GetUtcNow().UtcDateTime, _mediaMs);
    }

    private void MoveToDone(FileInfo file)
    {
        try
        {
            var done = Directory.CreateDirectory(Path.Combine(folder, "done"));
            var target = Path.Combine(done.FullName, file.Name);
            if (File.Exists(target)) target = Path.Combine(done.FullName, $"{Path.GetFileNameWithoutExtension(file.Name)}-{Guid.NewGuid():N}{file.Extension}");
            file.MoveTo(target);
        }
        catch (IOException ex)
        {
            logger.LogWarning(ex, "Could not move a read snapshot to the watched folder's done/ folder; it is remembered instead");
            _seen.Add((file.Name, file.Length, file.LastWriteTimeUtc));
        }
    }

    public void Dispose()
    {
    }
}
