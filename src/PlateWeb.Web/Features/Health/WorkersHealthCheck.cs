using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using PlateWeb.Data.Workers;
using PlateWeb.Jobs;

namespace PlateWeb.Web.Features.Health;

/// <summary>
/// The recognition workers that announced themselves in the database (their heartbeat rows), each with its counters;
/// admins see them as data under "workers". On RabbitMQ, Degraded when none is connected (uploads wait) or when one
/// is gone (it stopped beating without saying goodbye: crashed, killed or cut off). In process: no workers, Healthy.
/// </summary>
public sealed class WorkersHealthCheck(WorkerDirectory directory, IOptions<QueueOptions> queue) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<WorkerStatus> workers;
        try
        {
            workers = await directory.ListAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Degraded("The workers' heartbeats cannot be read: " + ex.GetType().Name);
        }
        var connected = workers.Count(w => !w.Gone);
        var gone = workers.Count - connected;
        var data = new Dictionary<string, object>
        {
            ["connected"] = connected,
            ["gone"] = gone,
            ["workers"] = workers.Select(w => new
            {
                name = w.Name,
                host = w.Host,
                processId = w.ProcessId,
                version = w.Version,
                state = w.Gone ? "gone" : "connected",
                startedAt = w.StartedAt,
                lastSeenAt = w.LastSeenAt,
                lastJobAt = w.LastJobAt,
                jobsDone = w.JobsDone,
                jobsFailed = w.JobsFailed,
            }).ToList(),
        };
        var description = $"{connected} workers connected, {gone} gone";
        if (queue.Value.Provider == QueueProvider.InProcess)
        {
            return HealthCheckResult.Healthy(workers.Count == 0 ? "in-process queue: images are read by this node" : description, data);
        }
        return connected == 0 || gone > 0 ? HealthCheckResult.Degraded(description, data: data) : HealthCheckResult.Healthy(description, data);
    }
}
