using PlateWeb.Web.Features.Upload;

namespace PlateWeb.Web.Tests.Features;

public sealed class PlateLabelsTests
{
    private static PlateView Plate(string text, float x, float y, float w = 160, float h = 40) =>
        new(1, text, null, 0.9f, "FR", "FR-SIV", null, [], [x, y, x + w, y, x + w, y + h, x, y + h]);

    private static (float Left, float Top, float Right, float Bottom) Box(LabelPlace p, PlateView plate, int imageHeight)
    {
        var size = PlateLabels.Size(imageHeight);
        return (p.X, p.Y - size, p.X + plate.Text.Length * size * 0.6f, p.Y);
    }

    [Fact]
    public void Place_OnePlate_JustAboveItsLeftEdge()
    {
        var plate = Plate("AB-123-CD", 400, 500);

        var place = Assert.Single(PlateLabels.Place([plate], 1280, 960));

        Assert.Equal(400, place.X);
        Assert.InRange(place.Y, 480, 500);
    }

    [Fact]
    public void Place_TwoPlatesSideBySide_TextsDoNotOverlap()
    {
        // Two cars parked side by side: plates at the same height, 60 px apart.
        PlateView[] plates = [Plate("AB-123-CD", 400, 500), Plate("EF-456-GH", 620, 505)];

        var places = PlateLabels.Place(plates, 1280, 960);

        var (a, b) = (Box(places[0], plates[0], 960), Box(places[1], plates[1], 960));
        var overlap = a.Left < b.Right && b.Left < a.Right && a.Top < b.Bottom && b.Top < a.Bottom;
        Assert.False(overlap, $"{a} overlaps {b}");
    }

    [Fact]
    public void Place_PlateAtTheTopAndRightEdges_TextStaysInThePicture()
    {
        var plate = Plate("AB-123-CD", 1200, 2, w: 78);

        var place = Assert.Single(PlateLabels.Place([plate], 1280, 960));

        var box = Box(place, plate, 960);
        Assert.True(box.Top >= 0, $"top {box.Top}");
        Assert.True(box.Right <= 1280 + 1, $"right {box.Right}");
    }
}
