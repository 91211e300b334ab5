using System.Globalization;
using OpenCvSharp;

namespace PlateWeb.Cli.Commands;

/// <summary>
/// `platectl eval`'s reliability.png: one panel per set, each confidence bin a bar as tall as its share of exact
/// reads, over the diagonal a calibrated reader's bars would reach. A bar under the diagonal is overconfidence,
/// over it underconfidence; the number over a bar is its reads. The panel's title gives the set's ECE and what a
/// perfectly calibrated reader would measure by chance (<see cref="ReliabilityTable.Chance"/>).
/// </summary>
public static class ReliabilityDiagram
{
    /// <summary>One panel's size in pixels; the plot area is inside its margins.</summary>
    public const int PanelWidth = 360, PanelHeight = 360;

    /// <summary>The plot area of a panel (left, top, right, bottom), in the panel's pixels.</summary>
    public const int Left = 48, Top = 66, Right = PanelWidth - 16, Bottom = PanelHeight - 44;

    /// <summary>The bars' colour (BGR).</summary>
    public static readonly Scalar Bar = new(201, 137, 43);

    private static readonly Scalar Ink = new(40, 40, 40);
    private static readonly Scalar Grid = new(225, 225, 225);
    private static readonly Scalar Diagonal = new(60, 60, 200);
    private const HersheyFonts Font = HersheyFonts.HersheySimplex;

    /// <summary>The diagram of each set's table side by side, PNG-encoded.</summary>
    public static byte[] Png(IReadOnlyList<(string Set, ReliabilityTable Table)> sets)
    {
        using var image = Draw(sets);
        return image.ImEncode(".png");
    }

    /// <summary>The diagram of each set's table side by side (at least one panel wide), white background.</summary>
    public static Mat Draw(IReadOnlyList<(string Set, ReliabilityTable Table)> sets)
    {
        var image = new Mat(PanelHeight, PanelWidth * Math.Max(1, sets.Count), MatType.CV_8UC3, Scalar.White);
        for (var i = 0; i < sets.Count; i++)
        {
            using var panel = new Mat(image, new Rect(i * PanelWidth, 0, PanelWidth, PanelHeight));
            DrawPanel(panel, sets[i].Set, sets[i].Table);
        }
        return image;
    }

    /// <summary>Where a share (0..1) of the y axis lies, in the panel's pixels.</summary>
    public static int Y(double share) => Bottom - (int)Math.Round(Math.Clamp(share, 0, 1) * (Bottom - Top));

    /// <summary>Where a confidence (0..1) of the x axis lies, in the panel's pixels.</summary>
    public static int X(double confidence) => Left + (int)Math.Round(Math.Clamp(confidence, 0, 1) * (Right - Left));

    private static void DrawPanel(Mat panel, string set, ReliabilityTable table)
    {
        for (var k = 0; k <= 10; k += 2)
        {
            var v = k / 10.0;
            panel.Line(new Point(Left, Y(v)), new Point(Right, Y(v)), Grid, 1);
            Text(panel, $"{k * 10}", new Point(Left - 30, Y(v) + 4), 0.35);
            Text(panel, $"{k * 10}", new Point(X(v) - 8, Bottom + 16), 0.35);
        }
        foreach (var bin in table.Bins.Where(b => b.Count > 0))
        {
            var (x0, x1) = (X(bin.Lower) + 2, X(bin.Upper) - 2);
            var y = Y(bin.Accuracy);
            if (y < Bottom) panel.Rectangle(new Point(x0, y), new Point(x1, Bottom), Bar, -1);
            // Where the bin's reads lie on the confidence axis: a tick at their mean confidence.
            panel.Line(new Point(X(bin.MeanConfidence), Bottom - 4), new Point(X(bin.MeanConfidence), Bottom + 4), Ink, 1);
            Text(panel, bin.Count.ToString(CultureInfo.InvariantCulture), new Point(x0, Math.Max(Top - 2, y - 4)), 0.33);
        }
        panel.Line(new Point(X(0), Y(0)), new Point(X(1), Y(1)), Diagonal, 1, LineTypes.AntiAlias);
        panel.Rectangle(new Point(Left, Top), new Point(Right, Bottom), Ink, 1);
        var title = table.Count == 0
            ? $"{set}: no reads on a plate"
            : string.Create(CultureInfo.InvariantCulture, $"{set}: {table.Count} reads, ECE {table.Ece:0.000}");
        Text(panel, title, new Point(Left, 18), 0.45);
        if (table.Count > 0)
        {
            Text(panel, string.Create(CultureInfo.InvariantCulture,
                $"calibrated by chance: {table.Chance.Median:0.000} (<= {table.Chance.P90:0.000})"), new Point(Left, 36), 0.35);
        }
        Text(panel, "confidence %", new Point(Left + (Right - Left) / 2 - 40, PanelHeight - 10), 0.38);
        Text(panel, "exact %", new Point(4, Top - 18), 0.35);
    }

    private static void Text(Mat panel, string text, Point at, double scale) =>
        panel.PutText(text, at, Font, scale, Ink, 1, LineTypes.AntiAlias);
}
