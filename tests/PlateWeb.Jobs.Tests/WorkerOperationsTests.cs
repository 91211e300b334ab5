using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PlateWeb.Data.Workers;
using RabbitMQ.Client;

namespace PlateWeb.Jobs.Tests;

/// <summary>
/// What admins and probes see of the workers, on a real RabbitMQ node, real workers and SQLite: each worker's heartbeat
/// row, a worker's own /health, and the dead letters with retry and discard.
/// </summary>
[Collection(RabbitMqCollection.Name)]
public sealed class WorkerOperationsTests(SharedRabbitMq rabbit)
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Worker_AnnouncesItself_CountsItsJobs_LeavesTheListWhenStopped()
    {
        await using var world = await JobWorld.CreateAsync(rabbit.Node);
        var directory = new WorkerDirectory(world.Store.DbFactory, TimeProvider.System);
        var (host, _) = await world.StartWorkerHostAsync(new Dictionary<string, string?>
        {
            ["Worker:Name"] = "ocr-test",
            ["Worker:HeartbeatSeconds"] = "1",
        });

        var announced = await WaitForAsync(directory, list => list.Count == 1);
        var (name, bytes) = JobWorld.Plates(1, seed: 31)[0];
        var reply = await world.Client.RequestAsync(await SpoolAsync(world, name, bytes), CancellationToken.None);
        var counted = await WaitForAsync(directory, list => list.Single().JobsDone == 1);

        var worker = announced.Single();
        Assert.Equal(JobOutcome.Stored, reply.Outcome);
        Assert.Equal(("ocr-test", Environment.MachineName, Environment.ProcessId, false), (worker.Name, worker.Host, worker.ProcessId, worker.Gone));
        Assert.Equal(WorkerStats.Version, worker.Version);
        Assert.Equal(0, counted.Single().JobsFailed);
        Assert.NotNull(counted.Single().LastJobAt);

        await world.StopWorkerAsync(host);
        Assert.Empty(await directory.ListAsync(CancellationToken.None));
    }

    [Fact]
    public async Task WorkerHealth_AnswersRoleQueueDatabaseAndJobs()
    {
        await using var world = await JobWorld.CreateAsync(rabbit.Node);
        var port = FreePort();
        await world.StartWorkerHostAsync(new Dictionary<string, string?> { ["Worker:HealthUrl"] = $"http://127.0.0.1:{port}" });
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        var before = await HealthAsync(http);
        var (name, bytes) = JobWorld.Plates(1, seed: 37)[0];
        await world.Client.RequestAsync(await SpoolAsync(world, name, bytes), CancellationToken.None);
        var after = await HealthAsync(http);
        using var elsewhere = await http.GetAsync(new Uri("/metrics", UriKind.Relative));

        Assert.Equal("Healthy", before.GetProperty("status").GetString());
        Assert.Equal("worker", before.GetProperty("role").GetString());
        Assert.True(before.GetProperty("queue").GetProperty("connected").GetBoolean());
        Assert.Equal(world.Broker.Options.JobsQueue, before.GetProperty("queue").GetProperty("queue").GetString());
        Assert.True(before.GetProperty("database").GetProperty("reachable").GetBoolean());
        Assert.Equal(0, before.GetProperty("jobsDone").GetInt64());
        Assert.Equal(JsonValueKind.Null, before.GetProperty("lastJobAt").ValueKind);
        Assert.Equal(1, after.GetProperty("jobsDone").GetInt64());
        Assert.Equal(JsonValueKind.String, after.GetProperty("lastJobAt").ValueKind);
        Assert.Equal(HttpStatusCode.NotFound, elsewhere.StatusCode);
    }

    [Fact]
    public async Task WorkerHealth_DatabaseGone_Answers503()
    {
        await using var world = await JobWorld.CreateAsync(rabbit.Node);
        var port = FreePort();
        var (host, _) = await world.StartWorkerHostAsync(new Dictionary<string, string?> { ["Worker:HealthUrl"] = $"http://0.0.0.0:{port}/" });
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        Assert.Equal("Healthy", (await HealthAsync(http)).GetProperty("status").GetString());

        // What a worker sees when the shared data folder's database goes away (an unmounted share).
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var database = Path.Combine(world.DataDirectory, "plateweb.db");
        File.Move(database, database + ".away");
        using var response = await http.GetAsync(new Uri("/health", UriKind.Relative));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        File.Move(database + ".away", database, overwrite: true);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Unhealthy", body.GetProperty("status").GetString());
        Assert.False(body.GetProperty("database").GetProperty("reachable").GetBoolean());
        Assert.True(body.GetProperty("queue").GetProperty("connected").GetBoolean());
        Assert.NotNull(host);
    }

    [Theory]
    [InlineData("ftp://127.0.0.1:8091")]
    [InlineData("http://127.0.0.1")]
    [InlineData("http://127.0.0.1:8091/status")]
    [InlineData("127.0.0.1:8091")]
    public async Task WorkerHealth_BadUrl_RefusedAtStartNamingTheKey(string url)
    {
        await using var world = await JobWorld.CreateAsync(rabbit.Node);

        var refused = await Assert.ThrowsAsync<OptionsValidationException>(
            () => world.StartWorkerHostAsync(new Dictionary<string, string?> { ["Worker:HealthUrl"] = url }));

        Assert.Contains("Worker:HealthUrl", refused.Message, StringComparison.Ordinal);
        Assert.Contains(url, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WorkerProcess_HealthUrlFlag_AnswersAndIsListed()
    {
        await using var world = await JobWorld.CreateAsync(rabbit.Node);
        var port = FreePort();
        using var process = WorkerProcess.Start(world, "--name", "ocr-process", "--health-url", $"http://127.0.0.1:{port}");
        await process.WaitUntilConsumingAsync(TimeSpan.FromMinutes(2));
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        var health = await HealthAsync(http, () => process.Log);
        var listed = await WaitForAsync(new WorkerDirectory(world.Store.DbFactory, TimeProvider.System), list => list.Count == 1);

        Assert.Equal("worker", health.GetProperty("role").GetString());
        Assert.Equal("ocr-process", health.GetProperty("name").GetString());
        Assert.Equal(process.Id, health.GetProperty("processId").GetInt32());
        Assert.Equal(("ocr-process", process.Id), (listed.Single().Name, listed.Single().ProcessId));
    }

    [Fact]
    public async Task DeadLetters_ListedWithReason_RetriedJobIsRead_DiscardedJobIsGone()
    {
        await using var world = await JobWorld.CreateAsync(rabbit.Node);
        var dead = new DeadLetterQueue(world.Broker, world.Spool, Microsoft.Extensions.Logging.Abstractions.NullLogger<DeadLetterQueue>.Instance);
        // A job whose worker keeps dying on it: delivered MaxDeliveries times, never answered.
        var (name, bytes) = JobWorld.Plates(1, seed: 41)[0];
        var crashing = await world.PublishAsync(name, bytes);
        await ReturnUntilDeadLetteredAsync(world);
        // A job refused by a worker: not an image.
        await world.StartWorkerAsync();
        var corrupt = new byte[] { 0xFF, 0xD8, 0xFF, 0xE0 }.Concat(Enumerable.Range(0, 4000).Select(i => (byte)(i * 37))).ToArray();
        var refused = await SpoolAsync(world, "broken.jpg", corrupt);
        Assert.Equal(JobOutcome.Refused, (await world.Client.RequestAsync(refused, CancellationToken.None)).Outcome);
        await WaitForDeadLettersAsync(world, 2);

        var listed = await dead.ListAsync(50, CancellationToken.None);
        var again = await dead.ListAsync(50, CancellationToken.None);

        Assert.Equal([crashing.JobId, refused.JobId], listed.Select(d => d.JobId));
        Assert.Equal(listed, again);
        var first = listed[0];
        Assert.Equal((DeadLetterReason.DeliveryLimit, crashing.Sha256, 3L, true), (first.Reason, first.Sha256, first.Deliveries, first.InSpool));
        Assert.NotNull(first.DeadLetteredAt);
        Assert.Equal((DeadLetterReason.Rejected, 1L), (listed[1].Reason, listed[1].Deliveries));

        // The worker that crashed is fixed: retry reads and stores the image, with a fresh count of deliveries.
        await dead.RetryAsync(first.Key, CancellationToken.None);
        await world.WaitUntilStoredAsync([crashing.Sha256], Patience);
        await dead.DiscardAsync(listed[1].Key, CancellationToken.None);

        Assert.Empty(await dead.ListAsync(50, CancellationToken.None));
        Assert.Equal(0u, (await world.Broker.DepthAsync(CancellationToken.None)).DeadLettered);
        Assert.False(File.Exists(world.Spool.PathFor(refused.Sha256)));
        var gone = await Assert.ThrowsAsync<DeadLetterException>(() => dead.DiscardAsync(listed[1].Key, CancellationToken.None));
        Assert.Contains("no longer in the queue", gone.Message, StringComparison.Ordinal);
    }

    private static async Task ReturnUntilDeadLetteredAsync(JobWorld world)
    {
        var connection = await world.Broker.ConnectAsync("test", CancellationToken.None);
        await using var channel = await connection.CreateChannelAsync();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await world.Broker.DepthAsync(CancellationToken.None)).DeadLettered == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the broker did not dead-letter the job");
            var got = await channel.BasicGetAsync(world.Broker.Options.JobsQueue, autoAck: false);
            if (got is null)
            {
                await Task.Delay(100);
                continue;
            }
            await channel.BasicNackAsync(got.DeliveryTag, multiple: false, requeue: true);
        }
    }

    private static async Task WaitForDeadLettersAsync(JobWorld world, uint count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await world.Broker.DepthAsync(CancellationToken.None)).DeadLettered < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"fewer than {count} dead letters");
            await Task.Delay(100);
        }
    }

    private static async Task<JobMessage> SpoolAsync(JobWorld world, string name, byte[] bytes) =>
        new(Guid.NewGuid(), await world.Spool.WriteAsync(bytes, CancellationToken.None), name, DateTimeOffset.UtcNow);

    /// <summary>The worker's answer once it is healthy: its queue connection is made after its host has started.</summary>
    private static async Task<JsonElement> HealthAsync(HttpClient http, Func<string>? log = null)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        var last = "no answer";
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await http.GetAsync(new Uri("/health", UriKind.Relative));
                var body = await response.Content.ReadFromJsonAsync<JsonElement>();
                if (response.StatusCode == HttpStatusCode.OK) return body;
                last = $"{(int)response.StatusCode} {body}";
            }
            catch (HttpRequestException ex)
            {
                last = ex.Message;
            }
            await Task.Delay(200);
        }
        Assert.Fail($"/health not healthy within a minute: {last}\n{log?.Invoke()}");
        return default;
    }

    private static async Task<IReadOnlyList<WorkerStatus>> WaitForAsync(WorkerDirectory directory, Func<IReadOnlyList<WorkerStatus>, bool> done)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var list = await directory.ListAsync(CancellationToken.None);
            if (done(list)) return list;
            Assert.True(DateTime.UtcNow < deadline, $"workers listed: {list.Count}");
            await Task.Delay(200);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
