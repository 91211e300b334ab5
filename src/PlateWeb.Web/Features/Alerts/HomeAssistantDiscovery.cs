using System.Text.Json;
using System.Text.Json.Nodes;
using PlateWeb.Data.Sightings;

namespace PlateWeb.Web.Features.Alerts;

/// <summary>One MQTT message to publish.</summary>
public sealed record MqttMessage(string Topic, string Payload, bool Retain);

/// <summary>
/// The topics PlateWeb publishes and Home Assistant's MQTT discovery messages for them, so that each camera (and
/// "Uploads") appears in Home Assistant as a device with a "last plate" sensor and an alert event entity, without
/// YAML. Discovery messages are retained: Home Assistant finds them whenever it starts. Pure.
/// </summary>
public sealed class HomeAssistantDiscovery(string topicPrefix, string discoveryPrefix)
{
    /// <summary>The source key of uploads in topics and ids.</summary>
    public const string UploadsKey = "uploads";

    public string AvailabilityTopic => $"{topicPrefix}/status";

    /// <summary>"camera_3" for a camera, "uploads" for uploads.</summary>
    public static string SourceKey(int? cameraId) => cameraId is { } id ? $"camera_{id}" : UploadsKey;

    /// <summary>The plate text, retained: the sensor's state.</summary>
    public string LastPlateTopic(string source) => $"{topicPrefix}/{source}/last_plate";

    /// <summary>The sighting's details as JSON, retained: the sensor's attributes.</summary>
    public string AttributesTopic(string source) => $"{topicPrefix}/{source}/last_plate/attributes";

    /// <summary>One JSON message per alert with <c>event_type</c>: the event entity's topic.</summary>
    public string AlertTopic(string source) => $"{topicPrefix}/{source}/alert";

    public string SensorConfigTopic(string source) => $"{discoveryPrefix}/sensor/plateweb/{source}_last_plate/config";

    public string EventConfigTopic(string source) => $"{discoveryPrefix}/event/plateweb/{source}_alert/config";

    /// <summary>The discovery messages of one source: a sensor and an event entity on one device.</summary>
    public IEnumerable<MqttMessage> ConfigMessages(string source, string displayName)
    {
        var device = new JsonObject
        {
            ["identifiers"] = new JsonArray($"plateweb_{source}"),
            ["name"] = $"PlateWeb {displayName}",
            ["manufacturer"] = "PlateWeb",
            ["model"] = source == UploadsKey ? "Uploads" : "Camera",
        };
        var sensor = new JsonObject
        {
            ["name"] = "Last plate",
            ["unique_id"] = $"plateweb_{source}_last_plate",
            ["state_topic"] = LastPlateTopic(source),
            ["json_attributes_topic"] = AttributesTopic(source),
            ["availability_topic"] = AvailabilityTopic,
            ["icon"] = "mdi:card-text-outline",
            ["device"] = device.DeepClone(),
        };
        var alertEvent = new JsonObject
        {
            ["name"] = "Watchlist alert",
            ["unique_id"] = $"plateweb_{source}_alert",
            ["state_topic"] = AlertTopic(source),
            ["event_types"] = new JsonArray(EventTypes.All.Select(t => (JsonNode)JsonValue.Create(t)!).ToArray()),
            ["availability_topic"] = AvailabilityTopic,
            ["icon"] = "mdi:car-emergency",
            ["device"] = device.DeepClone(),
        };
        yield return new MqttMessage(SensorConfigTopic(source), sensor.ToJsonString(), Retain: true);
        yield return new MqttMessage(EventConfigTopic(source), alertEvent.ToJsonString(), Retain: true);
    }

    /// <summary>Discovery for every camera and for uploads.</summary>
    public IEnumerable<MqttMessage> ConfigMessages(IEnumerable<CameraRef> cameras) =>
        ConfigMessages(UploadsKey, "Uploads").Concat(cameras.SelectMany(c => ConfigMessages(SourceKey(c.Id), c.Name)));

    /// <summary>An alert: the sensor's new state and attributes (retained) and the event (not retained: it happened once).</summary>
    public IEnumerable<MqttMessage> AlertMessages(AlertEvent alert, JsonSerializerOptions json)
    {
        var source = SourceKey(alert.Sighting.CameraId);
        var payload = alert.ToPayload();
        var attributes = JsonSerializer.Serialize(payload.Sighting, json);
        yield return new MqttMessage(LastPlateTopic(source), alert.Sighting.Text, Retain: true);
        yield return new MqttMessage(AttributesTopic(source), attributes, Retain: true);
        yield return new MqttMessage(AlertTopic(source), JsonSerializer.Serialize(payload, json), Retain: false);
    }
}
