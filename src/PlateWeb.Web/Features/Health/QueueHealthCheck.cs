using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using PlateWeb.Jobs;
using PlateWeb.Web.Features.Upload;

namespace PlateWeb.Web.Features.Health;

/// <summary>
/// This node's role and its recognition queue. In process: the bytes waiting. RabbitMQ: jobs waiting, workers
/// consuming and jobs dead-lettered (as data too, for monitors); Degraded when no worker consumes, when jobs have been
/// dead-lettered (an admin should look at them) or when the broker cannot be reached (uploads fail, the rest works).
/// </summary>
public sealed class QueueHealthCheck(IOptions<QueueOptions> options, RabbitMqBroker broker, RecognitionQueue inProcess) : IHealthCheck
{
    public const string Role = "web";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (options.Value.Provider == QueueProvider.InProcess)
        {
            return HealthCheckResult.Healthy($"role {Role}; in-process queue, {inProcess.PendingBytes / 1_048_576.0:0.#} MB of images waiting or being read",
                new Dictionary<string, object> { ["role"] = Role, ["provider"] = "InProcess" });
        }
        if (!broker.IsOpen)
        {
            return HealthCheckResult.Degraded($"role {Role}; RabbitMQ not connected: uploads cannot be queued.",
                data: new Dictionary<string, object> { ["role"] = Role, ["provider"] = "RabbitMq" });
        }
        try
        {
            var depth = await broker.DepthAsync(cancellationToken);
            var data = new Dictionary<string, object>
            {
                ["role"] = Role,
                ["provider"] = "RabbitMq",
                ["waiting"] = depth.Waiting,
                ["workers"] = depth.Consumers,
                ["deadLettered"] = depth.DeadLettered,
            };
            var description = $"role {Role}; RabbitMQ: {depth.Waiting} jobs waiting, {depth.Consumers} workers consuming, {depth.DeadLettered} dead-lettered";
            return depth.Consumers == 0 || depth.DeadLettered > 0
                ? HealthCheckResult.Degraded(description, data: data)
                : HealthCheckResult.Healthy(description, data);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Degraded($"role {Role}; RabbitMQ queues cannot be read: {ex.GetType().Name}",
                data: new Dictionary<string, object> { ["role"] = Role, ["provider"] = "RabbitMq" });
        }
    }
}
