using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PlateWeb.Data;
using PlateWeb.Data.Entities;
using PlateWeb.Recognition.Synthesis;
using PlateWeb.Web.Features.Cameras;
using PlateWeb.Web.Tests.Integration;

namespace PlateWeb.Web.Tests.Cameras;

/// <summary>The real app with one camera declared in its settings, and what the camera tests look at.</summary>
public sealed class CameraHost : IAsyncDisposable
{
    private readonly PlateWebFactory _root = new();
    private readonly Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> _app;

    public CameraHost(IReadOnlyDictionary<string, string> settings)
    {
        _app = _root.WithWebHostBuilder(b =>
        {
            b.UseSetting("Cameras:ReconnectMinSeconds", "0.2");
            b.UseSetting("Cameras:ReconnectMaxSeconds", "1");
            b.UseSetting("Cameras:FolderPollSeconds", "0.1");
            // The pages are not looked at here: rendering them all at the start would only take the reader's cores.
            b.UseSetting("Web:WarmUpPages", "false");
            foreach (var (k, v) in settings) b.UseSetting(k, v);
            b.ConfigureLogging(l => l.AddProvider(Logs));
        });
    }

    public IServiceProvider Services => _app.Services;

    public LogCapture Logs { get; } = new();

    public string DataDirectory => _root.DataDirectory;

    // Three seconds in view each: a loaded test machine still analyses a few frames of every vehicle.
    public static readonly LaneVehicle[] ThreeVehicles =
    [
        new(new SyntheticPlate("AB-123-CD", PlateStyle.Eu), CrossFrames: 30),
        new(new SyntheticPlate("GH-456-JK", PlateStyle.Eu), CrossFrames: 30),
        new(new SyntheticPlate("LM-789-NP", PlateStyle.Eu), CrossFrames: 30),
    ];

    public async Task<List<VehiclePass>> PassesAsync()
    {
        var factory = Services.GetRequiredService<IDbContextFactory<PlateDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        return await db.VehiclePasses.AsNoTracking().OrderBy(p => p.Id).ToListAsync();
    }

    public async Task<int> CameraIdAsync(string name)
    {
        var factory = Services.GetRequiredService<IDbContextFactory<PlateDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        for (var i = 0; i < 100; i++)
        {
            if (await db.Cameras.AsNoTracking().SingleOrDefaultAsync(c => c.Name == name) is { } c) return c.Id;
            await Task.Delay(100);
        }
        throw new TimeoutException("The camera was not added");
    }

    /// <summary>Waits until <paramref name="done"/> holds, up to <paramref name="seconds"/>; the last value either way.</summary>
    public static async Task<T> WaitForAsync<T>(Func<Task<T>> probe, Func<T, bool> done, double seconds)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        T value;
        do
        {
            value = await probe();
            if (done(value)) return value;
            await Task.Delay(200);
        }
        while (DateTime.UtcNow < until);
        return value;
    }

    public CameraStatus Status(int cameraId) => Services.GetRequiredService<CameraBoard>().StatusOf(cameraId);

    /// <summary>For a failed assertion: the camera's status and the cameras' log lines, each distinct line once with its count.</summary>
    public string Diagnosis(int cameraId) =>
        $"{Status(cameraId)}\n" + string.Join("\n", Logs.Entries
            .Where(e => e.Category.Contains("Camera", StringComparison.Ordinal))
            .GroupBy(e => e.Message + e.Exception?.Message).Select(g => $"{g.Count()} x {g.Key}"));

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _root.DisposeAsync();
    }
}
