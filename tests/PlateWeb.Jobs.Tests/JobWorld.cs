using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PlateWeb.Data;
using PlateWeb.Data.Storage;
using PlateWeb.Recognition.Synthesis;

namespace PlateWeb.Jobs.Tests;

/// <summary>The shared node of the test collection; the tests run one after the other (two cores, recognition is CPU work).</summary>
public sealed class SharedRabbitMq : IAsyncLifetime
{
    public RabbitMqNode Node { get; private set; } = null!;

    public async Task InitializeAsync() => Node = await RabbitMqNode.StartAsync();

    public async Task DisposeAsync() => await Node.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class RabbitMqCollection : ICollectionFixture<SharedRabbitMq>
{
    public const string Name = "rabbitmq";
}

/// <summary>
/// One test's world: a data folder (SQLite, migrated before any worker starts, as an installed web app leaves it), queue
/// names of its own on the node, a "web node" that publishes (the real <see cref="JobClient"/> and <see cref="JobSpool"/>)
/// and collects replies, and workers as in-process hosts or as `platectl worker` processes.
/// </summary>
public sealed class JobWorld : IAsyncDisposable
{
    private readonly List<IHost> _hosts = [];
    private readonly ServiceProvider _web;

    private JobWorld(RabbitMqNode node, string data, StandaloneData store)
    {
        Node = node;
        DataDirectory = data;
        Store = store;
        var suffix = Guid.NewGuid().ToString("N")[..8];
        Settings = new Dictionary<string, string?>
        {
            ["Data:DataDirectory"] = data,
            ["Queue:Provider"] = "RabbitMq",
            ["Queue:RabbitMq:Uri"] = node.Uri,
            ["Queue:RabbitMq:JobsQueue"] = $"plateweb.jobs.{suffix}",
            ["Queue:RabbitMq:DeadLetterQueue"] = $"plateweb.jobs.{suffix}.dead",
            ["Queue:RabbitMq:DeadLetterExchange"] = $"plateweb.jobs.{suffix}.dlx",
            ["Queue:RabbitMq:Prefetch"] = "4",
            ["Queue:RabbitMq:Concurrency"] = "1",
            ["Queue:RabbitMq:ResultTimeoutSeconds"] = "240",
        };
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(Settings).Build());
        services.AddLogging();
        services.AddOptions<DataOptions>().BindConfiguration(DataOptions.Section);
        services.AddJobQueue();
        services.AddSingleton<IJobReplyHandler>(Replies);
        _web = services.BuildServiceProvider();
    }

    public RabbitMqNode Node { get; }

    public string DataDirectory { get; }

    public StandaloneData Store { get; }

    /// <summary>The configuration every part of this world reads (the web node's, the workers').</summary>
    public Dictionary<string, string?> Settings { get; }

    public ReplyLog Replies { get; } = new();

    public JobClient Client => _web.GetRequiredService<JobClient>();

    public JobSpool Spool => _web.GetRequiredService<JobSpool>();

    public RabbitMqBroker Broker => _web.GetRequiredService<RabbitMqBroker>();

    /// <summary>The web node's poller over this world's store (a host would run it every few seconds).</summary>
    public JobReplyPoller Poller => new(Client, Store.Store, _web.GetRequiredService<Microsoft.Extensions.Options.IOptions<QueueOptions>>(),
        TimeProvider.System, NullLogger<JobReplyPoller>.Instance);

    public static async Task<JobWorld> CreateAsync(RabbitMqNode node)
    {
        var data = Directory.CreateTempSubdirectory("plateweb-jobs-").FullName;
        var store = await StandaloneData.OpenAsync(new DataOptions { DataDirectory = data }, NullLoggerFactory.Instance, CancellationToken.None);
        var world = new JobWorld(node, data, store);
        await world.Client.StartAsync(CancellationToken.None);
        return world;
    }

    /// <summary>As the web node does: the image to the spool, then the confirmed message.</summary>
    public async Task<JobMessage> PublishAsync(string fileName, byte[] bytes)
    {
        var sha = await Spool.WriteAsync(bytes, CancellationToken.None);
        var job = new JobMessage(Guid.NewGuid(), sha, fileName, DateTimeOffset.UtcNow);
        await Client.PublishAsync(job, CancellationToken.None);
        return job;
    }

    /// <summary>An in-process worker: the generic host with the registrations `platectl worker` uses.</summary>
    public async Task<JobCounter> StartWorkerAsync() => (await StartWorkerHostAsync()).Counter;

    /// <summary>An in-process worker with settings of its own over the world's (Worker:…); its host, to look inside and stop.</summary>
    public async Task<(IHost Host, JobCounter Counter)> StartWorkerHostAsync(IDictionary<string, string?>? extra = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = RepositoryRoot(), Args = [] });
        builder.Configuration.AddInMemoryCollection(Settings);
        if (extra is not null) builder.Configuration.AddInMemoryCollection(extra);
        builder.Logging.ClearProviders();
        var counter = new JobCounter();
        builder.Services.AddRecognitionEngine();
        builder.Services.AddPlateData();
        builder.Services.AddJobWorker();
        builder.Services.AddSingleton<IJobObserver>(counter);
        var host = builder.Build();
        try
        {
            await host.StartAsync();
        }
        catch
        {
            host.Dispose();
            throw;
        }
        _hosts.Add(host);
        return (host, counter);
    }

    /// <summary>Stops a worker started by <see cref="StartWorkerHostAsync"/> before the world ends, as Ctrl+C would.</summary>
    public async Task StopWorkerAsync(IHost host)
    {
        await host.StopAsync();
        _hosts.Remove(host);
        host.Dispose();
    }

    /// <summary>Images stored, by hash.</summary>
    public async Task<IReadOnlyList<string>> StoredHashesAsync()
    {
        await using var db = await Store.DbFactory.CreateDbContextAsync();
        return [.. db.Images.Select(i => i.Sha256)];
    }

    public async Task WaitUntilStoredAsync(IEnumerable<string> hashes, TimeSpan timeout)
    {
        var wanted = hashes.ToHashSet();
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var stored = await StoredHashesAsync();
            if (wanted.IsSubsetOf(stored)) return;
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{wanted.Count - wanted.Intersect(stored).Count()} of {wanted.Count} images not stored after {timeout.TotalSeconds} s.");
            }
            await Task.Delay(500);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.StopAsync();
            host.Dispose();
        }
        await _web.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A worker process still closing its database: left to the temp folder's cleaning.
        }
    }

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PlateWeb.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("PlateWeb.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Small plate pictures rendered here, each with its own text, so each has its own hash.</summary>
    public static IReadOnlyList<(string Name, byte[] Bytes)> Plates(int count, int seed)
    {
        var random = new Random(seed);
        const string letters = "ABCDEFGHJKLMNPQRSTVWXYZ";
        var images = new List<(string, byte[])>();
        for (var i = 0; i < count; i++)
        {
            var text = $"{letters[random.Next(letters.Length)]}{letters[random.Next(letters.Length)]}-{i % 1000:000}-{letters[random.Next(letters.Length)]}{letters[random.Next(letters.Length)]}";
            var spec = new SceneSpec(360, 200, [new ScenePlacement(new SyntheticPlate(text, PlateStyle.Eu), 180, 100, 250)], Seed: seed + i);
            using var scene = PlateRenderer.RenderScene(spec);
            images.Add(($"plate-{i}.jpg", scene.Encode(".jpg")));
        }
        return images;
    }
}

/// <summary>Replies that reached the test's web node, by job.</summary>
public sealed class ReplyLog : IJobReplyHandler
{
    private readonly ConcurrentDictionary<Guid, ConcurrentQueue<JobReply>> _replies = new();

    public Task HandleAsync(JobReply reply, CancellationToken ct)
    {
        _replies.GetOrAdd(reply.JobId, _ => new ConcurrentQueue<JobReply>()).Enqueue(reply);
        return Task.CompletedTask;
    }

    public IReadOnlyList<JobReply> Of(Guid jobId) => _replies.TryGetValue(jobId, out var q) ? [.. q] : [];

    public async Task WaitForAllAsync(IEnumerable<Guid> jobs, TimeSpan timeout)
    {
        var ids = jobs.ToList();
        var deadline = DateTime.UtcNow + timeout;
        while (ids.Any(id => !_replies.ContainsKey(id)))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{ids.Count(id => !_replies.ContainsKey(id))} of {ids.Count} jobs without a reply after {timeout.TotalSeconds} s.");
            }
            await Task.Delay(250);
        }
    }
}

/// <summary>What one in-process worker did.</summary>
public sealed class JobCounter : IJobObserver
{
    private int _recognised;
    private int _finished;

    public int Recognised => _recognised;

    public int FinishedCount => _finished;

    public void Finished(JobMessage job, JobResult result)
    {
        Interlocked.Increment(ref _finished);
        if (result.Recognised) Interlocked.Increment(ref _recognised);
    }
}
