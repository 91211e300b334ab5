namespace PlateWeb.Jobs.Tests;

/// <summary>A broker restarted while jobs wait and workers read: persistent messages on a quorum queue survive it.</summary>
[Collection(RabbitMqCollection.Name)]
public sealed class BrokerRestartTests
{
    [Fact]
    public async Task BrokerRestartMidRun_NoJobLost()
    {
        // A node of its own: restarting the collection's node would cut the other tests' connections.
        await using var node = await RabbitMqNode.StartAsync();
        await using var world = await JobWorld.CreateAsync(node);
        var worker = await world.StartWorkerAsync();
        var images = JobWorld.Plates(40, seed: 31);

        var jobs = new List<JobMessage>();
        foreach (var (name, bytes) in images.Take(20)) jobs.Add(await world.PublishAsync(name, bytes));
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (worker.FinishedCount < 3 && DateTime.UtcNow < deadline) await Task.Delay(50);
        var restart = node.RestartAsync();
        // Published while the broker goes down and comes back: the client waits and publishes again until confirmed.
        foreach (var (name, bytes) in images.Skip(20)) jobs.Add(await world.PublishAsync(name, bytes));
        await restart;

        // Replies sent while the broker was down are lost with its connections; the store is the truth.
        await world.WaitUntilStoredAsync(jobs.Select(j => j.Sha256), TimeSpan.FromMinutes(4));
        var stored = await world.StoredHashesAsync();
        Assert.Equal(jobs.Select(j => j.Sha256).Distinct().Order(), stored.Order());
        // Each job is answered all the same: by its reply, or, where that was lost, by the poller finding its image stored.
        var poller = world.Poller;
        var answered = DateTime.UtcNow.AddMinutes(1);
        while (jobs.Any(j => world.Replies.Of(j.JobId).Count == 0) && DateTime.UtcNow < answered)
        {
            await poller.PollOnceAsync(CancellationToken.None);
            await Task.Delay(500);
        }
        Assert.All(jobs, j => Assert.Contains(world.Replies.Of(j.JobId), r => r.Outcome is JobOutcome.Stored or JobOutcome.AlreadyStored && r.ImageId is not null));
        Assert.Empty(world.Client.Unanswered);
        var depth = await WaitForEmptyAsync(world);
        Assert.Equal(0u, depth.Waiting);
        Assert.Equal(0u, depth.DeadLettered);
    }

    private static async Task<QueueDepth> WaitForEmptyAsync(JobWorld world)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var depth = await world.Broker.DepthAsync(CancellationToken.None);
            if (depth.Waiting == 0 || DateTime.UtcNow > deadline) return depth;
            await Task.Delay(200);
        }
    }
}
