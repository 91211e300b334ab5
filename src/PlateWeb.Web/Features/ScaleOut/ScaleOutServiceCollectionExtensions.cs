using Microsoft.Extensions.DependencyInjection.Extensions;
using PlateWeb.Web.Features.Alerts;
using PlateWeb.Web.Features.Cameras;

namespace PlateWeb.Web.Features.ScaleOut;

public static class ScaleOutServiceCollectionExtensions
{
    /// <summary>
    /// Several web nodes behind one load balancer (section "Redis"): the SignalR backplane and the relay of in-app
    /// alerts through Redis, and the "node" health check. Without Redis:Connection only the health check is added.
    /// The key ring is shared through the database (Hosting/DataProtectionKeys).
    /// </summary>
    public static IServiceCollection AddScaleOutFeature(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RedisOptions>().BindConfiguration(RedisOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddHealthChecks().AddCheck<ScaleOutHealthCheck>("node");
        // Read here, not through IOptions: whether SignalR gets a backplane is decided while services are registered.
        var connection = configuration[$"{RedisOptions.Section}:{nameof(RedisOptions.Connection)}"];
        if (string.IsNullOrWhiteSpace(connection)) return services;

        var prefix = configuration[$"{RedisOptions.Section}:{nameof(RedisOptions.ChannelPrefix)}"] ?? new RedisOptions().ChannelPrefix;
        services.AddSignalR().AddStackExchangeRedis(connection, o =>
        {
            o.Configuration.AbortOnConnectFail = false;
            o.Configuration.ChannelPrefix = StackExchange.Redis.RedisChannel.Literal(prefix + ":signalr");
        });
        services.AddSingleton<RedisConnection>();
        services.AddSingleton<RedisAlertRelay>();
        services.AddSingleton<IInAppAlertRelay>(sp => sp.GetRequiredService<RedisAlertRelay>());
        services.AddHostedService(sp => sp.GetRequiredService<RedisAlertRelay>());
        // Each camera is run by one node: the one holding its lease.
        services.Replace(ServiceDescriptor.Singleton<ICameraLeases, RedisCameraLeases>());
        return services;
    }
}
