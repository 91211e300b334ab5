using PlateWeb.Cli.Commands;
using PlateWeb.Recognition.Pipeline;
using static PlateWeb.Cli.Tests.Commands.ReadCommandJsonTests;

namespace PlateWeb.Cli.Tests.Commands;

public sealed class CalibrationTests
{
    private static readonly EvalCommand.Truth Car = new("car.jpg", 100, 200, 300, 70, "AB120CD");
    private static readonly EvalCommand.Truth OtherCar = new("car.jpg", 700, 400, 280, 60, "GH456JK");

    [Fact]
    public void Reliability_NoReads_IsEmptyWithZeroError()
    {
        var table = ReliabilityTable.From([]);

        Assert.Equal(10, table.Bins.Count);
        Assert.Equal(0, table.Count);
        Assert.Equal(0, table.Ece);
        Assert.All(table.Bins, b => Assert.Equal(0, b.Count));
    }

    [Fact]
    public void Reliability_TwoBins_HaveMeansSharesAndWeightedError()
    {
        // 90-100 %: 0.95 and 0.91, one exact (accuracy 0.5, mean 0.93); 20-30 %: 0.25, exact (accuracy 1, mean 0.25).
        var table = ReliabilityTable.From([(0.95f, true), (0.91f, false), (0.25f, true)]);

        Assert.Equal(3, table.Count);
        var high = table.Bins[9];
        Assert.Equal(2, high.Count);
        Assert.Equal(0.93, high.MeanConfidence, 5);
        Assert.Equal(0.5, high.Accuracy, 5);
        Assert.Equal(0.9, high.Lower, 5);
        Assert.Equal(1.0, high.Upper, 5);
        var low = table.Bins[2];
        Assert.Equal(1, low.Count);
        Assert.Equal(1.0, low.Accuracy, 5);
        Assert.Equal(2.0 / 3 * 0.43 + 1.0 / 3 * 0.75, table.Ece, 5);
    }

    [Fact]
    public void Reliability_PerfectlyCalibrated_HasNoError()
    {
        // Eight reads at 0.75, six of them exact: accuracy equals confidence.
        var reads = Enumerable.Range(0, 8).Select(i => (0.75f, i < 6));

        Assert.Equal(0, ReliabilityTable.From(reads).Ece, 6);
    }

    [Fact]
    public void ByChance_SureReads_AreNeverOff()
    {
        Assert.Equal((0.0, 0.0), ReliabilityTable.ByChance(Enumerable.Repeat(1f, 50).ToList()));
        Assert.Equal((0.0, 0.0), ReliabilityTable.ByChance([]));
    }

    [Fact]
    public void ByChance_TenCoinFlips_MeasureATenthTypically()
    {
        // Ten reads at 0.5: the ECE is |k/10 - 0.5| for k right reads, k ~ Binomial(10, 0.5): 0 a quarter of the
        // time, at most 0.1 two thirds of the time, at most 0.2 89 % of the time.
        var (median, p90) = ReliabilityTable.ByChance(Enumerable.Repeat(0.5f, 10).ToList());

        Assert.Equal(0.1, median, 6);
        Assert.InRange(p90, 0.2 - 1e-6, 0.3 + 1e-6);
    }

    [Fact]
    public void ByChance_MoreReads_MeasureCloserToNoError()
    {
        var few = ReliabilityTable.ByChance(Enumerable.Repeat(0.8f, 20).ToList());
        var many = ReliabilityTable.ByChance(Enumerable.Repeat(0.8f, 2000).ToList());

        Assert.True(few.Median > 0.03, $"20 reads: {few}");
        Assert.True(many.Median < 0.015, $"2000 reads: {many}");
        Assert.True(few.Median <= few.P90 && many.Median <= many.P90);
    }

    [Fact]
    public void Reliability_CarriesTheChanceOfItsOwnConfidences_TheSameAtEveryRun()
    {
        (float, bool)[] reads = [(0.95f, true), (0.62f, false), (0.71f, true), (0.88f, true), (0.4f, false)];

        var table = ReliabilityTable.From(reads);

        Assert.Equal(ReliabilityTable.ByChance(reads.Select(r => r.Item1).ToList()), table.Chance);
        Assert.Equal(table.Chance, ReliabilityTable.From(reads).Chance);
        Assert.True(table.Chance.Median > 0);
    }

    [Theory]
    [InlineData(0f, 0)]
    [InlineData(0.0999f, 0)]
    [InlineData(0.1f, 1)]
    [InlineData(0.3f, 3)]
    [InlineData(0.7f, 7)] // 0.6999999881 as a double
    [InlineData(0.9f, 9)]
    [InlineData(1f, 9)]
    [InlineData(1.2f, 9)]
    [InlineData(-0.1f, 0)]
    public void BinOf_EdgesBelongToTheBinAbove(float confidence, int bin)
    {
        Assert.Equal(bin, ReliabilityTable.BinOf(confidence));
    }

    [Fact]
    public void Reliability_CountsOnlyTopReadsOverlappingTheirPlate()
    {
        var onPlate = EvalCommand.Score("eu", Car, Result([Plate("AB120CD", 0.85f, Box(105, 205, 290, 60))]), 1, 5);
        var wrongOnPlate = EvalCommand.Score("eu", Car, Result([Plate("AB129CD", 0.65f, Box(105, 205, 290, 60))]), 1, 5);
        // The top read is a sign across the street: it is a non-plate, not a confident miss of this plate.
        var elsewhere = EvalCommand.Score("eu", Car, Result([Plate("XY789ZZ", 0.95f, Box(700, 500, 100, 30))]), 1, 5);
        var nothing = EvalCommand.Score("eu", Car, Result([]), 1, 5);

        var table = Calibration.Reliability([onPlate, wrongOnPlate, elsewhere, nothing]);

        Assert.True(onPlate.TopOverlaps);
        Assert.Equal(0.85f, onPlate.TopConfidence);
        Assert.Equal("FR", onPlate.TopCountry);
        Assert.False(elsewhere.TopOverlaps);
        Assert.Null(nothing.TopConfidence);
        Assert.Equal(2, table.Count);
        Assert.Equal(1, table.Bins[8].Count);
        Assert.Equal(1.0, table.Bins[8].Accuracy);
        Assert.Equal(1, table.Bins[6].Count);
        Assert.Equal(0.0, table.Bins[6].Accuracy);
    }

    [Fact]
    public void NonPlates_CountsPlatesOverlappingNoTruth()
    {
        var plates = new[]
        {
            Plate("AB120CD", 0.9f, Box(105, 205, 290, 60)),
            Plate("GH456JK", 0.6f, Box(710, 405, 270, 55)),
            Plate("STOP", 0.3f, Box(10, 10, 60, 20)),
        };

        Assert.Equal(1, Calibration.NonPlates([Car, OtherCar], plates));
        Assert.Equal(2, Calibration.NonPlates([Car], plates));
        Assert.Equal(3, Calibration.NonPlates([], plates));
    }

    [Fact]
    public void Failures_ListEveryNonPlateWithItsReadAndBox_SoThatAPersonCanLookAtIt()
    {
        var plates = new[] { Plate("AB120CD", 0.9f, Box(105, 205, 290, 60)), Plate("STOP", 0.3f, Box(10, 10, 60, 20)) };
        var nonPlates = Calibration.NonPlateReads([Car], plates).Select(p => new EvalCommand.NonPlate("eu", "car.jpg", p)).ToList();

        var text = EvalCommand.Failures([EvalCommand.Score("eu", Car, Result(plates), 1, 5)], nonPlates);

        Assert.Contains("## NonPlates (1)", text);
        Assert.Contains("- eu/car.jpg: STOP at 30", text);
        Assert.Contains("box x 10 y 10 w 60 h 20", text);
        Assert.DoesNotContain("AB120CD at", text);
        Assert.DoesNotContain("NonPlates", EvalCommand.Failures([], []));
    }

    [Fact]
    public void StageReport_GivesEachStagesMedianAndShareOfTheSetsTime()
    {
        var stages = new EvalCommand.SetStages("br", [new(2, 10, 28, 40), new(4, 30, 66, 100), new(6, 20, 74, 100)]);

        var text = EvalCommand.StageReport([stages, new EvalCommand.SetStages("empty", [])]);

        // Medians 4, 20 and 66 ms; shares of the 240 ms: 12/240, 60/240, 168/240.
        Assert.Contains("| br | 4.0 (5 %) | 20.0 (25 %) | 66.0 (70 %) |", text.Replace("\u00a0", " "));
        Assert.DoesNotContain("| empty |", text);
    }

    [Fact]
    public void Above_DropsPlatesUnderTheThresholdAndKeepsTheTrace()
    {
        var result = Result([Plate("AB120CD", 0.9f, Box(105, 205, 290, 60)), Plate("STOP", 0.3f, Box(10, 10, 60, 20))]);

        var kept = Calibration.Above(result, 0.5f)!;

        Assert.Equal(["AB120CD"], kept.Plates.Select(p => p.Text));
        Assert.Equal(2, kept.Trace.Count);
        Assert.Same(result, Calibration.Above(result, 0));
        Assert.Null(Calibration.Above(null, 0.5f));
    }

    [Theory]
    [InlineData("us", "US", true)]
    [InlineData("us", "BR", false)]
    [InlineData("br", "BR", true)]
    [InlineData("BR", "US", false)]
    [InlineData("eu", "SK", true)]
    [InlineData("eu", "FR", true)]
    [InlineData("eu", "EU", true)] // the grammar's generic European pattern
    [InlineData("eu", "US", false)]
    [InlineData("eu", "BR", false)]
    [InlineData("eu", null, false)]
    [InlineData("us", null, false)]
    public void CountryIsRight_FollowsTheSetsRegion(string set, string? country, bool right)
    {
        Assert.Equal(right, Calibration.CountryIsRight(set, country));
    }

    [Fact]
    public void CountryIsRight_SetNamingNoRegion_IsUnknown()
    {
        Assert.Null(Calibration.CountryIsRight("negatives", "FR"));
    }

    [Fact]
    public void Sweep_ThresholdsTradeReadsForNonPlates()
    {
        var images = new[]
        {
            new ImageRead("a.jpg", [Car], Result([Plate("AB120CD", 0.85f, Box(105, 205, 290, 60)), Plate("STOP", 0.25f, Box(10, 10, 60, 20))])),
            new ImageRead("b.jpg", [Car with { File = "b.jpg" }], Result([Plate("AB120CD", 0.45f, Box(105, 205, 290, 60))])),
            new ImageRead("street.jpg", [], Result([Plate("HOTEL", 0.55f, Box(10, 10, 60, 20))])),
            new ImageRead("broken.jpg", [], null),
        };

        var rows = Calibration.Sweep("eu", images, [0f, 0.3f, 0.5f, 0.9f]);

        Assert.Equal([2, 2, 1, 0], rows.Select(r => r.Top1));
        Assert.Equal([2, 1, 1, 0], rows.Select(r => r.NonPlates));
        Assert.All(rows, r => Assert.Equal(4, r.Images));
        Assert.All(rows, r => Assert.Equal(2, r.Plates));
        Assert.Equal(0.5, rows[0].NonPlatesPerImage, 6);
    }

    [Fact]
    public void Sweep_DroppingAWeakFirstRead_MakesTheNextPlateTop1()
    {
        // One true plate: top-1 is the first plate returned (plates are ranked by grammar score, not confidence).
        var image = new ImageRead("a.jpg", [Car], Result([Plate("XY789ZZ", 0.3f, Box(700, 500, 100, 30)), Plate("AB120CD", 0.6f, Box(105, 205, 290, 60))]));

        var rows = Calibration.Sweep("eu", [image], [0f, 0.5f]);

        Assert.Equal([0, 1], rows.Select(r => r.Top1));
        Assert.Equal([1, 0], rows.Select(r => r.NonPlates));
    }

    [Fact]
    public void Thresholds_AreNoneThenTenths()
    {
        Assert.Equal([0f, 0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f, 0.9f], Calibration.Thresholds);
    }
}
