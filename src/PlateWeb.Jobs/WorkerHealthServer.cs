using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PlateWeb.Data;

namespace PlateWeb.Jobs;

/// <summary>The worker cannot listen at Worker:HealthUrl (a port taken, an address not on this machine); said in words.</summary>
public sealed class WorkerHealthException(string message, Exception inner) : Exception(message, inner);

/// <summary>What a worker's GET /health answers.</summary>
public sealed record WorkerHealth(
    string Status, string Role, string Name, string Host, int ProcessId, string Version, DateTime StartedAt,
    WorkerQueueHealth Queue, WorkerDatabaseHealth Database, long JobsDone, long JobsFailed, DateTime? LastJobAt);

public sealed record WorkerQueueHealth(string Provider, string Queue, bool Connected);

public sealed record WorkerDatabaseHealth(bool Reachable);

/// <summary>
/// A worker's own GET /health (Worker:HealthUrl, `--health-url`; off by default), for systemd, a load balancer or a
/// monitor: role worker, its RabbitMQ connection, whether the database answers, jobs done and failed and the last
/// job's time. 200 when both the queue and the database answer, else 503. An HttpListener rather than Kestrel: one
/// endpoint, and the worker stays a plain generic host. Nothing in it is secret (no address, no password, no plate),
/// but bind it to loopback or a management network all the same.
/// </summary>
public sealed partial class WorkerHealthServer(
    RabbitMqBroker broker,
    WorkerStats stats,
    IDbContextFactory<PlateDbContext> dbFactory,
    IOptions<WorkerOptions> options,
    ILogger<WorkerHealthServer> logger) : BackgroundService
{
    public const string Role = "worker";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = false };
    private readonly HttpListener _listener = new();

    /// <summary>The answer now (also what tests read without HTTP).</summary>
    public async Task<WorkerHealth> CheckAsync(CancellationToken ct)
    {
        var queueUp = broker.IsOpen;
        var databaseUp = await DatabaseAnswersAsync(ct);
        var o = options.Value;
        return new WorkerHealth(
            queueUp && databaseUp ? "Healthy" : "Unhealthy", Role, o.EffectiveName, Environment.MachineName, Environment.ProcessId,
            WorkerStats.Version, stats.StartedAt, new WorkerQueueHealth("RabbitMq", broker.Options.JobsQueue, queueUp),
            new WorkerDatabaseHealth(databaseUp), stats.JobsDone, stats.JobsFailed, stats.LastJobAt);
    }

    /// <summary>Whether it listens (Worker:HealthUrl is set).</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(options.Value.HealthUrl);

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        if (!Enabled) return Task.CompletedTask;
        // Validated at start (WorkerOptions): a bad address never gets here.
        WorkerOptions.TryHealthPrefix(options.Value.HealthUrl!, out var prefix);
        _listener.Prefixes.Add(prefix);
        try
        {
            _listener.Start();
        }
        catch (HttpListenerException ex)
        {
            // A port already taken, or an address not on this machine: said at start, in words, rather than never answering.
            LogCannotListen(logger, options.Value.HealthUrl!, ex.Message);
            throw new WorkerHealthException($"Worker:HealthUrl {options.Value.HealthUrl}: cannot listen there ({ex.Message}).", ex);
        }
        LogListening(logger, prefix + "health");
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var stop = stoppingToken.Register(_listener.Stop);
        while (!stoppingToken.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                // Stopped.
                return;
            }
            // One at a time is plenty for a probe every few seconds, and bounds what a flood of requests can cost.
            await AnswerAsync(context, stoppingToken);
        }
    }

    private async Task AnswerAsync(HttpListenerContext context, CancellationToken ct)
    {
        var response = context.Response;
        try
        {
            var path = context.Request.Url?.AbsolutePath;
            if (path != "/health")
            {
                response.StatusCode = (int)HttpStatusCode.NotFound;
                return;
            }
            if (context.Request.HttpMethod is not ("GET" or "HEAD"))
            {
                response.StatusCode = (int)HttpStatusCode.MethodNotAllowed;
                response.AddHeader("Allow", "GET, HEAD");
                return;
            }
            var health = await CheckAsync(ct);
            response.StatusCode = health.Status == "Healthy" ? 200 : 503;
            response.ContentType = "application/json; charset=utf-8";
            response.AddHeader("Cache-Control", "no-store");
            var body = JsonSerializer.SerializeToUtf8Bytes(health, Json);
            response.ContentLength64 = body.Length;
            if (context.Request.HttpMethod == "GET") await response.OutputStream.WriteAsync(body, ct);
        }
        catch (Exception ex) when (ex is HttpListenerException or IOException or OperationCanceledException)
        {
            // The prober went away, or we are stopping.
        }
        finally
        {
            try
            {
                response.Close();
            }
            catch (Exception ex) when (ex is HttpListenerException or IOException or ObjectDisposedException)
            {
                // Already closed by the other side.
            }
        }
    }

    private async Task<bool> DatabaseAnswersAsync(CancellationToken ct)
    {
        try
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
            limit.CancelAfter(TimeSpan.FromSeconds(5));
            await using var db = await dbFactory.CreateDbContextAsync(limit.Token);
            return await db.Database.CanConnectAsync(limit.Token);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            LogDatabaseUnreachable(logger, ex.GetType().Name);
            return false;
        }
    }

    public override void Dispose()
    {
        _listener.Close();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Worker health at {Url}")]
    private static partial void LogListening(ILogger logger, string url);

    [LoggerMessage(Level = LogLevel.Error, Message = "Worker:HealthUrl {Url}: cannot listen there ({Reason})")]
    private static partial void LogCannotListen(ILogger logger, string url, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Health: the database does not answer ({Reason})")]
    private static partial void LogDatabaseUnreachable(ILogger logger, string reason);
}
