using System.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace PlateWeb.Web.Features.ScaleOut;

/// <summary>
/// This node's role and, when Redis:Connection is set, whether Redis answers a PING. Degraded (not Unhealthy) when it
/// does not: this node still serves its pages, only the other nodes' live alerts are missed.
/// </summary>
public sealed class ScaleOutHealthCheck(IOptions<RedisOptions> options, IServiceProvider services) : IHealthCheck
{
    public const string Role = "web";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!options.Value.Enabled)
        {
            return HealthCheckResult.Healthy($"role {Role}; one node (no Redis)", new Dictionary<string, object> { ["role"] = Role, ["redis"] = "none" });
        }
        try
        {
            var connection = await services.GetRequiredService<RedisConnection>().GetAsync(cancellationToken);
            var started = Stopwatch.GetTimestamp();
            await connection.GetDatabase().PingAsync();
            var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            return HealthCheckResult.Healthy($"role {Role}; Redis reachable ({ms:0.#} ms)", new Dictionary<string, object> { ["role"] = Role, ["redis"] = "reachable" });
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Degraded($"role {Role}; Redis unreachable ({ex.GetType().Name}): other nodes' live alerts are missed",
                data: new Dictionary<string, object> { ["role"] = Role, ["redis"] = "unreachable" });
        }
    }
}
