using System.Threading.Channels;
using OpenCvSharp;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;
using PlateWeb.Data.Cameras;
using PlateWeb.Data.Entities;
using PlateWeb.Data.Sightings;
using PlateWeb.Jobs.UseCases;
using PlateWeb.Recognition.Detection;
using PlateWeb.Recognition.Pipeline;
using PlateWeb.Recognition.Video;

namespace PlateWeb.Web.Features.Cameras;

/// <summary>What one camera's worker needs to know of its camera, its source already in clear.</summary>
public sealed record CameraPlan(int Id, string Name, CameraSourceKind Kind, string Source, FolderAfterRead AfterRead,
    RegionOfInterest Roi, double FramesPerSecond, string? CountryHint)
{
    /// <summary>A folder or a video file waits for recognition; a live stream does not.</summary>
    public bool Paced => Kind == CameraSourceKind.Folder || !Uri.TryCreate(Source, UriKind.Absolute, out var uri) || uri.IsFile;
}

/// <summary>
/// One camera's work: a decode loop (its own thread: VideoCapture blocks) that keeps frames at the camera's rate,
/// skips still ones (<see cref="MotionGate"/>) and hands the rest to a recognition loop through a channel of two.
/// A live stream's channel drops its oldest frame when recognition is slower than the camera, so nothing piles
/// up; a file or folder waits instead. Reads join passes (<see cref="PassTracker"/>), each stored and published.
/// A broken source reconnects with a doubling wait; nothing here stops another camera or the app.
/// </summary>
public sealed partial class CameraRunner(
    CameraPlan plan,
    Func<CameraPlan, IFrameSource> openSource,
    PlateRecognizer recognizer,
    PassStore passes,
    CameraBoard board,
    CameraOptions options,
    TimeProvider time,
    ILogger logger)
{
    private CameraStatus _status = new(plan.Id, CameraState.Stopped, null, DateTime.MinValue);
    private long _read, _analysed, _still, _dropped;
    private int _passes;

    public CameraPlan Plan => plan;

    public async Task RunAsync(CancellationToken ct)
    {
        var frames = Channel.CreateBounded<CameraFrame>(new BoundedChannelOptions(2)
        {
            SingleReader = true,
            SingleWriter = true,
            // Recognition behind a live camera: the oldest waiting frame goes, the newest takes its place.
            FullMode = plan.Paced ? BoundedChannelFullMode.Wait : BoundedChannelFullMode.DropOldest,
        }, dropped =>
        {
            dropped.Dispose();
            Interlocked.Increment(ref _dropped);
        });
        using var tracker = new PassTracker(new PassTrackerSettings
        {
            MissingFramesToClose = options.PassMissingFrames,
            MinReads = options.PassMinReads,
            Repeat = TimeSpan.FromSeconds(options.PassRepeatSeconds),
            MaxOpen = TimeSpan.FromSeconds(options.PassMaxSeconds),
        }, recognizer.Grammar, plan.CountryHint);
        var decode = Task.Factory.StartNew(() => DecodeLoop(frames.Writer, ct), ct, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            await RecognitionLoopAsync(frames.Reader, tracker, ct);
        }
        finally
        {
            // Passes still open when the camera stops (or its file ends) are stored all the same.
            foreach (var pass in tracker.Flush()) await StoreAsync(pass, CancellationToken.None);
            await decode.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            while (frames.Reader.TryRead(out var left)) left.Dispose();
            if (_status.State is not CameraState.Finished and not CameraState.Error) SetState(CameraState.Stopped, null);
        }
    }

    private void DecodeLoop(ChannelWriter<CameraFrame> writer, CancellationToken ct)
    {
        var wait = TimeSpan.FromSeconds(options.ReconnectMinSeconds);
        var everConnected = false;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                using var source = openSource(plan);
                try
                {
                    SetState(everConnected ? CameraState.Reconnecting : CameraState.Connecting, _status.Reason);
                    source.Open();
                    SetState(CameraState.Connected, null);
                    everConnected = true;
                    var gotFrames = ReadFrames(source, writer, ct);
                    if (gotFrames) wait = TimeSpan.FromSeconds(options.ReconnectMinSeconds);
                    if (!gotFrames && !ct.IsCancellationRequested && !source.Ended)
                    {
                        // The stream process started but no frame came: unreachable, refused, or not a video.
                        throw new CameraSourceException("No frame came from the source (unreachable, refused or not a video).");
                    }
                    if (source.Ended)
                    {
                        SetState(CameraState.Finished, null);
                        LogFinished(logger, plan.Id, _read, _analysed);
                        return;
                    }
                    if (ct.IsCancellationRequested) return;
                    SetState(CameraState.Reconnecting, "The stream stopped sending frames.");
                    LogStreamStopped(logger, plan.Id);
                }
                catch (CameraSourceException ex)
                {
                    SetState(CameraState.Error, ex.Message);
                    LogOpenFailed(logger, plan.Id, ex.Message, wait.TotalSeconds);
                }
                catch (Exception ex) when (ex is OpenCVException or IOException or UnauthorizedAccessException)
                {
                    SetState(CameraState.Error, "The source failed: " + ex.GetType().Name);
                    LogSourceFailed(logger, ex, plan.Id);
                }
                if (ct.WaitHandle.WaitOne(wait)) return;
                wait = TimeSpan.FromSeconds(Math.Min(wait.TotalSeconds * 2, options.ReconnectMaxSeconds));
            }
        }
        finally
        {
            writer.TryComplete();
        }
    }

    /// <summary>Reads until the source stops; true when at least one frame came.</summary>
    private bool ReadFrames(IFrameSource source, ChannelWriter<CameraFrame> writer, CancellationToken ct)
    {
        using var gate = new MotionGate(plan.Roi, options.MotionMinShare);
        var interval = 1000.0 / plan.FramesPerSecond;
        var liveInterval = TimeSpan.FromSeconds(1 / options.LiveFramesPerSecond);
        double? nextMedia = null;
        var nextLive = DateTime.MinValue;
        var any = false;
        while (!ct.IsCancellationRequested)
        {
            var frame = source.Read(ct);
            if (frame is null) return any;
            any = true;
            Interlocked.Increment(ref _read);
            // A stream whose clock went back (a restarted file, a camera reboot) starts the rate over.
            if (nextMedia is { } n && frame.MediaMs < n - 10 * interval) nextMedia = null;
            if (nextMedia is { } due && frame.MediaMs < due - 0.5)
            {
                frame.Dispose();
                continue;
            }
            nextMedia = (nextMedia ?? frame.MediaMs) + interval;
            if (frame.At >= nextLive)
            {
                nextLive = frame.At + liveInterval;
                board.SetFrame(plan.Id, EncodeLive(frame.Image));
            }
            if (!gate.HasMotion(frame.Image))
            {
                Interlocked.Increment(ref _still);
                // Not read, but the tracker hears of it: a vehicle that left while nothing else moves still ends its pass.
                frame = frame with { Still = true };
            }
            try
            {
                // Waits only for a paced source; a live one's channel drops its oldest frame instead.
                writer.WriteAsync(frame, ct).AsTask().GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
                frame.Dispose();
                return any;
            }
            PublishCounts();
        }
        return any;
    }

    private async Task RecognitionLoopAsync(ChannelReader<CameraFrame> reader, PassTracker tracker, CancellationToken ct)
    {
        var options = new RecognizeOptions(CountryHint: plan.CountryHint, SecondLook: false);
        try
        {
            await foreach (var frame in reader.ReadAllAsync(ct))
            {
                using (frame)
                {
                    IReadOnlyList<CompletedPass> done;
                    if (frame.Still)
                    {
                        foreach (var pass in tracker.Unchanged(frame.At)) await StoreAsync(pass, ct);
                        continue;
                    }
                    try
                    {
                        var reads = Read(frame.Image, options, ct);
                        Interlocked.Increment(ref _analysed);
                        done = tracker.Observe(frame.At, frame.Image, reads);
                    }
                    catch (Exception ex) when (ex is OpenCVException or Recognition.Imaging.ImageInputException)
                    {
                        LogFrameFailed(logger, ex, plan.Id);
                        continue;
                    }
                    foreach (var pass in done) await StoreAsync(pass, ct);
                    PublishCounts();
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    /// <summary>Reads the region of interest only, the quads moved back into the whole frame.</summary>
    private IReadOnlyList<PlateRead> Read(Mat image, RecognizeOptions options, CancellationToken ct)
    {
        var rect = plan.Roi.ToRect(image.Width, image.Height);
        if (rect.Width == image.Width && rect.Height == image.Height) return recognizer.Recognize(image, options, ct).Plates;
        using var region = new Mat(image, rect);
        return recognizer.Recognize(region, options, ct).Plates
            .Select(p => p with { Quad = Shift(p.Quad, rect.X, rect.Y) }).ToList();
    }

    private static Quad Shift(Quad q, float dx, float dy) => new(
        new(q.TopLeft.X + dx, q.TopLeft.Y + dy), new(q.TopRight.X + dx, q.TopRight.Y + dy),
        new(q.BottomRight.X + dx, q.BottomRight.Y + dy), new(q.BottomLeft.X + dx, q.BottomLeft.Y + dy));

    private async Task StoreAsync(CompletedPass pass, CancellationToken ct)
    {
        using (pass)
        {
            try
            {
                var stored = await passes.StoreAsync(new CameraRef(plan.Id, plan.Name), pass, ct);
                Interlocked.Increment(ref _passes);
                board.PassStored(plan.Id, stored.Pass.Id);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A full disk or a locked database loses this pass, not the camera.
                LogStoreFailed(logger, ex, plan.Id);
            }
        }
    }

    private static byte[] EncodeLive(Mat image)
    {
        // The Live page needs a glance, not the full frame: at most 640 px wide.
        if (image.Width <= 640) return image.ImEncode(".jpg", new ImageEncodingParam(ImwriteFlags.JpegQuality, 70));
        using var small = new Mat();
        Cv2.Resize(image, small, new Size(640, image.Height * 640 / image.Width), 0, 0, InterpolationFlags.Area);
        return small.ImEncode(".jpg", new ImageEncodingParam(ImwriteFlags.JpegQuality, 70));
    }

    private void SetState(CameraState state, string? reason)
    {
        _status = _status with { State = state, Reason = reason, Since = time.GetUtcNow().UtcDateTime };
        PublishCounts();
    }

    private void PublishCounts()
    {
        _status = _status with
        {
            FramesRead = Interlocked.Read(ref _read),
            FramesAnalysed = Interlocked.Read(ref _analysed),
            FramesStill = Interlocked.Read(ref _still),
            FramesDropped = Interlocked.Read(ref _dropped),
            Passes = Volatile.Read(ref _passes),
        };
        board.SetStatus(_status);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Camera {CameraId} cannot be opened: {Reason}; next try in {WaitSeconds} s")]
    private static partial void LogOpenFailed(ILogger logger, int cameraId, string reason, double waitSeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Camera {CameraId} stopped sending frames; reconnecting")]
    private static partial void LogStreamStopped(ILogger logger, int cameraId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Camera {CameraId}'s source failed")]
    private static partial void LogSourceFailed(ILogger logger, Exception ex, int cameraId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Camera {CameraId} read its video to the end: {FramesRead} frames, {FramesAnalysed} analysed")]
    private static partial void LogFinished(ILogger logger, int cameraId, long framesRead, long framesAnalysed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Camera {CameraId}: a frame could not be read")]
    private static partial void LogFrameFailed(ILogger logger, Exception ex, int cameraId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Camera {CameraId}: a pass could not be stored")]
    private static partial void LogStoreFailed(ILogger logger, Exception ex, int cameraId);
}
