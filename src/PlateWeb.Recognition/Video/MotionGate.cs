using OpenCvSharp;
using PlateWeb.Recognition.Imaging;

namespace PlateWeb.Recognition.Video;

/// <summary>A region of interest as fractions (0..1) of the frame.</summary>
public sealed record RegionOfInterest(float X, float Y, float Width, float Height)
{
    public static readonly RegionOfInterest Whole = new(0, 0, 1, 1);

    /// <summary>The region in pixels of a <paramref name="width"/> × <paramref name="height"/> frame, clipped, at least 1 × 1.</summary>
    public Rect ToRect(int width, int height)
    {
        var x = Math.Clamp((int)Math.Round(X * width), 0, width - 1);
        var y = Math.Clamp((int)Math.Round(Y * height), 0, height - 1);
        var w = Math.Clamp((int)Math.Round(Width * width), 1, width - x);
        var h = Math.Clamp((int)Math.Round(Height * height), 1, height - y);
        return new Rect(x, y, w, h);
    }
}

/// <summary>
/// Tells whether a frame's region of interest changed since the last frame that was let through, so still frames are
/// not read. Compares a small blurred grey copy: sensor noise and compression ripple stay under the pixel threshold,
/// a plate or a car body crossing the region does not. Not thread-safe: one per camera.
/// </summary>
public sealed class MotionGate(RegionOfInterest roi, double minChangedShare = 0.004, int pixelThreshold = 18) : IDisposable
{
    // 160 px wide is enough to see a car move and makes the comparison ~0.1 ms.
    private const int WorkWidth = 160;

    private Mat? _reference;

    /// <summary>Share (0..1) of the region's pixels that changed in the last frame checked.</summary>
    public double LastChangedShare { get; private set; }

    /// <summary>True when the frame differs from the reference (the first frame always does); it becomes the reference.</summary>
    public bool HasMotion(Mat frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var rect = roi.ToRect(frame.Width, frame.Height);
        using var region = new Mat(frame, rect);
        var small = new Mat();
        var scale = Math.Min(1.0, WorkWidth / (double)rect.Width);
        using (var grey = new Mat())
        {
            Grey.Convert(region, grey);
            Cv2.Resize(grey, small, new Size(Math.Max(1, (int)(rect.Width * scale)), Math.Max(1, (int)(rect.Height * scale))), 0, 0, InterpolationFlags.Area);
        }
        Cv2.GaussianBlur(small, small, new Size(5, 5), 0);
        if (_reference is null || _reference.Size() != small.Size())
        {
            _reference?.Dispose();
            _reference = small;
            LastChangedShare = 1;
            return true;
        }
        using var diff = new Mat();
        Cv2.Absdiff(small, _reference, diff);
        Cv2.Threshold(diff, diff, pixelThreshold, 255, ThresholdTypes.Binary);
        LastChangedShare = Cv2.CountNonZero(diff) / (double)(diff.Width * diff.Height);
        // The reference moves on with every frame: a slow change (dusk, a cloud) never piles up into "motion".
        _reference.Dispose();
        _reference = small;
        return LastChangedShare >= minChangedShare;
    }

    public void Dispose() => _reference?.Dispose();
}
