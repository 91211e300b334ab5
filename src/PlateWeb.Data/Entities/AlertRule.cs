namespace PlateWeb.Data.Entities;

/// <summary>When a sighting triggers a rule: it matches the list, or it matches none of an allow-list's entries.</summary>
public enum AlertTrigger
{
    OnList,
    NotOnList,
}

/// <summary>
/// When a sighting matches (or, for an allow-list, does not match) a watchlist, on which cameras and at which hours,
/// and what to do: notify the signed-in users, POST a webhook, publish on MQTT.
/// </summary>
public sealed class AlertRule
{
    public int Id { get; set; }

    public required string Name { get; set; }

    public bool Enabled { get; set; } = true;

    public int WatchlistId { get; set; }

    public Watchlist? Watchlist { get; set; }

    public AlertTrigger Trigger { get; set; }

    /// <summary>Camera ids separated by commas; empty: every camera and the uploads.</summary>
    public string CameraIds { get; set; } = string.Empty;

    /// <summary>With a camera selection: uploads count too.</summary>
    public bool IncludeUploads { get; set; }

    /// <summary>Active from this hour (0–23) of <see cref="TimeZone"/>; null with <see cref="ToHour"/>: all day.</summary>
    public int? FromHour { get; set; }

    /// <summary>Active until this hour (1–24, exclusive); a window may cross midnight (22 → 6).</summary>
    public int? ToHour { get; set; }

    /// <summary>IANA zone of the hours; null: UTC.</summary>
    public string? TimeZone { get; set; }

    public bool NotifyInApp { get; set; } = true;

    public string? WebhookUrl { get; set; }

    /// <summary>The HMAC secret, protected with ASP.NET Data Protection; never shown again once saved.</summary>
    public string? WebhookSecretProtected { get; set; }

    public bool PublishMqtt { get; set; }

    /// <summary>UTC.</summary>
    public DateTime CreatedAt { get; set; }
}

public enum AlertChannel
{
    Webhook,
    Mqtt,
}

public enum DeliveryStatus
{
    Pending,
    Delivered,
    Failed,
}

/// <summary>One alert sent out (webhook or MQTT): where it went, how many tries, with what answer.</summary>
public sealed class AlertDelivery
{
    public long Id { get; set; }

    public int? RuleId { get; set; }

    /// <summary>The rule's name when it was sent (the rule may be deleted since).</summary>
    public required string RuleName { get; set; }

    public long ReadId { get; set; }

    public int? CameraId { get; set; }

    public AlertChannel Channel { get; set; }

    /// <summary>The webhook URL or the MQTT topic.</summary>
    public required string Target { get; set; }

    public DeliveryStatus Status { get; set; }

    public int? StatusCode { get; set; }

    public int Attempts { get; set; }

    public string? Error { get; set; }

    /// <summary>UTC: when the sighting was published.</summary>
    public DateTime CreatedAt { get; set; }

    /// <summary>UTC.</summary>
    public DateTime? LastAttemptAt { get; set; }

    /// <summary>From the sighting's publication to the answer of the successful attempt.</summary>
    public double? LatencyMs { get; set; }
}
