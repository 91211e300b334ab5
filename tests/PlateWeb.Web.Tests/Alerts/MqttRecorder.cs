using System.Collections.Concurrent;
using System.Diagnostics;
using MQTTnet;

namespace PlateWeb.Web.Tests.Alerts;

public sealed record ReceivedMqtt(string Topic, string Payload, bool Retain, long Timestamp);

/// <summary>A real MQTT subscriber (MQTTnet) on the test's broker that records every message of its filters.</summary>
public sealed class MqttRecorder : IAsyncDisposable
{
    private readonly IMqttClient _client;
    private readonly ConcurrentQueue<ReceivedMqtt> _messages = new();
    private readonly SemaphoreSlim _arrived = new(0);

    private MqttRecorder(IMqttClient client)
    {
        _client = client;
        _client.ApplicationMessageReceivedAsync += e =>
        {
            _messages.Enqueue(new ReceivedMqtt(e.ApplicationMessage.Topic, e.ApplicationMessage.ConvertPayloadToString(), e.ApplicationMessage.Retain, Stopwatch.GetTimestamp()));
            _arrived.Release();
            return Task.CompletedTask;
        };
    }

    public IReadOnlyCollection<ReceivedMqtt> Messages => _messages;

    public static async Task<MqttRecorder> StartAsync(int port, params string[] filters)
    {
        var factory = new MqttClientFactory();
        var client = factory.CreateMqttClient();
        var recorder = new MqttRecorder(client);
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId("test-" + Guid.NewGuid().ToString("N")).Build());
        var subscribe = factory.CreateSubscribeOptionsBuilder();
        foreach (var f in filters) subscribe = subscribe.WithTopicFilter(f);
        await client.SubscribeAsync(subscribe.Build());
        return recorder;
    }

    /// <summary>Waits until a message on <paramref name="topic"/> satisfies <paramref name="accept"/>.</summary>
    public async Task<ReceivedMqtt> WaitForAsync(string topic, Func<ReceivedMqtt, bool>? accept = null, int timeoutSeconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            var found = _messages.FirstOrDefault(m => m.Topic == topic && (accept is null || accept(m)));
            if (found is not null) return found;
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
                throw new TimeoutException($"No message on {topic}; seen: {string.Join(", ", _messages.Select(m => m.Topic).Distinct())}");
            await _arrived.WaitAsync(left);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected) await _client.DisconnectAsync();
        _client.Dispose();
    }
}
