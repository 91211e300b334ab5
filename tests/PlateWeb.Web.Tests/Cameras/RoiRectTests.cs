using PlateWeb.Web.Features.Cameras;

namespace PlateWeb.Web.Tests.Cameras;

/// <summary>What a drag over the Cameras page's frame becomes: inside the frame, to a tenth of a percent, never empty.</summary>
public sealed class RoiRectTests
{
    [Theory]
    [InlineData(25.04, 30.06, 50.02, 49.97, 25.0, 30.1, 50.0, 50.0)]
    [InlineData(-3, -1, 120, 130, 0, 0, 100, 100)]
    [InlineData(80, 90, 40, 40, 80, 90, 20, 10)]
    [InlineData(99.9, 50, 0.2, 0.1, 99, 50, 1, 1)]
    [InlineData(double.NaN, double.PositiveInfinity, double.NaN, 10, 0, 0, 1, 10)]
    public void Clamped_KeepsTheRegionInsideTheFrame(double x, double y, double w, double h, double ex, double ey, double ew, double eh)
    {
        var roi = RoiRect.Clamped(x, y, w, h);

        Assert.Equal(new RoiRect(ex, ey, ew, eh), roi);
        Assert.True(roi.X + roi.Width <= 100.0001 && roi.Y + roi.Height <= 100.0001);
    }
}
