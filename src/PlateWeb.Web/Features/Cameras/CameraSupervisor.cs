using System.Security.Cryptography;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using PlateWeb.Data.Cameras;
using PlateWeb.Data.Entities;
using PlateWeb.Jobs.UseCases;
using PlateWeb.Recognition.Pipeline;
using PlateWeb.Recognition.Video;

namespace PlateWeb.Web.Features.Cameras;

/// <summary>
/// Hosted: adds the cameras of appsettings.json, then runs one <see cref="CameraRunner"/> per enabled camera and
/// starts, stops or restarts them whenever a camera is saved or removed. A runner that throws is logged and
/// started again after a while; the others go on. With several web nodes only the node holding a camera's lease
/// (<see cref="ICameraLeases"/>) runs it; every node looks again every third of Cameras:LeaseSeconds, which renews its
/// leases, picks up cameras changed on another node and takes over those of a node that stopped.
/// </summary>
public sealed partial class CameraSupervisor(
    CameraStore cameras,
    CameraService service,
    CameraSecrets secrets,
    PlateRecognizer recognizer,
    PassStore passes,
    CameraBoard board,
    ICameraLeases leases,
    IOptions<CameraOptions> options,
    TimeProvider time,
    ILoggerFactory loggers) : BackgroundService
{
    private readonly ILogger _logger = loggers.CreateLogger<CameraSupervisor>();
    private readonly Dictionary<int, Running> _running = [];
    private readonly Channel<bool> _changes = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>The cameras this node runs now.</summary>
    public IReadOnlyCollection<int> RunningCameras
    {
        get
        {
            lock (_running) return [.. _running.Keys];
        }
    }

    /// <summary>How a runner gets its frames; tests may open sources their own way.</summary>
    public Func<CameraPlan, IFrameSource>? SourceFactory { get; set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        cameras.Changed += OnChanged;
        try
        {
            await service.SeedAsync(options.Value.Sources, stoppingToken);
            _changes.Writer.TryWrite(true);
            if (leases.Shared) _ = LookAgainAsync(stoppingToken);
            await foreach (var _ in _changes.Reader.ReadAllAsync(stoppingToken))
            {
                await ReconcileAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            cameras.Changed -= OnChanged;
            // Stopped with the app: the leases go at once, so another node takes the cameras over without waiting.
            foreach (var (id, _) in RunningNow())
            {
                await StopAsync(id);
                await leases.ReleaseAsync(id, CancellationToken.None);
            }
        }
    }

    private void OnChanged() => _changes.Writer.TryWrite(true);

    // Several nodes: renew this node's leases and look for cameras changed elsewhere or left by a node that stopped.
    private async Task LookAgainAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.LeaseSeconds / 3), time);
        try
        {
            while (await timer.WaitForNextTickAsync(ct)) _changes.Writer.TryWrite(true);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task ReconcileAsync(CancellationToken ct)
    {
        var wanted = new Dictionary<int, CameraPlan>();
        foreach (var camera in (await cameras.AllAsync(ct)).Where(c => c.Enabled))
        {
            if (PlanOf(camera) is { } plan) wanted[camera.Id] = plan;
        }
        foreach (var (id, running) in RunningNow())
        {
            if (!wanted.TryGetValue(id, out var plan) || plan != running.Runner.Plan)
            {
                await StopAsync(id);
                board.Forget(id);
                if (!wanted.ContainsKey(id)) await leases.ReleaseAsync(id, ct);
            }
        }
        foreach (var (id, plan) in wanted)
        {
            var lease = await leases.HoldAsync(id, ct);
            var running = RunningNow().Any(r => r.Key == id);
            if (lease.State == LeaseState.HeldElsewhere)
            {
                // Another node holds it (this one lost its lease, say after a long pause): that node runs it.
                if (running)
                {
                    await StopAsync(id);
                    LogLeaseLost(_logger, id, lease.Owner);
                }
                ShowElsewhere(id, lease.Owner);
                continue;
            }
            if (running) continue;
            if (lease.State == LeaseState.Unknown)
            {
                board.SetStatus(new CameraStatus(id, CameraState.Error, "Not started: the other web nodes (Redis) cannot be reached to agree who runs it.",
                    time.GetUtcNow().UtcDateTime));
                continue;
            }
            var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var runner = new CameraRunner(plan, SourceFactory ?? OpenSource, recognizer, passes, board, options.Value, time,
                loggers.CreateLogger<CameraRunner>());
            lock (_running) _running[id] = new Running(runner, stop, KeepRunningAsync(runner, stop.Token));
            LogStarted(_logger, id);
        }
    }

    private List<KeyValuePair<int, Running>> RunningNow()
    {
        lock (_running) return [.. _running];
    }

    private void ShowElsewhere(int id, string? owner)
    {
        var reason = $"Runs on another web node: {owner}.";
        if (board.StatusOf(id) is { State: CameraState.Stopped } shown && shown.Reason == reason) return;
        board.SetStatus(new CameraStatus(id, CameraState.Stopped, reason, time.GetUtcNow().UtcDateTime));
    }

    private CameraPlan? PlanOf(Camera camera)
    {
        string source;
        try
        {
            source = secrets.Unprotect(camera.ProtectedSource);
        }
        catch (CryptographicException)
        {
            board.SetStatus(new CameraStatus(camera.Id, CameraState.Error, "The source cannot be unprotected: the key ring changed. Enter the source again.",
                time.GetUtcNow().UtcDateTime));
            LogUnprotectFailed(_logger, camera.Id);
            return null;
        }
        var roi = camera.RoiWidth is > 0 && camera.RoiHeight is > 0
            ? new RegionOfInterest(camera.RoiX ?? 0, camera.RoiY ?? 0, camera.RoiWidth.Value, camera.RoiHeight.Value)
            : RegionOfInterest.Whole;
        return new CameraPlan(camera.Id, camera.Name, camera.Kind, source, camera.AfterRead, roi, camera.FramesPerSecond, camera.CountryHint);
    }

    private IFrameSource OpenSource(CameraPlan plan) => plan.Kind == CameraSourceKind.Folder
        ? new FolderSource(plan.Source, plan.AfterRead, TimeSpan.FromSeconds(options.Value.FolderPollSeconds), time, loggers.CreateLogger<FolderSource>())
        : plan.Paced
            ? new VideoCaptureSource(plan.Source, time)
            : new FfmpegStreamSource(plan.Source, plan.FramesPerSecond, time);

    private async Task KeepRunningAsync(CameraRunner runner, CancellationToken ct)
    {
        await Task.Yield();
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await runner.RunAsync(ct);
                return;
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                LogRunnerFailed(_logger, ex, runner.Plan.Id);
                board.SetStatus(new CameraStatus(runner.Plan.Id, CameraState.Error, "The camera's worker failed; it restarts.", time.GetUtcNow().UtcDateTime));
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(options.Value.ReconnectMaxSeconds), time, ct);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task StopAsync(int id)
    {
        Running? running;
        lock (_running)
        {
            if (!_running.Remove(id, out running)) return;
        }
        await running.Stop.CancelAsync();
        await running.Task.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        running.Stop.Dispose();
        LogStopped(_logger, id);
    }

    private sealed record Running(CameraRunner Runner, CancellationTokenSource Stop, Task Task);

    [LoggerMessage(Level = LogLevel.Information, Message = "Camera {CameraId} started")]
    private static partial void LogStarted(ILogger logger, int cameraId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Camera {CameraId} stopped here: its lease is held by web node {Owner}")]
    private static partial void LogLeaseLost(ILogger logger, int cameraId, string? owner);

    [LoggerMessage(Level = LogLevel.Information, Message = "Camera {CameraId} stopped")]
    private static partial void LogStopped(ILogger logger, int cameraId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Camera {CameraId}'s worker failed; it starts again")]
    private static partial void LogRunnerFailed(ILogger logger, Exception ex, int cameraId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Camera {CameraId}'s source cannot be unprotected (the data-protection key ring changed)")]
    private static partial void LogUnprotectFailed(ILogger logger, int cameraId);
}
