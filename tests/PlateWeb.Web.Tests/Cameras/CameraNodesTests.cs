using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using PlateWeb.Data.Tests;
using PlateWeb.Web.EndToEndTests;
using PlateWeb.Web.Features.Cameras;
using PlateWeb.Jobs.Hosting;
using PlateWeb.Web.Tests.Integration;

namespace PlateWeb.Web.Tests.Cameras;

/// <summary>
/// Cameras on two web nodes (one PostgreSQL database, a throwaway Redis, real folder camera): the camera runs on
/// exactly one node, its snapshots are read once, and when that node stops the other takes the camera over.
/// </summary>
public sealed class CameraNodesTests : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("plateweb-camera-nodes-").FullName;
    private RedisServer _redis = null!;
    private string _database = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _database = await (await PostgresCluster.SharedAsync()).CreateDatabaseAsync("camera_nodes_" + Guid.NewGuid().ToString("N")[..8]);
    }

    public async Task DisposeAsync()
    {
        await _redis.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task FolderCamera_TwoNodes_RunsOnOneReadsEachSnapshotOnce_TheOtherTakesOverWhenItStops()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_root, "yard")).FullName;
        // Node A declares the camera in its settings; node B finds it in the database on its next look.
        var nodeA = new NodeFactory(Path.Combine(_root, "a"), _database, _redis.Connection, new Dictionary<string, string>
        {
            ["Cameras:Sources:0:Name"] = "Yard",
            ["Cameras:Sources:0:Source"] = folder,
            ["Cameras:Sources:0:Kind"] = "Folder",
            ["Cameras:Sources:0:AfterRead"] = "Move",
        });
        _ = nodeA.Services;
        var nodeB = new NodeFactory(Path.Combine(_root, "b"), _database, _redis.Connection, new Dictionary<string, string>());
        try
        {
            _ = nodeB.Services;
            var supervisors = new[] { Supervisor(nodeA), Supervisor(nodeB) };
            var id = await CameraIdAsync(nodeA);

            // Over several lease renewals (0.5 s each), always exactly one node runs it once it has started.
            await CameraHost.WaitForAsync(() => Task.FromResult(supervisors.Sum(s => s.RunningCameras.Count(c => c == id))), n => n == 1, 30);
            for (var look = 0; look < 20; look++)
            {
                Assert.Equal(1, supervisors.Sum(s => s.RunningCameras.Count(c => c == id)));
                await Task.Delay(150);
            }
            var runner = supervisors[0].RunningCameras.Contains(id) ? nodeA : nodeB;
            var other = runner == nodeA ? nodeB : nodeA;
            Assert.StartsWith("Runs on another web node: ", Board(other).StatusOf(id).Reason, StringComparison.Ordinal);

            // Three snapshots: read once each, by the node that runs the camera.
            for (var n = 0; n < 3; n++)
            {
                var temp = Path.Combine(_root, $"snap-{n}.png");
                await File.WriteAllBytesAsync(temp, PlateWeb.Recognition.Tests.TestImages.SmallScene(".png"));
                File.Move(temp, Path.Combine(folder, $"snap-{n}.png"));
            }
            await CameraHost.WaitForAsync(() => Task.FromResult(Board(runner).StatusOf(id).FramesRead), r => r >= 3, 60);
            await Task.Delay(1000);
            Assert.Equal(3, Board(runner).StatusOf(id).FramesRead);
            Assert.Equal(0, Board(other).StatusOf(id).FramesRead);

            // The node that runs it stops: it lets the lease go and the other node starts the camera.
            await runner.DisposeAsync();
            var takenOver = await CameraHost.WaitForAsync(() => Task.FromResult(Supervisor(other).RunningCameras.Contains(id)), r => r, 15);
            Assert.True(takenOver, "the other node did not take the camera over");
        }
        finally
        {
            await nodeA.DisposeAsync();
            await nodeB.DisposeAsync();
        }
    }

    private static CameraSupervisor Supervisor(WebApplicationFactory<Program> node) => node.Services.GetRequiredService<CameraSupervisor>();

    private static CameraBoard Board(WebApplicationFactory<Program> node) => node.Services.GetRequiredService<CameraBoard>();

    private static async Task<int> CameraIdAsync(WebApplicationFactory<Program> node)
    {
        var store = node.Services.GetRequiredService<PlateWeb.Data.Cameras.CameraStore>();
        var camera = await CameraHost.WaitForAsync(async () => (await store.AllAsync(CancellationToken.None)).SingleOrDefault(c => c.Name == "Yard"), c => c is not null, 30);
        return camera?.Id ?? throw new TimeoutException("The camera was not added");
    }

    /// <summary>A web node: PostgreSQL, the key ring in the database (the camera's source is protected), Redis, short leases.</summary>
    private sealed class NodeFactory(string data, string database, string redis, IReadOnlyDictionary<string, string> settings) : WebApplicationFactory<Program>
    {
        private bool _disposed;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseContentRoot(ContentRootLocator.FindRepositoryRoot() ?? throw new InvalidOperationException("PlateWeb.sln not found"));
            builder.UseSetting("Data:DataDirectory", data);
            builder.UseSetting("Data:Provider", "Postgres");
            builder.UseSetting("Data:ConnectionString", database);
            builder.UseSetting("DataProtection:Keys", "Database");
            builder.UseSetting("Redis:Connection", redis);
            builder.UseSetting("Cameras:LeaseSeconds", "1.5");
            builder.UseSetting("Cameras:FolderPollSeconds", "0.1");
            builder.UseSetting("Upload:Workers", "1");
            builder.UseSetting("Auth:AdminUser", PlateWebFactory.AdminUser);
            builder.UseSetting("Auth:AdminPassword", PlateWebFactory.AdminPassword);
            builder.UseSetting("Chat:LoadAtStart", "false");
            builder.UseSetting("Web:WarmUpPages", "false");
            foreach (var (key, value) in settings) builder.UseSetting(key, value);
        }

        public override async ValueTask DisposeAsync()
        {
            if (_disposed) return;
            _disposed = true;
            await base.DisposeAsync();
        }
    }
}
