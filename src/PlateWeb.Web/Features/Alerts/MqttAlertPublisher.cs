using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Exceptions;
using MQTTnet.Protocol;
using PlateWeb.Data.Entities;
using PlateWeb.Data.Sightings;

namespace PlateWeb.Web.Features.Alerts;

/// <summary>Hands triggered rules that publish on MQTT to <see cref="MqttAlertPublisher"/> when a broker is configured.</summary>
public sealed partial class MqttAlertAction(MqttAlertPublisher publisher, MqttSettingsStore settings, ILogger<MqttAlertAction> logger) : IAlertAction
{
    public ValueTask HandleAsync(AlertEvent alert, CancellationToken ct)
    {
        if (!alert.Rule.PublishMqtt) return ValueTask.CompletedTask;
        if (!settings.Current.Enabled)
        {
            LogNoBroker(logger, alert.Rule.Id);
            return ValueTask.CompletedTask;
        }
        if (!publisher.TryEnqueue(alert)) LogQueueFull(logger, alert.Rule.Id, alert.Sighting.ReadId);
        return ValueTask.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rule {RuleId} publishes on MQTT but no broker is enabled (Alerts:Mqtt or the MQTT page)")]
    private static partial void LogNoBroker(ILogger logger, int ruleId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT alert of rule {RuleId} for read {ReadId} dropped: the MQTT queue is full")]
    private static partial void LogQueueFull(ILogger logger, int ruleId, long readId);
}

/// <summary>
/// One MQTT connection (MQTTnet) to the configured broker: at each connection it publishes "online" (the will says
/// "offline") and Home Assistant discovery for uploads and every camera, then each alert's messages
/// (<see cref="HomeAssistantDiscovery.AlertMessages"/>) with QoS 1. A lost broker is retried with doubling waits;
/// each alert is logged in AlertDeliveries. When an admin saves other settings it disconnects and connects again.
/// </summary>
public sealed partial class MqttAlertPublisher(
    MqttSettingsStore settings,
    ICameraDirectory cameras,
    DeliveryLog log,
    TimeProvider time,
    ILogger<MqttAlertPublisher> logger) : BackgroundService
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    // A null item: the settings changed.
    private readonly Channel<AlertEvent?> _queue = Channel.CreateBounded<AlertEvent?>(new BoundedChannelOptions(1000)
    {
        FullMode = BoundedChannelFullMode.Wait,
        SingleReader = true,
    });

    private readonly HashSet<string> _announced = [];

    private MqttOptions _options = settings.Current;

    public HomeAssistantDiscovery Discovery { get; private set; } = DiscoveryFor(settings.Current);

    /// <summary>Whether the broker connection is up now (the MQTT page shows it).</summary>
    public bool IsConnected { get; private set; }

    public bool TryEnqueue(AlertEvent alert) => _queue.Writer.TryWrite(alert);

    private static HomeAssistantDiscovery DiscoveryFor(MqttOptions o) => new(o.TopicPrefix.TrimEnd('/'), o.DiscoveryPrefix.TrimEnd('/'));

    private void OnChanged() => _queue.Writer.TryWrite(null);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        client.DisconnectedAsync += _ =>
        {
            IsConnected = false;
            return Task.CompletedTask;
        };
        settings.Changed += OnChanged;
        try
        {
            // Connect at start so that Home Assistant sees the devices before the first alert.
            if (_options.Enabled) await TryConnectAsync(client, stoppingToken);
            await foreach (var alert in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                if (alert is null) await ReconnectAsync(client, stoppingToken);
                else if (_options.Enabled) await PublishAlertAsync(client, alert, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            settings.Changed -= OnChanged;
            await DisconnectAsync(client);
        }
    }

    private async Task ReconnectAsync(IMqttClient client, CancellationToken ct)
    {
        await DisconnectAsync(client);
        _options = settings.Current;
        Discovery = DiscoveryFor(_options);
        _announced.Clear();
        if (_options.Enabled) await TryConnectAsync(client, ct);
    }

    private async Task DisconnectAsync(IMqttClient client)
    {
        if (!client.IsConnected) return;
        try
        {
            await client.PublishAsync(Message(new MqttMessage(Discovery.AvailabilityTopic, "offline", Retain: true)), CancellationToken.None);
            await client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), CancellationToken.None);
        }
        catch (Exception ex) when (ex is MqttCommunicationException or InvalidOperationException)
        {
            LogDisconnectFailed(logger, ex);
        }
        IsConnected = false;
    }

    private async Task PublishAlertAsync(IMqttClient client, AlertEvent alert, CancellationToken ct)
    {
        var o = _options;
        var source = HomeAssistantDiscovery.SourceKey(alert.Sighting.CameraId);
        var delivery = new AlertDelivery
        {
            RuleId = alert.Rule.Id,
            RuleName = alert.Rule.Name,
            ReadId = alert.Sighting.ReadId,
            CameraId = alert.Sighting.CameraId,
            Channel = AlertChannel.Mqtt,
            Target = Discovery.AlertTopic(source),
            Status = DeliveryStatus.Pending,
            CreatedAt = alert.ReceivedAtUtc,
        };
        for (var attempt = 1; attempt <= o.MaxAttempts; attempt++)
        {
            delivery.Attempts = attempt;
            delivery.LastAttemptAt = time.GetUtcNow().UtcDateTime;
            try
            {
                if (!client.IsConnected) await ConnectAsync(client, ct);
                if (_announced.Add(source))
                {
                    foreach (var m in Discovery.ConfigMessages(source, alert.Sighting.CameraName ?? "Uploads")) await client.PublishAsync(Message(m), ct);
                }
                foreach (var m in Discovery.AlertMessages(alert, Json)) await client.PublishAsync(Message(m), ct);
                delivery.Status = DeliveryStatus.Delivered;
                delivery.Error = null;
                delivery.LatencyMs = Stopwatch.GetElapsedTime(alert.ReceivedTimestamp).TotalMilliseconds;
                LogPublished(logger, alert.Rule.Id, alert.Sighting.ReadId, attempt);
                await log.SaveAsync(delivery, ct);
                return;
            }
            catch (Exception ex) when (ex is MqttCommunicationException or InvalidOperationException or TimeoutException)
            {
                delivery.Error = ex.Message;
                delivery.Status = attempt == o.MaxAttempts ? DeliveryStatus.Failed : DeliveryStatus.Pending;
                LogAttemptFailed(logger, alert.Rule.Id, alert.Sighting.ReadId, attempt, ex.GetType().Name);
                await log.SaveAsync(delivery, ct);
                if (attempt < o.MaxAttempts) await Task.Delay(TimeSpan.FromSeconds(Math.Pow(2, attempt - 1)), time, ct);
            }
        }
    }

    private async Task TryConnectAsync(IMqttClient client, CancellationToken ct)
    {
        try
        {
            await ConnectAsync(client, ct);
        }
        catch (Exception ex) when (ex is MqttCommunicationException or InvalidOperationException or TimeoutException)
        {
            // Not fatal: the first alert tries again and its failure is logged with the delivery.
            LogConnectFailed(logger, _options.Host, _options.Port, ex.Message);
        }
    }

    private async Task ConnectAsync(IMqttClient client, CancellationToken ct)
    {
        var o = _options;
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(o.Host, o.Port)
            .WithClientId(o.ClientId)
            .WithCleanSession()
            .WithTimeout(TimeSpan.FromSeconds(10))
            .WithWillTopic(Discovery.AvailabilityTopic)
            .WithWillPayload("offline")
            .WithWillRetain()
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce);
        if (!string.IsNullOrEmpty(o.User)) builder = builder.WithCredentials(o.User, o.Password);
        if (o.UseTls) builder = builder.WithTlsOptions(tls => tls.UseTls());
        await client.ConnectAsync(builder.Build(), ct);
        IsConnected = true;
        LogConnected(logger, o.Host, o.Port);
        await client.PublishAsync(Message(new MqttMessage(Discovery.AvailabilityTopic, "online", Retain: true)), ct);
        var list = await cameras.ListAsync(ct);
        foreach (var m in Discovery.ConfigMessages(list)) await client.PublishAsync(Message(m), ct);
        _announced.Clear();
        _announced.Add(HomeAssistantDiscovery.UploadsKey);
        foreach (var c in list) _announced.Add(HomeAssistantDiscovery.SourceKey(c.Id));
    }

    private static MqttApplicationMessage Message(MqttMessage m) => new MqttApplicationMessageBuilder()
        .WithTopic(m.Topic)
        .WithPayload(m.Payload)
        .WithRetainFlag(m.Retain)
        .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
        .Build();

    [LoggerMessage(Level = LogLevel.Information, Message = "MQTT connected to {Host}:{Port}; Home Assistant discovery published")]
    private static partial void LogConnected(ILogger logger, string host, int port);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT broker {Host}:{Port} not reached: {Reason}")]
    private static partial void LogConnectFailed(ILogger logger, string host, int port, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "MQTT alert of rule {RuleId} for read {ReadId} published at try {Attempt}")]
    private static partial void LogPublished(ILogger logger, int ruleId, long readId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT alert of rule {RuleId} for read {ReadId} failed at try {Attempt}: {Error}")]
    private static partial void LogAttemptFailed(ILogger logger, int ruleId, long readId, int attempt, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT disconnect failed")]
    private static partial void LogDisconnectFailed(ILogger logger, Exception ex);
}
