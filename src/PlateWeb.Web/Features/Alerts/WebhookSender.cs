using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using PlateWeb.Data.Entities;

namespace PlateWeb.Web.Features.Alerts;

/// <summary>Hands triggered rules that have a webhook to <see cref="WebhookSender"/> (bounded queue; never waits: full means logged and dropped).</summary>
public sealed partial class WebhookAlertAction(WebhookQueue queue, ILogger<WebhookAlertAction> logger) : IAlertAction
{
    public ValueTask HandleAsync(AlertEvent alert, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(alert.Rule.WebhookUrl)) return ValueTask.CompletedTask;
        if (!queue.Writer.TryWrite(alert)) LogQueueFull(logger, alert.Rule.Id, alert.Sighting.ReadId);
        return ValueTask.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook of rule {RuleId} for read {ReadId} dropped: the webhook queue is full")]
    private static partial void LogQueueFull(ILogger logger, int ruleId, long readId);
}

public sealed class WebhookQueue
{
    private readonly Channel<AlertEvent> _channel = Channel.CreateBounded<AlertEvent>(new BoundedChannelOptions(1000)
    {
        FullMode = BoundedChannelFullMode.Wait,
    });

    public ChannelWriter<AlertEvent> Writer => _channel.Writer;

    public ChannelReader<AlertEvent> Reader => _channel.Reader;
}

/// <summary>
/// POSTs each alert's JSON (<see cref="AlertPayload"/>) to its rule's webhook, signed with the rule's HMAC secret;
/// retries network errors, timeouts, 408, 429 and 5xx with doubling waits; logs every try in AlertDeliveries.
/// A few loops run at once so that one slow receiver never holds the others.
/// </summary>
public sealed partial class WebhookSender(
    WebhookQueue queue,
    IHttpClientFactory httpFactory,
    WebhookSecrets secrets,
    DeliveryLog log,
    IOptions<AlertOptions> options,
    TimeProvider time,
    ILogger<WebhookSender> logger) : BackgroundService
{
    public const string HttpClientName = "alerts-webhook";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, options.Value.WebhookWorkers).Select(_ => RunLoopAsync(stoppingToken)));

    private async Task RunLoopAsync(CancellationToken ct)
    {
        await Task.Yield();
        try
        {
            await foreach (var alert in queue.Reader.ReadAllAsync(ct))
            {
                try
                {
                    await DeliverAsync(alert, ct);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogFailed(logger, ex, alert.Rule.Id, alert.Sighting.ReadId);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private async Task DeliverAsync(AlertEvent alert, CancellationToken ct)
    {
        var o = options.Value;
        var url = alert.Rule.WebhookUrl!;
        var delivery = new AlertDelivery
        {
            RuleId = alert.Rule.Id,
            RuleName = alert.Rule.Name,
            ReadId = alert.Sighting.ReadId,
            CameraId = alert.Sighting.CameraId,
            Channel = AlertChannel.Webhook,
            Target = url,
            Status = DeliveryStatus.Pending,
            CreatedAt = alert.ReceivedAtUtc,
        };
        string? secret = null;
        if (alert.Rule.WebhookSecretProtected is { Length: > 0 } protectedSecret)
        {
            try
            {
                secret = secrets.Unprotect(protectedSecret);
            }
            catch (CryptographicException)
            {
                delivery.Status = DeliveryStatus.Failed;
                delivery.Error = "The webhook's secret cannot be read (the data-protection keys changed): save the rule with a new secret.";
                LogSecretUnreadable(logger, alert.Rule.Id);
                await log.SaveAsync(delivery, ct);
                return;
            }
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(alert.ToPayload(), Json);
        var deliveryId = Guid.NewGuid().ToString("N");
        var client = httpFactory.CreateClient(HttpClientName);
        for (var attempt = 1; attempt <= o.WebhookMaxAttempts; attempt++)
        {
            var (code, error, retry) = await PostOnceAsync(client, url, body, secret, alert.EventType, deliveryId, o.WebhookTimeoutSeconds, ct);
            delivery.Attempts = attempt;
            delivery.StatusCode = code;
            delivery.Error = error;
            delivery.LastAttemptAt = time.GetUtcNow().UtcDateTime;
            if (error is null)
            {
                delivery.Status = DeliveryStatus.Delivered;
                delivery.LatencyMs = Stopwatch.GetElapsedTime(alert.ReceivedTimestamp).TotalMilliseconds;
                LogDelivered(logger, alert.Rule.Id, alert.Sighting.ReadId, attempt, code ?? 0);
                await log.SaveAsync(delivery, ct);
                return;
            }
            var last = !retry || attempt == o.WebhookMaxAttempts;
            delivery.Status = last ? DeliveryStatus.Failed : DeliveryStatus.Pending;
            LogAttemptFailed(logger, alert.Rule.Id, alert.Sighting.ReadId, attempt, code ?? 0);
            await log.SaveAsync(delivery, ct);
            if (last) return;
            await Task.Delay(TimeSpan.FromMilliseconds(o.WebhookFirstRetryMs * Math.Pow(2, attempt - 1)), time, ct);
        }
    }

    private static async Task<(int? Code, string? Error, bool Retry)> PostOnceAsync(
        HttpClient client, string url, byte[] body, string? secret, string eventType, string deliveryId, int timeoutSeconds, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(timeoutSeconds));
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add("X-PlateWeb-Event", eventType);
        request.Headers.Add("X-PlateWeb-Delivery", deliveryId);
        if (secret is not null) request.Headers.Add(WebhookSignature.Header, WebhookSignature.Compute(secret, body));
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var code = (int)response.StatusCode;
            if (response.IsSuccessStatusCode) return (code, null, false);
            var retry = code >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;
            return (code, $"HTTP {code} {response.ReasonPhrase}", retry);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return (null, $"No answer within {timeoutSeconds} s", true);
        }
        catch (HttpRequestException ex)
        {
            return (null, ex.Message, true);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook of rule {RuleId} for read {ReadId} delivered at try {Attempt} (HTTP {StatusCode})")]
    private static partial void LogDelivered(ILogger logger, int ruleId, long readId, int attempt, int statusCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook of rule {RuleId} for read {ReadId} failed at try {Attempt} (HTTP {StatusCode}; 0: no answer)")]
    private static partial void LogAttemptFailed(ILogger logger, int ruleId, long readId, int attempt, int statusCode);

    [LoggerMessage(Level = LogLevel.Error, Message = "Webhook secret of rule {RuleId} cannot be unprotected")]
    private static partial void LogSecretUnreadable(ILogger logger, int ruleId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Webhook of rule {RuleId} for read {ReadId} failed")]
    private static partial void LogFailed(ILogger logger, Exception ex, int ruleId, long readId);
}
