using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PlateWeb.Data.Workers;

namespace PlateWeb.Jobs;

/// <summary>
/// Announces this worker in the database (<see cref="WorkerDirectory"/>) and writes its counters every
/// Worker:HeartbeatSeconds, so that the web nodes' About page and /health list the workers connected, on any machine.
/// A database that does not answer is tried again at the next beat: the worker goes on reading meanwhile.
/// </summary>
public sealed partial class WorkerHeartbeatService(
    WorkerDirectory directory,
    WorkerStats stats,
    IOptions<WorkerOptions> options,
    ILogger<WorkerHeartbeatService> logger) : BackgroundService
{
    private readonly WorkerOptions _options = options.Value;
    private long? _id;

    /// <summary>This worker's row, once written.</summary>
    public long? RowId => _id;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(_options.HeartbeatSeconds));
        do
        {
            try
            {
                await BeatAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogBeatFailed(logger, ex.GetType().Name);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private async Task BeatAsync(CancellationToken ct)
    {
        var counters = new WorkerCounters(stats.JobsDone, stats.JobsFailed, stats.LastJobAt);
        if (_id is { } id && await directory.BeatAsync(id, counters, ct)) return;
        // First beat, or the row was removed meanwhile (pruned while the database was away): announce again.
        _id = await directory.RegisterAsync(
            new WorkerIdentity(_options.EffectiveName, Environment.MachineName, Environment.ProcessId, WorkerStats.Version, stats.StartedAt),
            _options.HeartbeatSeconds, ct);
        if (counters.JobsDone + counters.JobsFailed > 0) await directory.BeatAsync(_id.Value, counters, ct);
        LogRegistered(logger, _options.EffectiveName, _id.Value, _options.HeartbeatSeconds);
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_id is not { } id) return;
        try
        {
            // A clean stop leaves the list at once rather than after three missed beats.
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(TimeSpan.FromSeconds(5));
            await directory.RemoveAsync(id, limit.Token);
        }
        catch (Exception ex)
        {
            LogRemoveFailed(logger, ex.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Worker {Name} announced as row {RowId}; heartbeat every {Seconds} s")]
    private static partial void LogRegistered(ILogger logger, string name, long rowId, int seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Heartbeat not written ({Reason}); trying again at the next beat")]
    private static partial void LogBeatFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Heartbeat row not removed at stop ({Reason}); it reads as gone after three beats")]
    private static partial void LogRemoveFailed(ILogger logger, string reason);
}
