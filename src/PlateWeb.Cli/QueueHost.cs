using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PlateWeb.Data;
using PlateWeb.Jobs;

namespace PlateWeb.Cli;

/// <summary>
/// The generic host of the queue verbs (`worker`, `enqueue`): the web app's appsettings.json and PLATEWEB_ variables,
/// Queue:Provider RabbitMq, and the verb's flags over them.
/// </summary>
public static class QueueHost
{
    public static HostApplicationBuilder CreateBuilder(CliContext ctx)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = AppSettings.FindContentRoot(),
            Args = [],
        });
        builder.Configuration.AddEnvironmentVariables("PLATEWEB_");
        var overrides = new Dictionary<string, string?> { ["Queue:Provider"] = nameof(QueueProvider.RabbitMq) };
        if (ctx.Value("--rabbitmq") is { } uri) overrides["Queue:RabbitMq:Uri"] = uri;
        if (ctx.Value("--prefetch") is { } prefetch) overrides["Queue:RabbitMq:Prefetch"] = prefetch;
        if (ctx.Value("--concurrency") is { } concurrency) overrides["Queue:RabbitMq:Concurrency"] = concurrency;
        if (ctx.Value("--health-url") is { } healthUrl) overrides["Worker:HealthUrl"] = healthUrl;
        if (ctx.Value("--name") is { } name) overrides["Worker:Name"] = name;
        builder.Configuration.AddInMemoryCollection(overrides);
        // PLATEWEB_DATA outranks Data:DataDirectory (as in the web app): --data goes there to outrank both.
        if (ctx.Value("--data") is { } data) Environment.SetEnvironmentVariable(DataOptions.EnvironmentVariable, Path.GetFullPath(data));

        builder.Logging.ClearProviders();
        // Standard error: standard output carries one JSON line per job, for scripts.
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(ctx.Has("--verbose") ? LogLevel.Debug : LogLevel.Information);
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        return builder;
    }
}
