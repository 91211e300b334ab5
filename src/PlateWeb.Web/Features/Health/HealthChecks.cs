using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using PlateWeb.Chat;
using PlateWeb.Data;
using PlateWeb.Recognition.Pipeline;
using PlateWeb.Web.Features.Account;

namespace PlateWeb.Web.Features.Health;

/// <summary>The database answers a query (and its migrations are applied).</summary>
public sealed class DatabaseHealthCheck(IDbContextFactory<PlateDbContext> dbFactory) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).Count();
            var images = await db.Images.CountAsync(cancellationToken);
            return pending == 0
                ? HealthCheckResult.Healthy($"{images} images stored")
                : HealthCheckResult.Unhealthy($"{pending} migrations not applied");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The database cannot be read: " + ex.Message);
        }
    }
}

/// <summary>Which OCR model reads plates; Debian's general model is a working fallback, so it is Healthy, said in words.</summary>
public sealed class TessdataHealthCheck(PlateRecognizer recognizer) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var tessdata = recognizer.Tessdata;
        var description = $"{tessdata.Language} from {tessdata.TessdataPath}" + (tessdata.IsFallback ? " (general model, no plate model installed)" : "");
        return Task.FromResult(HealthCheckResult.Healthy(description));
    }
}

/// <summary>The chat model: Degraded (not Unhealthy) when it is missing or failed, since reading plates still works.</summary>
public sealed class ChatModelHealthCheck(IServiceProvider services) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (services.GetService<IChatModel>() is not { } model)
        {
            return Task.FromResult(HealthCheckResult.Degraded("No chat model service is registered."));
        }
        var status = model.Status;
        var description = $"{status.State}: {status.ModelPath}" + (status.Message is null ? "" : " — " + status.Message);
        return Task.FromResult(status.State is ModelState.Missing or ModelState.Failed
            ? HealthCheckResult.Degraded(description)
            : HealthCheckResult.Healthy(description));
    }
}

public static class HealthServiceCollectionExtensions
{
    public static IServiceCollection AddHealthFeature(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database")
            .AddCheck<StorageHealthCheck>("storage")
            .AddCheck<TessdataHealthCheck>("tessdata")
            .AddCheck<ChatModelHealthCheck>("model")
            .AddCheck<QueueHealthCheck>("queue")
            .AddCheck<WorkersHealthCheck>("workers");
        return services;
    }

    /// <summary>
    /// GET /health: 200 when healthy or degraded, 503 when unhealthy. Anonymous callers (a load
    /// balancer, a monitor) get the overall status only; a signed-in admin also gets each part's
    /// status and description, which name counts, free space and model paths.
    /// </summary>
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = WriteJsonAsync });
        return endpoints;
    }

    private static async Task WriteJsonAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };
        var authorization = context.RequestServices.GetRequiredService<IAuthorizationService>();
        if (!(await authorization.AuthorizeAsync(context.User, Policies.Admin)).Succeeded)
        {
            await JsonSerializer.SerializeAsync(context.Response.Body, new { status = report.Status.ToString() }, json, context.RequestAborted);
            return;
        }
        var body = new
        {
            status = report.Status.ToString(),
            role = QueueHealthCheck.Role,
            durationMs = Math.Round(report.TotalDuration.TotalMilliseconds, 1),
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString(),
                description = e.Value.Description,
                data = e.Value.Data.Count == 0 ? null : e.Value.Data,
            }),
        };
        await JsonSerializer.SerializeAsync(context.Response.Body, body, json, context.RequestAborted);
    }
}
