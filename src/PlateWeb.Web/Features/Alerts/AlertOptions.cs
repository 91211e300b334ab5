using System.ComponentModel.DataAnnotations;

namespace PlateWeb.Web.Features.Alerts;

/// <summary>Watchlist alerts: section "Alerts" of appsettings.json.</summary>
public sealed class AlertOptions
{
    public const string Section = "Alerts";

    /// <summary>The app's address as receivers reach it: alerts carry <c>{PublicBaseUrl}/images/{id}</c>.</summary>
    [Required, Url]
    public string PublicBaseUrl { get; set; } = "http://localhost:5080";

    /// <summary>Sightings waiting for the rules (per subscriber of the sighting bus); past it they are dropped and logged.</summary>
    [Range(16, 100_000)]
    public int QueueCapacity { get; set; } = 1000;

    /// <summary>Tries of one webhook delivery, the first included.</summary>
    [Range(1, 20)]
    public int WebhookMaxAttempts { get; set; } = 5;

    /// <summary>Wait before the first retry; each further retry waits twice as long.</summary>
    [Range(1, 600_000)]
    public int WebhookFirstRetryMs { get; set; } = 1000;

    [Range(1, 300)]
    public int WebhookTimeoutSeconds { get; set; } = 10;

    /// <summary>Webhook deliveries in flight at once (a receiver that retries long never holds the others up).</summary>
    [Range(1, 64)]
    public int WebhookWorkers { get; set; } = 4;
}

/// <summary>The MQTT broker alerts are published to, with Home Assistant discovery: section "Alerts:Mqtt".</summary>
public sealed class MqttOptions
{
    public const string Section = "Alerts:Mqtt";

    public bool Enabled { get; set; }

    [Required]
    public string Host { get; set; } = "localhost";

    [Range(1, 65535)]
    public int Port { get; set; } = 1883;

    public string? User { get; set; }

    public string? Password { get; set; }

    public bool UseTls { get; set; }

    [Required, RegularExpression("^[A-Za-z0-9_\\-/]+$", ErrorMessage = "Alerts:Mqtt:TopicPrefix: letters, digits, '_', '-' and '/' only.")]
    public string TopicPrefix { get; set; } = "plateweb";

    [Required, RegularExpression("^[A-Za-z0-9_\\-/]+$", ErrorMessage = "Alerts:Mqtt:DiscoveryPrefix: letters, digits, '_', '-' and '/' only.")]
    public string DiscoveryPrefix { get; set; } = "homeassistant";

    [Required, RegularExpression("^[A-Za-z0-9_\\-]+$", ErrorMessage = "Alerts:Mqtt:ClientId: letters, digits, '_' and '-' only.")]
    public string ClientId { get; set; } = "plateweb";

    /// <summary>Tries of one message when the broker cannot be reached; waits double from one second.</summary>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 5;
}
