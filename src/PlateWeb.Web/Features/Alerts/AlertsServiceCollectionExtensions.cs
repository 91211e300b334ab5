namespace PlateWeb.Web.Features.Alerts;

public static class AlertsServiceCollectionExtensions
{
    /// <summary>Watchlists, alert rules on the sighting bus, and their actions: in-app, webhook, MQTT (sections "Alerts", "Alerts:Mqtt").</summary>
    public static IServiceCollection AddAlertsFeature(this IServiceCollection services)
    {
        services.AddOptions<AlertOptions>().BindConfiguration(AlertOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<MqttOptions>().BindConfiguration(MqttOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddHttpClient(WebhookSender.HttpClientName);
        services.AddSingleton<AlertCatalog>();
        services.AddSingleton<AlertAdmin>();
        services.AddSingleton<WebhookSecrets>();
        services.AddSingleton<DeliveryLog>();
        services.AddSingleton<AlertNotifier>();
        services.AddSingleton<WebhookQueue>();
        services.AddSingleton<MqttSettingsStore>();
        services.AddSingleton<MqttAlertPublisher>();
        // One class per kind of action, found by the worker through DI.
        services.AddSingleton<IAlertAction, InAppAlertAction>();
        services.AddSingleton<IAlertAction, WebhookAlertAction>();
        services.AddSingleton<IAlertAction, MqttAlertAction>();
        services.AddHostedService<AlertWorker>();
        services.AddHostedService<WebhookSender>();
        services.AddHostedService(sp => sp.GetRequiredService<MqttAlertPublisher>());
        return services;
    }
}
