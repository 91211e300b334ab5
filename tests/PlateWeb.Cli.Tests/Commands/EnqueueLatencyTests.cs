using PlateWeb.Cli.Commands;
using PlateWeb.Jobs;

namespace PlateWeb.Cli.Tests.Commands;

/// <summary>The latencies `platectl enqueue --wait` prints from the workers' replies.</summary>
public sealed class EnqueueLatencyTests
{
    [Fact]
    public void Percentile_NearestRank()
    {
        double[] sorted = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
        Assert.Equal(50, EnqueueCommand.ReplyCounter.Percentile(sorted, 0.50));
        Assert.Equal(100, EnqueueCommand.ReplyCounter.Percentile(sorted, 0.95));
        Assert.Equal(10, EnqueueCommand.ReplyCounter.Percentile(sorted, 0.0));
        Assert.Equal(7, EnqueueCommand.ReplyCounter.Percentile([7], 0.95));
    }

    [Fact]
    public async Task Latencies_FromTheWorkersTimings_QueueAndWorkSeparately()
    {
        var counter = new EnqueueCommand.ReplyCounter();
        for (var i = 1; i <= 20; i++)
        {
            var id = Guid.NewGuid();
            counter.Published(id);
            await counter.HandleAsync(new JobReply(id, new string('a', 64), JobOutcome.Stored, i, QueuedMs: i, WorkMs: 100 + i), CancellationToken.None);
        }

        Assert.Equal(20, counter.Count);
        Assert.Equal(20, counter.Outcomes[JobOutcome.Stored]);
        var line = counter.Latencies();
        Assert.Contains("in the queue p50 10.0 ms, p95 19.0 ms", line);
        Assert.Contains("at the worker p50 110.0 ms, p95 119.0 ms", line);
        Assert.StartsWith("round trip p50 ", line);
        Assert.True(await counter.WaitForAsync(20, TimeSpan.FromSeconds(1)));
        Assert.False(await counter.WaitForAsync(21, TimeSpan.FromMilliseconds(50)));
    }

    [Fact]
    public async Task Latencies_RepliesWithoutTimings_OnlyTheRoundTrip()
    {
        var counter = new EnqueueCommand.ReplyCounter();
        var id = Guid.NewGuid();
        counter.Published(id);
        await counter.HandleAsync(new JobReply(id, new string('b', 64), JobOutcome.AlreadyStored, 3), CancellationToken.None);

        var line = counter.Latencies();
        Assert.StartsWith("round trip p50 ", line);
        Assert.DoesNotContain("queue", line);
        Assert.DoesNotContain("worker", line);
    }
}
