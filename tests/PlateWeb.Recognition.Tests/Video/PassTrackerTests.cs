using OpenCvSharp;
using PlateWeb.Recognition.Detection;
using PlateWeb.Recognition.Grammar;
using PlateWeb.Recognition.Pipeline;
using PlateWeb.Recognition.Video;

namespace PlateWeb.Recognition.Tests.Video;

public sealed class PassTrackerTests : IDisposable
{
    private static readonly DateTime T0 = new(2026, 12, 5, 8, 0, 0, DateTimeKind.Utc);
    private readonly Mat _frame = new(360, 640, MatType.CV_8UC3, Scalar.All(90));
    private readonly PlateGrammar _grammar = new();

    private static PlateRead Read(string text, float x, float confidence = 0.8f, float[]? chars = null)
    {
        var quad = new Quad(new PointF(x - 60, 200), new PointF(x + 60, 200), new PointF(x + 60, 226), new PointF(x - 60, 226));
        return new PlateRead(text, text, confidence, chars ?? Enumerable.Repeat(confidence, text.Length).ToArray(), [], quad,
            null, null, 0, null, text, []);
    }

    private PassTracker Tracker(PassTrackerSettings? settings = null) => new(settings ?? new PassTrackerSettings(), _grammar, "FR");

    [Fact]
    public void Tracker_OneVehicleAcrossFrames_OnePassWithVotedText()
    {
        using var tracker = Tracker();
        var done = new List<CompletedPass>();
        // Two frames misread one character each (O for 0, 8 for B); the other frames agree.
        string[] texts = ["AB123CD", "A8123CD", "AB123CD", "AB12JCD", "AB123CD"];
        for (var i = 0; i < texts.Length; i++)
        {
            done.AddRange(tracker.Observe(T0.AddMilliseconds(200 * i), _frame, [Read(texts[i], 100 + 80 * i)]));
        }
        for (var i = 0; i < 3; i++) done.AddRange(tracker.Observe(T0.AddMilliseconds(1000 + 200 * i), _frame, []));

        var pass = Assert.Single(done);
        Assert.Equal("AB123CD", pass.Voted.Text);
        Assert.Equal("AB-123-CD", pass.Voted.DisplayText);
        Assert.Equal(5, pass.Reads.Count);
        Assert.Equal("right", pass.Direction);
        Assert.Equal(T0, pass.StartedAt);
        Assert.Equal(T0.AddMilliseconds(800), pass.EndedAt);
        Assert.Equal(7, pass.Voted.CharConfidences.Count);
        // Position 1: four of five frames said B, so its confidence is 4/5 of theirs.
        Assert.Equal(0.8f * 4 / 5, pass.Voted.CharConfidences[1], 3);
        Assert.Equal(0.8f, pass.Voted.CharConfidences[0], 3);
        Assert.Equal(_frame.Size(), pass.BestFrame.Size());
        pass.Dispose();
    }

    [Fact]
    public void Tracker_TwoVehiclesInOneFrame_TwoPasses()
    {
        using var tracker = Tracker();
        var done = new List<CompletedPass>();
        for (var i = 0; i < 4; i++)
        {
            done.AddRange(tracker.Observe(T0.AddMilliseconds(200 * i), _frame, [Read("AB123CD", 100 + 20 * i), Read("GH456JK", 500 - 20 * i)]));
        }
        done.AddRange(tracker.Flush());
        Assert.Equal(["AB123CD", "GH456JK"], done.Select(p => p.Voted.Text).Order());
        Assert.Equal("left", done.Single(p => p.Voted.Text == "GH456JK").Direction);
        foreach (var p in done) p.Dispose();
    }

    [Fact]
    public void Tracker_VehicleStopsInView_OnePass()
    {
        using var tracker = Tracker(new PassTrackerSettings { MaxOpen = TimeSpan.FromSeconds(5) });
        var done = new List<CompletedPass>();
        // Arrives, stops for a minute (read whenever something else moves), is hidden for a few frames, drives off.
        for (var i = 0; i < 300; i++)
        {
            var hidden = i is >= 100 and < 104;
            done.AddRange(tracker.Observe(T0.AddMilliseconds(200 * i), _frame, hidden ? [] : [Read("AB123CD", 320)]));
        }
        for (var i = 0; i < 3; i++) done.AddRange(tracker.Observe(T0.AddSeconds(61 + i), _frame, []));
        done.AddRange(tracker.Flush());
        var pass = Assert.Single(done);
        Assert.Equal("AB123CD", pass.Voted.Text);
        Assert.Null(pass.Direction);
        pass.Dispose();
    }

    [Fact]
    public void Tracker_VehicleLeavesThenSceneStill_PassEnds()
    {
        using var tracker = Tracker();
        var done = new List<CompletedPass>();
        for (var i = 0; i < 3; i++) done.AddRange(tracker.Observe(T0.AddMilliseconds(200 * i), _frame, [Read("AB123CD", 100 + 100 * i)]));
        // The frame where it left is read (it moved); after it nothing moves, so frames are skipped as still.
        done.AddRange(tracker.Observe(T0.AddMilliseconds(600), _frame, []));
        done.AddRange(tracker.Unchanged(T0.AddMilliseconds(800)));
        Assert.Empty(done);
        done.AddRange(tracker.Unchanged(T0.AddMilliseconds(1000)));
        Assert.Single(done).Dispose();
    }

    [Fact]
    public void Tracker_StoppedVehicleSceneStill_PassStaysOpen()
    {
        using var tracker = Tracker();
        for (var i = 0; i < 3; i++) Assert.Empty(tracker.Observe(T0.AddMilliseconds(200 * i), _frame, [Read("AB123CD", 320)]));
        for (var i = 0; i < 50; i++) Assert.Empty(tracker.Unchanged(T0.AddSeconds(1 + i)));
        Assert.Equal(1, tracker.OpenCount);
    }

    [Fact]
    public void Tracker_SingleStrayRead_NoPass()
    {
        using var tracker = Tracker();
        var done = new List<CompletedPass>(tracker.Observe(T0, _frame, [Read("XY999ZZ", 300)]));
        for (var i = 1; i <= 3; i++) done.AddRange(tracker.Observe(T0.AddMilliseconds(200 * i), _frame, []));
        Assert.Empty(done);
        Assert.Equal(0, tracker.OpenCount);
    }

    [Fact]
    public void Tracker_SamePlateAfterRepeatWindow_SecondPass()
    {
        using var tracker = Tracker(new PassTrackerSettings { Repeat = TimeSpan.FromSeconds(10) });
        var done = new List<CompletedPass>();
        foreach (var start in new[] { T0, T0.AddSeconds(60) })
        {
            for (var i = 0; i < 3; i++) done.AddRange(tracker.Observe(start.AddMilliseconds(200 * i), _frame, [Read("AB123CD", 100 + 100 * i)]));
            for (var i = 3; i < 6; i++) done.AddRange(tracker.Observe(start.AddMilliseconds(200 * i), _frame, []));
        }
        Assert.Equal(2, done.Count);
        foreach (var p in done) p.Dispose();
    }

    [Fact]
    public void Vote_LengthByWeightThenCharacters()
    {
        PlateRead[] reads =
        [
            Read("AB123CD", 0, 0.9f),
            Read("AB123C", 0, 0.3f),
            Read("AB128CD", 0, 0.5f, [0.9f, 0.9f, 0.9f, 0.9f, 0.2f, 0.9f, 0.9f]),
            Read("AB123CD", 0, 0.6f),
        ];
        var (voted, best) = PassVote.Vote(reads, _grammar, "FR");
        Assert.Equal("AB123CD", voted.Text);
        Assert.Same(reads[0], best);
        Assert.InRange(voted.CharConfidences[4], 0.4f, 0.6f);
        Assert.Equal("AB123CD", voted.Candidates[0].Text);
    }

    public void Dispose() => _frame.Dispose();
}
