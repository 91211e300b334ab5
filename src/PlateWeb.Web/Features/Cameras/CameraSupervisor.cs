using System.Security.Cryptography;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using PlateWeb.Data.Cameras;
using PlateWeb.Data.Entities;
using PlateWeb.Recognition.Pipeline;
using PlateWeb.Recognition.Video;

namespace PlateWeb.Web.Features.Cameras;

/// <summary>
/// Hosted: adds the cameras of appsettings.json, then runs one <see cref="CameraRunner"/> per enabled camera and
/// starts, stops or restarts them whenever a camera is saved or removed. A runner that throws is logged and
/// started again after a while; the others go on.
/// </summary>
public sealed partial class CameraSupervisor(
    CameraStore cameras,
    CameraService service,
    CameraSecrets secrets,
    PlateRecognizer recognizer,
    PassStore passes,
    CameraBoard board,
    IOptions<CameraOptions> options,
    TimeProvider time,
    ILoggerFactory loggers) : BackgroundService
{
    private readonly ILogger _logger = loggers.CreateLogger<CameraSupervisor>();
    private readonly Dictionary<int, Running> _running = [];
    private readonly Channel<bool> _changes = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

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
            foreach (var id in _running.Keys.ToList()) await StopAsync(id);
        }
    }

    private void OnChanged() => _changes.Writer.TryWrite(true);

    private async Task ReconcileAsync(CancellationToken ct)
    {
        var wanted = new Dictionary<int, CameraPlan>();
        foreach (var camera in (await cameras.AllAsync(ct)).Where(c => c.Enabled))
        {
            if (PlanOf(camera) is { } plan) wanted[camera.Id] = plan;
        }
        foreach (var (id, running) in _running.ToList())
        {
            if (!wanted.TryGetValue(id, out var plan) || plan != running.Runner.Plan)
            {
                await StopAsync(id);
                board.Forget(id);
            }
        }
        foreach (var (id, plan) in wanted)
        {
            if (_running.ContainsKey(id)) continue;
            var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var runner = new CameraRunner(plan, SourceFactory ?? OpenSource, recognizer, passes, board, options.Value, time,
                loggers.CreateLogger<CameraRunner>());
            _running[id] = new Running(runner, stop, KeepRunningAsync(runner, stop.Token));
            LogStarted(_logger, id);
        }
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
        if (!_running.Remove(id, out var running)) return;
        await running.Stop.CancelAsync();
        await running.Task.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        running.Stop.Dispose();
        LogStopped(_logger, id);
    }

    private sealed record Running(CameraRunner Runner, CancellationTokenSource Stop, Task Task);

    [LoggerMessage(Level = LogLevel.Information, Message = "Camera {CameraId} started")]
    private static partial void LogStarted(ILogger logger, int cameraId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Camera {CameraId} stopped")]
    private static partial void LogStopped(ILogger logger, int cameraId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Camera {CameraId}'s worker failed; it starts again")]
    private static partial void LogRunnerFailed(ILogger logger, Exception ex, int cameraId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Camera {CameraId}'s source cannot be unprotected (the data-protection key ring changed)")]
    private static partial void LogUnprotectFailed(ILogger logger, int cameraId);
}
