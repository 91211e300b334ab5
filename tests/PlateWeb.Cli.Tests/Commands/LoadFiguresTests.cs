using PlateWeb.Cli.Commands;

namespace PlateWeb.Cli.Tests.Commands;

public sealed class LoadFiguresTests
{
    [Fact]
    public void From_QuickRefusals_DoNotCountInTheLatencies()
    {
        // 10 uploads stored in 1-10 s, 90 refused at once with 429.
        var samples = Enumerable.Range(1, 10).Select(i => new LoadSample(200, i * 1000.0))
            .Concat(Enumerable.Repeat(new LoadSample(429, 3.0), 90));

        var figures = LoadFigures.From(samples, seconds: 20);

        Assert.Equal(100, figures.Requests);
        Assert.Equal(10, figures.Stored);
        Assert.Equal(0.5, figures.StoredPerSecond, 3);
        Assert.Equal(5000, figures.P50);
        Assert.Equal(10000, figures.P95);
        Assert.Equal(10000, figures.Max);
    }

    [Fact]
    public void From_NothingStored_IsZeros()
    {
        var figures = LoadFigures.From([new LoadSample(429, 2), new LoadSample(0, 5)], seconds: 1);

        Assert.Equal((2, 0, 0.0), (figures.Requests, figures.Stored, figures.P50));
    }

    [Fact]
    public void UploadBytes_TwoRuns_NeverSendTheSameBytes_ButStayOneJpeg()
    {
        byte[] jpeg = [0xFF, 0xD8, 0xFF, 0xDB, 1, 2, 3, 0xFF, 0xD9];

        var first = LoadCommand.UploadBytes(jpeg, "run-a", 1);
        var again = LoadCommand.UploadBytes(jpeg, "run-a", 1);
        var secondRun = LoadCommand.UploadBytes(jpeg, "run-b", 1);

        Assert.Equal(first, again);
        Assert.NotEqual(first, secondRun);
        Assert.Equal([0xFF, 0xD8, 0xFF, 0xFE], secondRun[..4]);
        Assert.Equal(jpeg[2..], secondRun[^(jpeg.Length - 2)..]);
    }
}
