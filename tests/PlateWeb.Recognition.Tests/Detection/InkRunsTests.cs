using OpenCvSharp;
using PlateWeb.Recognition.Detection;
using PlateWeb.Recognition.Synthesis;

namespace PlateWeb.Recognition.Tests.Detection;

/// <summary>The run labeller must find exactly the components OpenCV's pixel labelling finds.</summary>
public sealed class InkRunsTests
{
    /// <summary>OpenCV's 8-connected components of <paramref name="bin"/> as boxes, background left out, in label order.</summary>
    private static List<ComponentBox> OpenCvBoxes(Mat bin)
    {
        using var labels = new Mat();
        using var stats = new Mat();
        using var centroids = new Mat();
        var n = Cv2.ConnectedComponentsWithStats(bin, labels, stats, centroids, PixelConnectivity.Connectivity8);
        var boxes = new List<ComponentBox>();
        for (var i = 1; i < n; i++)
        {
            boxes.Add(new ComponentBox(stats.At<int>(i, 0), stats.At<int>(i, 1), stats.At<int>(i, 2), stats.At<int>(i, 3), stats.At<int>(i, 4)));
        }
        return boxes;
    }

    private static List<ComponentBox> RunBoxes(Mat bin)
    {
        using var runs = InkRuns.Of(bin);
        runs.Label();
        return runs.Boxes.ToArray().ToList();
    }

    private static Mat RandomBinary(int rows, int cols, double inkShare, int seed)
    {
        var random = new Random(seed);
        var bin = new Mat(rows, cols, MatType.CV_8UC1, Scalar.Black);
        for (var y = 0; y < rows; y++)
        {
            for (var x = 0; x < cols; x++)
            {
                if (random.NextDouble() < inkShare) bin.Set(y, x, (byte)255);
            }
        }
        return bin;
    }

    [Theory]
    [InlineData(0.2, 1)]
    [InlineData(0.45, 2)]   // near the percolation threshold: long, tangled components
    [InlineData(0.7, 3)]
    public void Label_RandomSpeckle_MatchesOpenCvComponents(double inkShare, int seed)
    {
        using var bin = RandomBinary(97, 131, inkShare, seed);

        var expected = OpenCvBoxes(bin);
        var actual = RunBoxes(bin);

        Assert.True(expected.Count > 1);
        Assert.Equal(expected.OrderBy(b => (b.Y, b.X, b.Area)), actual.OrderBy(b => (b.Y, b.X, b.Area)));
    }

    [Fact]
    public void Label_DiagonalTouch_JoinsAndOneGapSeparates()
    {
        using var bin = new Mat(4, 8, MatType.CV_8UC1, Scalar.Black);
        bin.Set(0, 0, (byte)255); bin.Set(1, 1, (byte)255); // diagonal neighbours: one component
        bin.Set(0, 4, (byte)255); bin.Set(2, 4, (byte)255); // a row between them: two components
        bin.Set(3, 7, (byte)255);                          // image corner

        var boxes = RunBoxes(bin);

        Assert.Equal(
            [new ComponentBox(0, 0, 2, 2, 2), new ComponentBox(4, 0, 1, 1, 1), new ComponentBox(4, 2, 1, 1, 1), new ComponentBox(7, 3, 1, 1, 1)],
            boxes);
    }

    [Fact]
    public void Label_ThresholdedScene_MatchesOpenCvComponents()
    {
        using var scene = PlateRenderer.RenderScene(PlateRenderer.Samples().First().Spec with { Width = 800, Height = 600 });
        using var gray = new Mat();
        Cv2.CvtColor(scene.Image, gray, ColorConversionCodes.BGR2GRAY);
        using var bin = new Mat();
        Cv2.AdaptiveThreshold(gray, bin, 255, AdaptiveThresholdTypes.MeanC, ThresholdTypes.BinaryInv, 15, 7);

        var expected = OpenCvBoxes(bin);
        var actual = RunBoxes(bin);

        Assert.Equal(expected.OrderBy(b => (b.Y, b.X, b.Area)), actual.OrderBy(b => (b.Y, b.X, b.Area)));
    }

    [Fact]
    public void Within_KeepsOnlyTheMarkedComponentsPieces()
    {
        // Two bars; a vertical cut through each splits it in two. Only the second bar is kept.
        using var bin = new Mat(10, 40, MatType.CV_8UC1, Scalar.Black);
        bin.Rectangle(new Rect(2, 2, 10, 3), Scalar.White, -1);
        bin.Rectangle(new Rect(20, 5, 12, 4), Scalar.White, -1);
        using var cut = bin.Clone();
        cut.Line(new Point(6, 0), new Point(6, 9), Scalar.Black);
        cut.Line(new Point(25, 0), new Point(25, 9), Scalar.Black);
        using var runs = InkRuns.Of(bin);
        runs.Label();
        Assert.Equal(2, runs.ComponentCount);

        using var pieces = runs.Within(cut, [false, true]);
        pieces.Label();

        Assert.Equal([new ComponentBox(20, 5, 5, 4, 20), new ComponentBox(26, 5, 6, 4, 24)], pieces.Boxes.ToArray());
    }

    [Theory]
    [InlineData(1, 1, 0)]
    [InlineData(1, 50, 255)]
    [InlineData(50, 1, 255)]
    [InlineData(40, 60, 0)]
    [InlineData(40, 60, 255)]
    public void Label_BlankAndFullImages_GiveNoneOrOneComponent(int rows, int cols, int value)
    {
        using var bin = new Mat(rows, cols, MatType.CV_8UC1, Scalar.All(value));

        var boxes = RunBoxes(bin);

        if (value == 0) Assert.Empty(boxes);
        else Assert.Equal([new ComponentBox(0, 0, cols, rows, rows * cols)], boxes);
    }

    [Fact]
    public void Label_RegionOfInterest_UsesTheViewsRowsOnly()
    {
        // A view into a larger image: its rows are not contiguous in memory.
        using var big = new Mat(20, 30, MatType.CV_8UC1, Scalar.Black);
        big.Rectangle(new Rect(5, 5, 10, 3), Scalar.White, -1);
        big.Rectangle(new Rect(20, 0, 10, 20), Scalar.White, -1);
        using var view = big[new Rect(4, 4, 12, 6)];

        var boxes = RunBoxes(view);

        Assert.Equal([new ComponentBox(1, 1, 10, 3, 30)], boxes);
    }

    [Fact]
    public void Of_RejectsColourImages()
    {
        using var colour = new Mat(4, 4, MatType.CV_8UC3, Scalar.Black);

        Assert.Throws<ArgumentException>(() => InkRuns.Of(colour));
    }
}
