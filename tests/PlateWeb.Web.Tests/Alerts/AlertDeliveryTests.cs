using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PlateWeb.Data;
using PlateWeb.Data.Entities;
using PlateWeb.Data.Sightings;
using PlateWeb.Data.Storage;
using PlateWeb.Recognition.Tests;
using PlateWeb.Web.Features.Alerts;
using PlateWeb.Web.Tests.Integration;
using Xunit.Abstractions;

namespace PlateWeb.Web.Tests.Alerts;

/// <summary>
/// Alerts on the real app: a real upload through the API, a real webhook receiver (Kestrel), a real MQTT broker
/// (Debian's mosquitto) and subscriber, and the delivery log in the real SQLite file.
/// </summary>
public sealed class AlertDeliveryTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Secret = "test-secret-of-the-webhook";
    private readonly PlateWebFactory _factory = new();
    private readonly List<IAsyncDisposable> _cleanup = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var d in Enumerable.Reverse(_cleanup)) await d.DisposeAsync();
        await _factory.DisposeAsync();
    }

    [Fact]
    public async Task Webhook_UploadOfAWatchedPlate_IsPostedSignedAndRetriedAfterA500()
    {
        var receiver = await Track(WebhookReceiver.StartAsync(failFirst: 1));
        var app = Track(_factory.WithWebHostBuilder(b => b
            .UseSetting("Alerts:WebhookFirstRetryMs", "50")
            .UseSetting("Alerts:PublicBaseUrl", "https://plates.example")));
        var admin = app.Services.GetRequiredService<AlertAdmin>();
        var list = await admin.CreateWatchlistAsync("banned", Data.Alerts.WatchTolerance.ConfusionsAndOneEdit, default);
        await admin.AddEntryAsync(list.Id, "AB-123-CD", "Stolen van", null, default);
        var (rule, shown) = await admin.CreateRuleAsync(Rule("Banned at the gate", list.Id, webhook: receiver.Url.ToString(), secret: Secret), default);
        Assert.Equal(Secret, shown);

        using var client = await ClientWithKeyAsync(app);
        using var posted = await PostImageAsync(client, TestImages.SmallScene(".png"));
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        using var uploaded = JsonDocument.Parse(await posted.Content.ReadAsStringAsync());
        var imageId = uploaded.RootElement.GetProperty("image_id").GetInt64();
        var readId = uploaded.RootElement.GetProperty("plates")[0].GetProperty("id").GetInt64();

        var hook = await receiver.NextAsync(TimeSpan.FromSeconds(30));
        Assert.True(WebhookSignature.Verify(Secret, hook.Body, hook.Headers[WebhookSignature.Header]));
        Assert.False(WebhookSignature.Verify("another secret", hook.Body, hook.Headers[WebhookSignature.Header]));
        Assert.Equal(EventTypes.WatchlistMatch, hook.Headers["X-PlateWeb-Event"]);
        using var body = JsonDocument.Parse(hook.Body);
        var root = body.RootElement;
        Assert.Equal("watchlist_match", root.GetProperty("event_type").GetString());
        Assert.Equal("Banned at the gate", root.GetProperty("rule").GetProperty("name").GetString());
        Assert.Equal(rule.Id, root.GetProperty("rule").GetProperty("id").GetInt32());
        Assert.Equal("banned", root.GetProperty("watchlist").GetProperty("name").GetString());
        Assert.Equal("Stolen van", root.GetProperty("entry").GetProperty("label").GetString());
        Assert.Equal("AB-123-CD", root.GetProperty("sighting").GetProperty("plate").GetString());
        Assert.Equal(readId, root.GetProperty("sighting").GetProperty("read_id").GetInt64());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("sighting").GetProperty("camera_id").ValueKind);
        Assert.Equal($"https://plates.example/images/{imageId}", root.GetProperty("image_url").GetString());
        Assert.Equal(2, receiver.Requests);

        var delivery = await WaitForDeliveryAsync(app, d => d.Channel == AlertChannel.Webhook && d.Status == DeliveryStatus.Delivered);
        Assert.Equal(2, delivery.Attempts);
        Assert.Equal(200, delivery.StatusCode);
        Assert.Equal(readId, delivery.ReadId);
        Assert.Equal(rule.Id, delivery.RuleId);
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<PlateDbContext>>().CreateDbContextAsync();
        var stored = await db.AlertRules.SingleAsync();
        Assert.DoesNotContain(Secret, stored.WebhookSecretProtected, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Webhook_ReceiverDown_FailsAfterItsAttemptsAndLogsTheError()
    {
        var app = Track(_factory.WithWebHostBuilder(b => b
            .UseSetting("Alerts:WebhookFirstRetryMs", "20")
            .UseSetting("Alerts:WebhookMaxAttempts", "3")));
        var admin = app.Services.GetRequiredService<AlertAdmin>();
        var list = await admin.CreateWatchlistAsync("banned", Data.Alerts.WatchTolerance.Exact, default);
        await admin.AddEntryAsync(list.Id, "AB-123-CD", "", null, default);
        var deadUrl = $"http://127.0.0.1:{MosquittoBroker.FreePort()}/hook";
        await admin.CreateRuleAsync(Rule("Dead hook", list.Id, webhook: deadUrl), default);

        app.Services.GetRequiredService<SightingBus>().Publish(Sighting(1, "AB-123-CD"));

        var delivery = await WaitForDeliveryAsync(app, d => d.Status == DeliveryStatus.Failed);
        Assert.Equal(3, delivery.Attempts);
        Assert.Null(delivery.StatusCode);
        Assert.False(string.IsNullOrWhiteSpace(delivery.Error));
    }

    [Fact]
    public async Task Mqtt_AlertOnACameraAndAnUpload_PublishesDiscoveryAndEvents()
    {
        var broker = await Track(MosquittoBroker.StartAsync());
        var recorder = await Track(MqttRecorder.StartAsync(broker.Port, "homeassistant/#", "plateweb/#"));
        var app = Track(_factory.WithWebHostBuilder(b => b
            .UseSetting("Alerts:Mqtt:Enabled", "true")
            .UseSetting("Alerts:Mqtt:Port", broker.Port.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .ConfigureTestServices(s => s.AddSingleton<ICameraDirectory>(new TestCameras(new CameraRef(7, "Gate"))))));
        var admin = app.Services.GetRequiredService<AlertAdmin>();
        var residents = await admin.CreateWatchlistAsync("residents", Data.Alerts.WatchTolerance.ConfusionsAndOneEdit, default);
        await admin.AddEntryAsync(residents.Id, "GH-456-JK", "Flat 3", null, default);
        await admin.CreateRuleAsync(Rule("Stranger", residents.Id, mqtt: true, trigger: AlertTrigger.NotOnList), default);

        // Discovery at connection: a sensor and an event entity for uploads and for each camera, retained.
        foreach (var source in new[] { "uploads", "camera_7" })
        {
            var sensor = await recorder.WaitForAsync($"homeassistant/sensor/plateweb/{source}_last_plate/config");
            using var sensorConfig = JsonDocument.Parse(sensor.Payload);
            Assert.Equal($"plateweb/{source}/last_plate", sensorConfig.RootElement.GetProperty("state_topic").GetString());
            Assert.Equal($"plateweb_{source}_last_plate", sensorConfig.RootElement.GetProperty("unique_id").GetString());
            var evt = await recorder.WaitForAsync($"homeassistant/event/plateweb/{source}_alert/config");
            using var eventConfig = JsonDocument.Parse(evt.Payload);
            Assert.Equal($"plateweb/{source}/alert", eventConfig.RootElement.GetProperty("state_topic").GetString());
            Assert.Contains("not_on_allow_list", eventConfig.RootElement.GetProperty("event_types").EnumerateArray().Select(e => e.GetString()));
        }
        await recorder.WaitForAsync("plateweb/status", m => m.Payload == "online");
        // A late subscriber still finds the discovery: it is retained.
        var late = await Track(MqttRecorder.StartAsync(broker.Port, "homeassistant/#"));
        Assert.True((await late.WaitForAsync("homeassistant/event/plateweb/camera_7_alert/config")).Retain);

        var bus = app.Services.GetRequiredService<SightingBus>();
        bus.Publish(Sighting(10, "GH-456-JK", cameraId: 7)); // a resident: the allow-list rule stays quiet
        bus.Publish(Sighting(11, "XY-987-ZT", cameraId: 7));
        bus.Publish(Sighting(12, "QR-111-ST"));

        var gate = await recorder.WaitForAsync("plateweb/camera_7/alert");
        using (var payload = JsonDocument.Parse(gate.Payload))
        {
            Assert.Equal("not_on_allow_list", payload.RootElement.GetProperty("event_type").GetString());
            Assert.Equal("XY-987-ZT", payload.RootElement.GetProperty("sighting").GetProperty("plate").GetString());
            Assert.Equal("Gate", payload.RootElement.GetProperty("sighting").GetProperty("camera_name").GetString());
            Assert.Equal("Stranger", payload.RootElement.GetProperty("rule").GetProperty("name").GetString());
        }
        Assert.Equal("XY-987-ZT", (await recorder.WaitForAsync("plateweb/camera_7/last_plate")).Payload);
        var upload = await recorder.WaitForAsync("plateweb/uploads/alert");
        Assert.Contains("QR-111-ST", upload.Payload, StringComparison.Ordinal);
        await WaitForDeliveryAsync(app, d => d.Channel == AlertChannel.Mqtt && d.ReadId == 12 && d.Status == DeliveryStatus.Delivered);
        Assert.DoesNotContain(recorder.Messages, m => m.Payload.Contains("GH-456-JK", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Mqtt_SettingsSavedByAnAdmin_ConnectAndAnnounceWithoutARestart()
    {
        var broker = await Track(MosquittoBroker.StartAsync());
        var recorder = await Track(MqttRecorder.StartAsync(broker.Port, "homeassistant/#", "house/#"));
        var app = Track(_factory.WithWebHostBuilder(_ => { }));
        var store = app.Services.GetRequiredService<MqttSettingsStore>();
        var publisher = app.Services.GetRequiredService<MqttAlertPublisher>();
        Assert.False(store.Current.Enabled);
        Assert.False(publisher.IsConnected);

        var bad = new MqttOptions { Enabled = true, Host = "127.0.0.1", Port = 0 };
        Assert.Equal("BadMqtt", (await Assert.ThrowsAsync<AlertAdminException>(() => store.SaveAsync(bad, null, default))).Code);
        Assert.False(store.IsEdited);

        await store.SaveAsync(new MqttOptions { Enabled = true, Host = "127.0.0.1", Port = broker.Port, TopicPrefix = "house/plates" }, "pw-never-shown", default);

        var sensor = await recorder.WaitForAsync("homeassistant/sensor/plateweb/uploads_last_plate/config");
        Assert.Contains("house/plates/uploads/last_plate", sensor.Payload, StringComparison.Ordinal);
        await recorder.WaitForAsync("house/plates/status", m => m.Payload == "online");
        Assert.True(publisher.IsConnected);
        var file = Path.Combine(_factory.DataDirectory, "mqtt.json");
        Assert.True(File.Exists(file));
        Assert.DoesNotContain("pw-never-shown", await File.ReadAllTextAsync(file), StringComparison.Ordinal);
        Assert.Equal("pw-never-shown", store.Current.Password);

        store.Reset();
        await recorder.WaitForAsync("house/plates/status", m => m.Payload == "offline");
        Assert.False(File.Exists(file));
    }

    /// <summary>
    /// Benchmark, not a timed test: from the sighting's publication to the webhook received and the MQTT message
    /// received, over many sightings; prints p50 and p95 (docs/PERFORMANCE.md). Asserts only that every alert arrived.
    /// </summary>
    [Fact]
    [Trait("Category", "Benchmark")]
    public async Task Latency_PublishToWebhookAndMqtt_PrintsPercentiles()
    {
        const int count = 200;
        var receiver = await Track(WebhookReceiver.StartAsync());
        var broker = await Track(MosquittoBroker.StartAsync());
        var recorder = await Track(MqttRecorder.StartAsync(broker.Port, "plateweb/+/alert"));
        var app = Track(_factory.WithWebHostBuilder(b => b
            .UseSetting("Alerts:Mqtt:Enabled", "true")
            .UseSetting("Alerts:Mqtt:Port", broker.Port.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        var admin = app.Services.GetRequiredService<AlertAdmin>();
        var list = await admin.CreateWatchlistAsync("banned", Data.Alerts.WatchTolerance.ConfusionsAndOneEdit, default);
        for (var i = 0; i < 200; i++) await admin.AddEntryAsync(list.Id, $"ZZ-{i:000}-ZZ", $"entry {i}", null, default);
        await admin.AddEntryAsync(list.Id, "AB-1??-CD", "pattern", null, default);
        await admin.CreateRuleAsync(Rule("Bench", list.Id, webhook: receiver.Url.ToString(), secret: Secret, mqtt: true), default);
        var bus = app.Services.GetRequiredService<SightingBus>();

        var published = new Dictionary<long, long>();
        var webhook = new List<double>();
        var mqtt = new Dictionary<long, double>();
        for (var i = 0; i < count; i++)
        {
            // One at a time, a few ms apart, as passes come: the figure is the latency, not a queue's throughput.
            var readId = 1000 + i;
            var start = Stopwatch.GetTimestamp();
            published[readId] = start;
            bus.Publish(Sighting(readId, "AB-177-CD"));
            var hook = await receiver.NextAsync(TimeSpan.FromSeconds(30));
            webhook.Add(Stopwatch.GetElapsedTime(start, hook.Timestamp).TotalMilliseconds);
            var message = await recorder.WaitForAsync("plateweb/uploads/alert", m => m.Payload.Contains($"\"read_id\":{readId},", StringComparison.Ordinal));
            mqtt[readId] = Stopwatch.GetElapsedTime(start, message.Timestamp).TotalMilliseconds;
            await Task.Delay(5);
        }

        Assert.Equal(count, webhook.Count);
        Assert.Equal(count, mqtt.Count);
        output.WriteLine($"alert latency over {count} sightings (publish → received), {Environment.ProcessorCount} CPUs");
        output.WriteLine($"webhook: p50 {Percentile(webhook, 0.50):F1} ms, p95 {Percentile(webhook, 0.95):F1} ms, max {webhook.Max():F1} ms");
        output.WriteLine($"mqtt:    p50 {Percentile(mqtt.Values, 0.50):F1} ms, p95 {Percentile(mqtt.Values, 0.95):F1} ms, max {mqtt.Values.Max():F1} ms");
    }

    private static double Percentile(IEnumerable<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    private static AlertRuleDraft Rule(string name, int listId, string? webhook = null, string? secret = null, bool mqtt = false,
        AlertTrigger trigger = AlertTrigger.OnList) =>
        new(name, listId, trigger, [], IncludeUploads: false, FromHour: null, ToHour: null, TimeZone: null,
            NotifyInApp: true, WebhookUrl: webhook, WebhookSecret: secret, PublishMqtt: mqtt);

    private static PlateSighting Sighting(long readId, string text, int? cameraId = null) => new(
        readId, readId, text, Recognition.Grammar.PlateGrammar.Normalize(text), "FR", 0.9, DateTimeOffset.UtcNow,
        cameraId, cameraId is null ? null : "Gate", cameraId is null ? null : readId);

    private static async Task<AlertDelivery> WaitForDeliveryAsync(WebApplicationFactory<Program> app, Func<AlertDelivery, bool> accept)
    {
        var log = app.Services.GetRequiredService<DeliveryLog>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var (items, _) = await log.ListAsync(0, 100, default);
            if (items.FirstOrDefault(accept) is { } found) return found;
            if (DateTime.UtcNow > deadline) throw new TimeoutException("No such delivery: " + string.Join("; ", items.Select(d => $"{d.Channel} {d.Status} {d.Attempts} {d.Error}")));
            await Task.Delay(50);
        }
    }

    private static async Task<HttpClient> ClientWithKeyAsync(WebApplicationFactory<Program> app)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var created = await app.Services.GetRequiredService<ApiKeyStore>().CreateAsync("alerts", CancellationToken.None);
        client.DefaultRequestHeaders.Add("X-Api-Key", created.Secret);
        return client;
    }

    private static async Task<HttpResponseMessage> PostImageAsync(HttpClient client, byte[] bytes)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "image", "scene.png");
        return await client.PostAsync(new Uri("/api/reads", UriKind.Relative), form);
    }

    private T Track<T>(T disposable) where T : IAsyncDisposable
    {
        _cleanup.Add(disposable);
        return disposable;
    }

    private async Task<T> Track<T>(Task<T> starting) where T : IAsyncDisposable => Track(await starting);

    private sealed class TestCameras(params CameraRef[] cameras) : ICameraDirectory
    {
        public Task<IReadOnlyList<CameraRef>> ListAsync(CancellationToken ct) => Task.FromResult<IReadOnlyList<CameraRef>>(cameras);
    }
}
