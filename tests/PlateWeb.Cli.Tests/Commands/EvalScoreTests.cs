using PlateWeb.Cli.Commands;
using PlateWeb.Recognition.Pipeline;
using static PlateWeb.Cli.Tests.Commands.ReadCommandJsonTests;
using Cause = PlateWeb.Cli.Commands.EvalCommand.Cause;

namespace PlateWeb.Cli.Tests.Commands;

public sealed class EvalScoreTests
{
    private static readonly EvalCommand.Truth Truth = new("car.jpg", 100, 200, 300, 70, "AB120CD");

    private static EvalCommand.PlateOutcome ScoreSingle(RecognitionResult? result) => EvalCommand.Score("set", Truth, result, 1, 5);

    private static RecognitionResult ReadAs(string text, params string[] alternatives) =>
        Result([Plate(text, 0.8f, Box(105, 205, 290, 60), "FR", alternatives)]);

    [Fact]
    public void Score_ExactRead_IsRead()
    {
        var outcome = ScoreSingle(ReadAs("AB120CD"));

        Assert.Equal(Cause.Read, outcome.Cause);
        Assert.True(outcome.Detected);
        Assert.True(outcome.Top1);
        Assert.True(outcome.TopN);
        Assert.Equal("AB120CD", outcome.Got);
        Assert.Equal("AB120CD", outcome.Expected);
        Assert.Equal("set", outcome.Set);
        Assert.Equal("car.jpg", outcome.File);
    }

    [Fact]
    public void Score_NothingProposed_IsNotDetected()
    {
        var outcome = ScoreSingle(Result([], []));

        Assert.Equal(Cause.NotDetected, outcome.Cause);
        Assert.False(outcome.Detected);
        Assert.Null(outcome.Got);
    }

    [Fact]
    public void Score_ImageError_IsNotDetected()
    {
        var outcome = ScoreSingle(null);

        Assert.Equal(Cause.NotDetected, outcome.Cause);
        Assert.False(outcome.Top1);
        Assert.False(outcome.TopN);
    }

    [Fact]
    public void Score_RegionsOnlyElsewhere_IsNotDetected()
    {
        // The detector proposed and read a region, but far from the true plate.
        var outcome = ScoreSingle(Result([Plate("XY789ZZ", 0.8f, Box(700, 500, 100, 30))]));

        Assert.Equal(Cause.NotDetected, outcome.Cause);
        Assert.False(outcome.Detected);
        Assert.Equal("XY789ZZ", outcome.Got);
    }

    [Fact]
    public void Score_RegionFoundButNothingRead_IsDetectedNotRead()
    {
        var trace = new[] { new CandidateTrace(Box(100, 200, 300, 70), 7, 0.8f, "", 0, false, "OCR read no characters") };

        var outcome = ScoreSingle(Result([], trace));

        Assert.Equal(Cause.DetectedNotRead, outcome.Cause);
        Assert.True(outcome.Detected);
    }

    [Theory]
    [InlineData("AB12OCD")] // O for 0
    [InlineData("AB12DCD")] // D for 0
    [InlineData("A8I20CD")] // 8 for B, I for 1
    public void Score_SameSkeleton_IsConfusion(string got)
    {
        var outcome = ScoreSingle(ReadAs(got));

        Assert.Equal(Cause.Confusion, outcome.Cause);
        Assert.True(outcome.Detected);
        Assert.False(outcome.Top1);
        Assert.Equal(got, outcome.Got);
    }

    [Theory]
    [InlineData("AB120C")]   // one missing
    [InlineData("AB120CDX")] // one extra
    [InlineData("AB12OC")]   // one missing, plus an O/0 confusion
    public void Score_OneCharacterExtraOrMissing_IsExtraOrMissing(string got)
    {
        Assert.Equal(Cause.ExtraOrMissing, ScoreSingle(ReadAs(got)).Cause);
    }

    [Theory]
    [InlineData("XY789ZZ")]
    [InlineData("AB129CD")] // same length, a real substitution
    [InlineData("AB12")]    // three missing
    public void Score_OtherText_IsWrongCharacters(string got)
    {
        Assert.Equal(Cause.WrongCharacters, ScoreSingle(ReadAs(got)).Cause);
    }

    [Fact]
    public void Score_TruthAmongCandidates_IsTopNButNotTop1()
    {
        var outcome = ScoreSingle(ReadAs("AB12OCD", "AB120CD"));

        Assert.Equal(Cause.Confusion, outcome.Cause);
        Assert.False(outcome.Top1);
        Assert.True(outcome.TopN);
    }

    [Fact]
    public void Score_SeveralPlates_UsesTheReadOverlappingTheTruth()
    {
        // The most confident read belongs to another car; with two plates in the image it must not count.
        var result = Result(
        [
            Plate("GH456JK", 0.95f, Box(700, 400, 280, 60)),
            Plate("AB120CD", 0.40f, Box(100, 200, 300, 70)),
        ]);

        var outcome = EvalCommand.Score("set", Truth, result, platesInImage: 2, ms: 5);

        Assert.Equal(Cause.Read, outcome.Cause);
        Assert.Equal("AB120CD", outcome.Got);
        Assert.Equal(Cause.WrongCharacters, EvalCommand.Score("set", Truth, result, platesInImage: 1, ms: 5).Cause);
    }
}
