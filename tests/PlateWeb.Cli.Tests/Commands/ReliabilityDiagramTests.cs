using OpenCvSharp;
using PlateWeb.Cli.Commands;

namespace PlateWeb.Cli.Tests.Commands;

/// <summary>eval's reliability.png: a bar per confidence bin, as tall as the bin's share of exact reads.</summary>
public sealed class ReliabilityDiagramTests
{
    [Fact]
    public void Draw_EachSetAPanel_BarsAsTallAsTheirShareOfExactReads()
    {
        // br: 90-100 % all exact (a full bar), 30-40 % none exact (no bar); us: 70-80 % half exact.
        var br = ReliabilityTable.From([(0.95f, true), (0.97f, true), (0.35f, false)]);
        var us = ReliabilityTable.From([(0.75f, true), (0.72f, false)]);

        using var image = ReliabilityDiagram.Draw([("br", br), ("us", us)]);

        Assert.Equal((2 * ReliabilityDiagram.PanelWidth, ReliabilityDiagram.PanelHeight), (image.Width, image.Height));
        Assert.True(IsBar(image, ReliabilityDiagram.X(0.93), ReliabilityDiagram.Y(0.98)), "a full bar reaches the top");
        Assert.False(IsBar(image, ReliabilityDiagram.X(0.33), ReliabilityDiagram.Y(0.02)), "a bin with no exact read has no bar");
        var usX = ReliabilityDiagram.PanelWidth + ReliabilityDiagram.X(0.73);
        Assert.True(IsBar(image, usX, ReliabilityDiagram.Y(0.45)), "a half bar below its middle");
        Assert.False(IsBar(image, usX, ReliabilityDiagram.Y(0.6)), "and not above it");
    }

    [Fact]
    public void Png_NoReads_IsOnePanelWithoutBars()
    {
        var bytes = ReliabilityDiagram.Png([("eu", ReliabilityTable.From([]))]);

        using var image = Cv2.ImDecode(bytes, ImreadModes.Color);
        Assert.Equal((ReliabilityDiagram.PanelWidth, ReliabilityDiagram.PanelHeight), (image.Width, image.Height));
        for (var x = ReliabilityDiagram.Left + 2; x < ReliabilityDiagram.Right - 2; x += 3)
        {
            Assert.False(IsBar(image, x, ReliabilityDiagram.Y(0.05)));
        }
    }

    private static bool IsBar(Mat image, int x, int y)
    {
        var pixel = image.At<Vec3b>(y, x);
        var bar = ReliabilityDiagram.Bar;
        return Math.Abs(pixel.Item0 - bar.Val0) < 8 && Math.Abs(pixel.Item1 - bar.Val1) < 8 && Math.Abs(pixel.Item2 - bar.Val2) < 8;
    }
}
