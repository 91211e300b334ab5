using RabbitMQ.Client;

namespace PlateWeb.Jobs.Tests;

/// <summary>Jobs through a real RabbitMQ node to real workers (the engine, SQLite), in process and as `platectl worker` processes.</summary>
[Collection(RabbitMqCollection.Name)]
public sealed class JobQueueTests(SharedRabbitMq rabbit)
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task TwoWorkers_SixtyJobs_EachImageReadOnceNoneLost()
    {
        await using var world = await JobWorld.CreateAsync(rabbit.Node);
        var first = await world.StartWorkerAsync();
        var second = await world.StartWorkerAsync();
        var images = JobWorld.Plates(60, seed: 11);

        var jobs = new List<JobMessage>();
        foreach (var (name, bytes) in images) jobs.Add(await world.PublishAsync(name, bytes));
        await world.Replies.WaitForAllAsync(jobs.Select(j => j.JobId), Patience);

        var stored = await world.StoredHashesAsync();
        Assert.Equal(jobs.Select(j => j.Sha256).Order(), stored.Order());
        Assert.All(jobs, j => Assert.Equal(JobOutcome.Stored, Assert.Single(world.Replies.Of(j.JobId)).Outcome));
        // Read exactly once: no job ran the recognizer on both workers.
        Assert.Equal(60, first.Recognised + second.Recognised);
        Assert.True(first.Recognised > 0 && second.Recognised > 0, $"one worker did everything ({first.Recognised} / {second.Recognised})");
        var depth = await world.Broker.DepthAsync(CancellationToken.None);
        Assert.Equal(0u, depth.Waiting);
        Assert.Equal(0u, depth.DeadLettered);
        // Each image left the spool once stored.
        Assert.All(jobs, j => Assert.False(File.Exists(world.Spool.PathFor(j.Sha256))));
    }

    [Fact]
    public async Task SameImageTwice_SecondJobAnsweredFromTheStore()
    {
        await using var world = await JobWorld.CreateAsync(rabbit.Node);
        var worker = await world.StartWorkerAsync();
        var (name, bytes) = JobWorld.Plates(1, seed: 5)[0];

        var once = await world.Client.RequestAsync(await SpoolAsync(world, name, bytes), CancellationToken.None);
        var twice = await world.Client.RequestAsync(await SpoolAsync(world, name, bytes), CancellationToken.None);

        Assert.Equal(JobOutcome.Stored, once.Outcome);
        Assert.Equal(JobOutcome.AlreadyStored, twice.Outcome);
        Assert.Equal(once.ImageId, twice.ImageId);
        Assert.Equal(1, worker.Recognised);
        // The worker says how long the job waited and how long it worked on it (platectl enqueue's latencies).
        Assert.All(new[] { once, twice }, r => Assert.True(r.QueuedMs >= 0 && r.WorkMs > 0, $"queued {r.QueuedMs}, work {r.WorkMs}"));
    }

    [Fact]
    public async Task CorruptImage_IsRefusedAndDeadLettered()
    {
        await using var world = await JobWorld.CreateAsync(rabbit.Node);
        await world.StartWorkerAsync();
        // A JPEG header and then noise: sniffed as JPEG, undecodable.
        var corrupt = new byte[] { 0xFF, 0xD8, 0xFF, 0xE0 }.Concat(Enumerable.Range(0, 4000).Select(i => (byte)(i * 37))).ToArray();

        var reply = await world.Client.RequestAsync(await SpoolAsync(world, "broken.jpg", corrupt), CancellationToken.None);

        Assert.Equal(JobOutcome.Refused, reply.Outcome);
        Assert.NotNull(reply.ErrorKind);
        Assert.Empty(await world.StoredHashesAsync());
        var depth = await WaitForDeadLettersAsync(world, 1);
        Assert.Equal(1u, depth.DeadLettered);
        Assert.Equal(0u, depth.Waiting);
    }

    [Fact]
    public async Task JobReturnedMaxDeliveriesTimes_TheBrokerDeadLettersIt()
    {
        // What a worker that crashes on an image (a native fault) looks like to the broker: the job comes back, unacked.
        await using var world = await JobWorld.CreateAsync(rabbit.Node);
        var (name, bytes) = JobWorld.Plates(1, seed: 7)[0];
        await world.PublishAsync(name, bytes);
        var connection = await world.Broker.ConnectAsync("test", CancellationToken.None);
        await using var channel = await connection.CreateChannelAsync();
        var queue = world.Broker.Options.JobsQueue;

        var counts = new List<long>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var got = await channel.BasicGetAsync(queue, autoAck: false);
            if (got is null)
            {
                if ((await world.Broker.DepthAsync(CancellationToken.None)).DeadLettered == 1) break;
                await Task.Delay(100);
                continue;
            }
            counts.Add(got.BasicProperties.Headers?.TryGetValue("x-delivery-count", out var c) == true ? Convert.ToInt64(c, System.Globalization.CultureInfo.InvariantCulture) : 0);
            await channel.BasicNackAsync(got.DeliveryTag, multiple: false, requeue: true);
        }

        Assert.Equal([0L, 1L, 2L], counts);
        Assert.Equal(1u, (await world.Broker.DepthAsync(CancellationToken.None)).DeadLettered);
    }

    [Fact]
    public async Task TwoWorkerProcesses_OneKilledMidRun_TheOtherFinishesItsJobs()
    {
        await using var world = await JobWorld.CreateAsync(rabbit.Node);
        using var doomed = WorkerProcess.Start(world);
        using var survivor = WorkerProcess.Start(world);
        await doomed.WaitUntilConsumingAsync(TimeSpan.FromMinutes(2));
        await survivor.WaitUntilConsumingAsync(TimeSpan.FromMinutes(2));
        var images = JobWorld.Plates(60, seed: 23);

        var jobs = new List<JobMessage>();
        foreach (var (name, bytes) in images) jobs.Add(await world.PublishAsync(name, bytes));
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (doomed.Jobs.Count < 5 && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.True(doomed.Jobs.Count >= 5, "the first worker finished no jobs:\n" + doomed.Log);
        doomed.KillHard();
        var doneBeforeKill = doomed.Jobs.Count;

        await world.Replies.WaitForAllAsync(jobs.Select(j => j.JobId), Patience);

        var stored = await world.StoredHashesAsync();
        Assert.Equal(jobs.Select(j => j.Sha256).Order(), stored.Order());
        Assert.True(doneBeforeKill < 60, "the killed worker had finished everything before it was killed");
        Assert.True(survivor.Jobs.Count >= 60 - doneBeforeKill, survivor.Log);
        // At least once, and at most the killed worker's prefetch read twice (those it read but never acknowledged).
        var recognised = doomed.Recognised + survivor.Recognised;
        Assert.InRange(recognised, 60, 60 + 4);
        var depth = await world.Broker.DepthAsync(CancellationToken.None);
        Assert.Equal(0u, depth.Waiting);
        Assert.Equal(0u, depth.DeadLettered);
    }

    private static async Task<JobMessage> SpoolAsync(JobWorld world, string name, byte[] bytes) =>
        new(Guid.NewGuid(), await world.Spool.WriteAsync(bytes, CancellationToken.None), name, DateTimeOffset.UtcNow);

    private static async Task<QueueDepth> WaitForDeadLettersAsync(JobWorld world, uint count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var depth = await world.Broker.DepthAsync(CancellationToken.None);
            if (depth.DeadLettered >= count || DateTime.UtcNow > deadline) return depth;
            await Task.Delay(100);
        }
    }
}
