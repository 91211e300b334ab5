using OpenCvSharp;
using PlateWeb.Recognition.Detection;

namespace PlateWeb.Recognition.Tests.Detection;

public sealed class PlateDetectorTests
{
    private static readonly Rect PlateText = new(220, 270, 200, 40);

    /// <summary>Light background with one row of dark capitals about 30 px high, starting at <see cref="PlateText"/>.</summary>
    private static Mat SceneWithPlateRow()
    {
        var image = new Mat(480, 640, MatType.CV_8UC3, new Scalar(200, 200, 200));
        Cv2.PutText(image, "ABC123", new Point(PlateText.X, PlateText.Bottom - 5), HersheyFonts.HersheySimplex, 1.4, Scalar.Black, 3, LineTypes.AntiAlias);
        return image;
    }

    private static bool Finds(IReadOnlyList<DetectedPlate> found, Rect text) =>
        found.Any(p => Quad.BoundsIoU(p.TextQuad.Bounds, (text.X, text.Y, text.Width, text.Height)) > 0.3f);

    [Fact]
    public void Detect_RowOfCapitals_IsFound()
    {
        using var image = SceneWithPlateRow();

        var found = new PlateDetector().Detect(image);

        Assert.True(Finds(found, PlateText), $"regions: {string.Join("; ", found.Select(p => p.TextQuad.Bounds))}");
    }

    [Fact]
    public void Detect_FaintRowOfCapitals_IsFound()
    {
        // Ink 7 grey levels below the plate: under the normal passes' threshold constant.
        using var image = new Mat(480, 640, MatType.CV_8UC3, new Scalar(200, 200, 200));
        Cv2.PutText(image, "ABC123", new Point(PlateText.X, PlateText.Bottom - 5), HersheyFonts.HersheySimplex, 1.4, new Scalar(193, 193, 193), 3, LineTypes.Link8);

        var found = new PlateDetector().Detect(image);

        Assert.True(Finds(found, PlateText), $"regions: {string.Join("; ", found.Select(p => p.TextQuad.Bounds))}");
    }

    [Fact]
    public void Detect_PlateRowNextToRaggedRowOfBigOutlines_IsNotTakenForItsDecoration()
    {
        // Lamp parts or bumper slots around a plate: four tall outlines of uneven height, sparse, right
        // above the characters. They chain into a row of "big characters" that scores far below the
        // plate, so the plate is not suppressed as the small text of that row.
        using var image = SceneWithPlateRow();
        var heights = new[] { 58, 75, 58, 75 };
        for (var i = 0; i < heights.Length; i++)
        {
            var x = PlateText.X + i * 60;
            Cv2.Rectangle(image, new Rect(x, PlateText.Y - 10 - heights[i], 20, heights[i]), Scalar.Black, 3);
        }

        var found = new PlateDetector().Detect(image);

        Assert.True(Finds(found, PlateText), $"regions: {string.Join("; ", found.Select(p => $"{p.TextQuad.Bounds} h={p.CharHeight:0} score={p.Score:0.00}"))}");
    }
}
