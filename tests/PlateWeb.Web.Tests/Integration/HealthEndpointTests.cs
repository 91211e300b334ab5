using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace PlateWeb.Web.Tests.Integration;

/// <summary>GET /health on the real app: database, OCR model and chat model, each with its status in words (for admins).</summary>
public sealed class HealthEndpointTests : IAsyncLifetime
{
    private readonly PlateWebFactory _factory = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Health_FreshApp_ReportsEachPartToAnAdmin()
    {
        using var client = await _factory.CreateSignedInClientAsync();

        using var response = await client.GetAsync(new Uri("/health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var checks = json.RootElement.GetProperty("checks");
        Assert.Equal("Healthy", checks.GetProperty("database").GetProperty("status").GetString());
        Assert.Equal("0 images stored", checks.GetProperty("database").GetProperty("description").GetString());
        Assert.Equal("Healthy", checks.GetProperty("storage").GetProperty("status").GetString());
        Assert.Contains("MB free", checks.GetProperty("storage").GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal("Healthy", checks.GetProperty("tessdata").GetProperty("status").GetString());
        Assert.Contains("tessdata", checks.GetProperty("tessdata").GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.True(checks.TryGetProperty("model", out var model));
        Assert.NotEmpty(model.GetProperty("description").GetString()!);
        Assert.Contains(json.RootElement.GetProperty("status").GetString(), new[] { "Healthy", "Degraded" });
    }

    [Fact]
    public async Task Health_WorkerHeartbeats_ListedToAnAdminWithTheirState()
    {
        using var client = await _factory.CreateSignedInClientAsync();
        var directory = _factory.Services.GetRequiredService<PlateWeb.Data.Workers.WorkerDirectory>();
        var started = DateTime.UtcNow.AddMinutes(-5);
        var id = await directory.RegisterAsync(new PlateWeb.Data.Workers.WorkerIdentity("ocr-1", "worker-a", 4242, "1.0.0", started), 15, CancellationToken.None);
        await directory.BeatAsync(id, new PlateWeb.Data.Workers.WorkerCounters(12, 1, DateTime.UtcNow), CancellationToken.None);

        using var json = JsonDocument.Parse(await client.GetStringAsync(new Uri("/health", UriKind.Relative)));
        var workers = json.RootElement.GetProperty("checks").GetProperty("workers");
        var worker = workers.GetProperty("data").GetProperty("workers").EnumerateArray().Single();

        Assert.Equal("1 workers connected, 0 gone", workers.GetProperty("description").GetString());
        Assert.Equal(1, workers.GetProperty("data").GetProperty("connected").GetInt32());
        Assert.Equal(("ocr-1", "worker-a", 4242, "connected"), (worker.GetProperty("name").GetString(), worker.GetProperty("host").GetString(),
            worker.GetProperty("processId").GetInt32(), worker.GetProperty("state").GetString()));
        Assert.Equal((12, 1), (worker.GetProperty("jobsDone").GetInt32(), worker.GetProperty("jobsFailed").GetInt32()));
        // Anonymous probes get the status only.
        using var anonymous = _factory.CreateClient();
        using var bare = JsonDocument.Parse(await anonymous.GetStringAsync(new Uri("/health", UriKind.Relative)));
        Assert.False(bare.RootElement.TryGetProperty("checks", out _));
    }

    [Fact]
    public async Task Health_ImagesFolderThatCannotBeWritten_IsUnhealthy503()
    {
        // Every upload failed with a 500 while /health said Healthy. Tests run as root, where a chmod
        // would not stop a write: the folder is replaced by a file, which no file can be written into.
        using var client = await _factory.CreateSignedInClientAsync();
        var images = Path.Combine(_factory.DataDirectory, "images");
        Directory.Delete(images, recursive: true);
        await File.WriteAllTextAsync(images, "not a folder");

        using var response = await client.GetAsync(new Uri("/health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var storage = json.RootElement.GetProperty("checks").GetProperty("storage");
        Assert.Equal("Unhealthy", storage.GetProperty("status").GetString());
        Assert.Contains("cannot be written", storage.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal("Healthy", json.RootElement.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Health_DatabaseFileReplacedByGarbage_IsUnhealthy503()
    {
        // A monitor's view (anonymous): a signed-in browser cannot even be recognised without the database.
        using var client = _factory.CreateClient();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var db = Path.Combine(_factory.DataDirectory, "plateweb.db");
        foreach (var f in new[] { db, db + "-wal", db + "-shm" }.Where(File.Exists)) File.Delete(f);
        await File.WriteAllTextAsync(db, new string('x', 4096));

        using var response = await client.GetAsync(new Uri("/health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Unhealthy", json.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Health_Anonymous_GetsTheStatusOnly()
    {
        // Anonymously, /health told the image count, free space and the models' paths on disk.
        using var client = _factory.CreateClient();

        using var response = await client.GetAsync(new Uri("/health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(text);
        Assert.Equal(["status"], json.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.DoesNotContain("images stored", text, StringComparison.Ordinal);
        Assert.DoesNotContain("/", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_Viewer_GetsTheStatusOnly()
    {
        using (var scope = _factory.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Microsoft.AspNetCore.Identity.IdentityUser>>();
            Assert.Empty(await PlateWeb.Web.Features.Account.AccountService.CreateUserAsync(users, "viewer1", "viewer password", PlateWeb.Web.Features.Account.Roles.Viewer));
        }
        using var client = await _factory.CreateSignedInClientAsync("viewer1", "viewer password");

        using var json = JsonDocument.Parse(await client.GetStringAsync(new Uri("/health", UriKind.Relative)));

        Assert.False(json.RootElement.TryGetProperty("checks", out _));
    }
}
