using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PlateWeb.Data;
using PlateWeb.Jobs;

namespace PlateWeb.Cli;

/// <summary>
/// The generic host of the queue verbs (`worker`, `enqueue`): <see cref="CliHost"/>'s configuration and logging,
/// Queue:Provider RabbitMq, and the verb's flags over them.
/// </summary>
public static class QueueHost
{
    public static HostApplicationBuilder CreateBuilder(CliContext ctx)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        var builder = CliHost.CreateBuilder(ctx, LogLevel.Information);
        var overrides = new Dictionary<string, string?> { ["Queue:Provider"] = nameof(QueueProvider.RabbitMq) };
        if (ctx.Value("--rabbitmq") is { } uri) overrides["Queue:RabbitMq:Uri"] = uri;
        if (ctx.Value("--prefetch") is { } prefetch) overrides["Queue:RabbitMq:Prefetch"] = prefetch;
        if (ctx.Value("--concurrency") is { } concurrency) overrides["Queue:RabbitMq:Concurrency"] = concurrency;
        if (ctx.Value("--health-url") is { } healthUrl) overrides["Worker:HealthUrl"] = healthUrl;
        if (ctx.Value("--name") is { } name) overrides["Worker:Name"] = name;
        builder.Configuration.AddInMemoryCollection(overrides);
        // PLATEWEB_DATA outranks Data:DataDirectory (as in the web app): --data goes there to outrank both.
        if (ctx.Value("--data") is { } data) Environment.SetEnvironmentVariable(DataOptions.EnvironmentVariable, Path.GetFullPath(data));
        return builder;
    }
}
