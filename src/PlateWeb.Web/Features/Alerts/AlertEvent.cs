using System.Text.Json.Serialization;
using PlateWeb.Data.Entities;
using PlateWeb.Data.Sightings;

namespace PlateWeb.Web.Features.Alerts;

/// <summary>A rule triggered by a sighting, handed to every <see cref="IAlertAction"/>.</summary>
/// <param name="ReceivedTimestamp">Stopwatch timestamp when the rules took the sighting (for the delivery latency).</param>
public sealed record AlertEvent(RuleMatch Match, PlateSighting Sighting, string ImageUrl, DateTime ReceivedAtUtc, long ReceivedTimestamp)
{
    public CompiledRule Rule => Match.Rule;

    /// <summary>"watchlist_match" or "not_on_allow_list": the event type of webhooks and of Home Assistant's event entities.</summary>
    public string EventType => Rule.Trigger == AlertTrigger.OnList ? EventTypes.WatchlistMatch : EventTypes.NotOnAllowList;

    public AlertPayload ToPayload() => new(
        EventType,
        new AlertPayloadRule(Rule.Id, Rule.Name, Rule.Trigger == AlertTrigger.OnList ? "on_list" : "not_on_list"),
        new AlertPayloadList(Rule.List.Id, Rule.List.Name),
        Match.Entry is { } e ? new AlertPayloadEntry(e.Id, e.Pattern.ToString(), e.Label) : null,
        new AlertPayloadSighting(
            Sighting.ReadId, Sighting.ImageId, Sighting.Text, Sighting.NormalizedText, Sighting.Country, Math.Round(Sighting.Confidence, 3),
            Sighting.At, Sighting.CameraId, Sighting.CameraName, Sighting.PassId),
        ImageUrl);
}

public static class EventTypes
{
    public const string WatchlistMatch = "watchlist_match";
    public const string NotOnAllowList = "not_on_allow_list";
    public static readonly string[] All = [WatchlistMatch, NotOnAllowList];
}

/// <summary>The JSON body of a webhook and of an MQTT alert message (snake_case, documented in docs/ARCHITECTURE.md).</summary>
public sealed record AlertPayload(
    [property: JsonPropertyName("event_type")] string EventType,
    [property: JsonPropertyName("rule")] AlertPayloadRule Rule,
    [property: JsonPropertyName("watchlist")] AlertPayloadList Watchlist,
    [property: JsonPropertyName("entry")] AlertPayloadEntry? Entry,
    [property: JsonPropertyName("sighting")] AlertPayloadSighting Sighting,
    [property: JsonPropertyName("image_url")] string ImageUrl);

public sealed record AlertPayloadRule(
    [property: JsonPropertyName("id")] int Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("trigger")] string Trigger);

public sealed record AlertPayloadList(
    [property: JsonPropertyName("id")] int Id,
    [property: JsonPropertyName("name")] string Name);

public sealed record AlertPayloadEntry(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("pattern")] string Pattern,
    [property: JsonPropertyName("label")] string Label);

public sealed record AlertPayloadSighting(
    [property: JsonPropertyName("read_id")] long ReadId,
    [property: JsonPropertyName("image_id")] long ImageId,
    [property: JsonPropertyName("plate")] string Plate,
    [property: JsonPropertyName("normalized")] string Normalized,
    [property: JsonPropertyName("country")] string? Country,
    [property: JsonPropertyName("confidence")] double Confidence,
    [property: JsonPropertyName("at")] DateTimeOffset At,
    [property: JsonPropertyName("camera_id")] int? CameraId,
    [property: JsonPropertyName("camera_name")] string? CameraName,
    [property: JsonPropertyName("pass_id")] long? PassId);

/// <summary>
/// What to do when a rule is triggered: one registered class per kind (in-app, webhook, MQTT), found by DI. It must
/// return quickly (hand the work to its own queue): the rules wait for it.
/// </summary>
public interface IAlertAction
{
    ValueTask HandleAsync(AlertEvent alert, CancellationToken ct);
}
