using OpenCvSharp;

namespace PlateWeb.Recognition.Synthesis;

/// <summary>A vehicle crossing the lane: its plate, the frames it takes to cross, and frames it stands still halfway.</summary>
public sealed record LaneVehicle(SyntheticPlate Plate, int CrossFrames = 20, int StopFrames = 0);

/// <summary>The look of a lane video: frame size, rate, plate size and the camera's noise.</summary>
public sealed record LaneVideoSpec(int Width = 960, int Height = 540, double Fps = 10, float PlateWidth = 250,
    int GapFrames = 10, float NoiseSigma = 5, float BlurSigma = 0.7f, int Seed = 21);

/// <summary>One frame of a lane video with the plate in view (normalised), or null between vehicles.</summary>
public sealed record LaneFrame(Mat Image, string? Truth) : IDisposable
{
    public void Dispose() => Image.Dispose();
}

/// <summary>
/// Videos of plates passing across a fixed street scene (drawn by <see cref="PlateRenderer"/>), for the camera
/// tests and `platectl bench-cameras`: the background stays still and each frame gets its own sensor noise, so
/// motion gating, tracking and voting meet what a real camera gives them.
/// </summary>
public static class LaneVideo
{
    /// <summary>The frames, in order: a gap, then each vehicle crossing left to right followed by a gap.</summary>
    public static IEnumerable<LaneFrame> Frames(IReadOnlyList<LaneVehicle> vehicles, LaneVideoSpec spec)
    {
        ArgumentNullException.ThrowIfNull(vehicles);
        ArgumentNullException.ThrowIfNull(spec);
        var index = 0;
        for (var i = 0; i < spec.GapFrames; i++) yield return Frame(null, 0, spec, index++);
        foreach (var v in vehicles)
        {
            var steps = Math.Max(2, v.CrossFrames);
            for (var s = 0; s < steps; s++)
            {
                var x = spec.Width * (0.15f + 0.7f * s / (steps - 1));
                yield return Frame(v.Plate, x, spec, index++);
                if (s == steps / 2)
                {
                    for (var k = 0; k < v.StopFrames; k++) yield return Frame(v.Plate, x, spec, index++);
                }
            }
            for (var i = 0; i < spec.GapFrames; i++) yield return Frame(null, 0, spec, index++);
        }
    }

    /// <summary>Writes the frames as Motion-JPEG in an AVI file (OpenCV's own writer, no FFmpeg needed); the truths in frame order.</summary>
    public static IReadOnlyList<string?> WriteAvi(string path, IReadOnlyList<LaneVehicle> vehicles, LaneVideoSpec spec)
    {
        var truths = new List<string?>();
        using var writer = new VideoWriter(path, FourCC.MJPG, spec.Fps, new Size(spec.Width, spec.Height));
        if (!writer.IsOpened()) throw new IOException("OpenCV cannot write the video file.");
        foreach (var frame in Frames(vehicles, spec))
        {
            using (frame)
            {
                writer.Write(frame.Image);
                truths.Add(frame.Truth);
            }
        }
        return truths;
    }

    private static LaneFrame Frame(SyntheticPlate? plate, float x, LaneVideoSpec spec, int index)
    {
        ScenePlacement[] placements = plate is null ? [] : [new ScenePlacement(plate, x, spec.Height * 0.68f, spec.PlateWidth, RotationDeg: 1.5f)];
        // Noise is added here, per frame: the scene's own noise is seeded like its background, so it would not change.
        using var scene = PlateRenderer.RenderScene(new SceneSpec(spec.Width, spec.Height, placements, spec.BlurSigma, 0, spec.Seed));
        var image = scene.Image.Clone();
        if (spec.NoiseSigma > 0)
        {
            using var noise = new Mat(image.Size(), MatType.CV_16SC3);
            new RNG((ulong)(spec.Seed * 100_003 + index)).Fill(noise, DistributionType.Normal, Scalar.All(0), Scalar.All(spec.NoiseSigma));
            using var wide = new Mat();
            image.ConvertTo(wide, MatType.CV_16SC3);
            Cv2.Add(wide, noise, wide);
            wide.ConvertTo(image, MatType.CV_8UC3);
        }
        return new LaneFrame(image, scene.Truth.Count > 0 ? scene.Truth[0].Text : null);
    }
}
