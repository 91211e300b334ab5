using OpenCvSharp;
using PlateWeb.Recognition.Video;

namespace PlateWeb.Recognition.Tests.Video;

public sealed class MotionGateTests
{
    private static Mat Scene(int carX, int noiseSeed)
    {
        var frame = new Mat(360, 640, MatType.CV_8UC3, new Scalar(120, 110, 100));
        Cv2.Rectangle(frame, new Rect(0, 250, 640, 110), new Scalar(60, 60, 60), -1);
        if (carX >= 0) Cv2.Rectangle(frame, new Rect(carX, 180, 160, 90), new Scalar(30, 30, 160), -1);
        using var noise = new Mat(frame.Size(), MatType.CV_16SC3);
        new RNG((ulong)noiseSeed).Fill(noise, DistributionType.Normal, Scalar.All(0), Scalar.All(6));
        using var wide = new Mat();
        frame.ConvertTo(wide, MatType.CV_16SC3);
        Cv2.Add(wide, noise, wide);
        wide.ConvertTo(frame, MatType.CV_8UC3);
        return frame;
    }

    [Fact]
    public void Gate_NoisyStillFrames_NoMotion()
    {
        using var gate = new MotionGate(RegionOfInterest.Whole);
        using (var first = Scene(-1, 1)) Assert.True(gate.HasMotion(first));
        for (var i = 2; i < 10; i++)
        {
            using var frame = Scene(-1, i);
            Assert.False(gate.HasMotion(frame), $"frame {i}: {gate.LastChangedShare:P2} changed");
        }
    }

    [Fact]
    public void Gate_CarCrossing_Motion()
    {
        using var gate = new MotionGate(RegionOfInterest.Whole);
        using (var first = Scene(-1, 1)) gate.HasMotion(first);
        using var car = Scene(100, 2);
        Assert.True(gate.HasMotion(car));
        using var moved = Scene(140, 3);
        Assert.True(gate.HasMotion(moved));
    }

    [Fact]
    public void Gate_MotionOutsideRegion_Ignored()
    {
        // The lane is the left half; a car in the right half changes nothing there.
        using var gate = new MotionGate(new RegionOfInterest(0, 0, 0.5f, 1));
        using (var first = Scene(-1, 1)) gate.HasMotion(first);
        using var car = Scene(400, 2);
        Assert.False(gate.HasMotion(car));
        using var inLane = Scene(50, 3);
        Assert.True(gate.HasMotion(inLane));
    }
}
