using System.Text.Json;
using Microsoft.Extensions.Options;
using PlateWeb.Web.Features.Alerts;
using StackExchange.Redis;

namespace PlateWeb.Web.Features.ScaleOut;

/// <summary>
/// In-app alerts to the pages of every web node. Rules are evaluated once, on the node that stored the read (its
/// <see cref="AlertWorker"/>), so webhooks and MQTT messages are sent once; only the resulting <see cref="InAppAlert"/>
/// crosses nodes, on one Redis pub/sub channel, and each other node hands it to its own signed-in pages.
/// Sightings themselves are not relayed: every node's rules would then fire for every read. A change to the rules or
/// watchlists made on one node is announced on a second channel, so that every node's <see cref="AlertCatalog"/>
/// reloads (each keeps its rules in memory).
/// </summary>
public sealed partial class RedisAlertRelay(
    RedisConnection redis,
    IOptions<RedisOptions> options,
    AlertNotifier notifier,
    AlertCatalog catalog,
    ILogger<RedisAlertRelay> logger) : BackgroundService, IInAppAlertRelay
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    // Tells this node's own messages apart when Redis echoes them back to it.
    private readonly string _node = Guid.NewGuid().ToString("N");

    private RedisChannel Channel => RedisChannel.Literal(options.Value.ChannelPrefix + ":alerts");

    private RedisChannel CatalogChannel => RedisChannel.Literal(options.Value.ChannelPrefix + ":alert-rules");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        catalog.Changed += OnCatalogChanged;
        // Until Redis first answers: a node started before its Redis joins the others once it does (StackExchange.Redis
        // then keeps the subscriptions across reconnects itself).
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SubscribeAsync(stoppingToken);
                return;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                LogSubscribeFailed(logger, ex);
                await Task.Delay(TimeSpan.FromSeconds(5), stoppingToken);
            }
        }
    }

    private async Task SubscribeAsync(CancellationToken ct)
    {
        var subscriber = (await redis.GetAsync(ct)).GetSubscriber();
        // A queue handled in order, one message at a time: alerts reach the pages in the order they were raised.
        var alerts = await subscriber.SubscribeAsync(Channel);
        alerts.OnMessage(message => OnMessageAsync(message.Message));
        var changes = await subscriber.SubscribeAsync(CatalogChannel);
        changes.OnMessage(message =>
        {
            if (message.Message != _node) catalog.InvalidateFromPeer();
        });
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        catalog.Changed -= OnCatalogChanged;
        await base.StopAsync(cancellationToken);
    }

    private void OnCatalogChanged()
    {
        // Fire and forget on purpose: the admin's save must not wait for Redis; a lost message leaves the other nodes on
        // the old rules until their next change or restart, which the warning says.
        _ = AnnounceAsync();

        async Task AnnounceAsync()
        {
            try
            {
                var connection = await redis.GetAsync(CancellationToken.None);
                await connection.GetSubscriber().PublishAsync(CatalogChannel, _node, CommandFlags.FireAndForget);
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                LogCatalogNotAnnounced(logger, ex);
            }
        }
    }

    public async Task RelayAsync(InAppAlert alert, CancellationToken ct)
    {
        try
        {
            var connection = await redis.GetAsync(ct);
            var message = JsonSerializer.Serialize(new RelayedAlert(_node, alert), Json);
            // Not waited for: the rules must go on to the next sighting even while Redis is slow or away.
            await connection.GetSubscriber().PublishAsync(Channel, message, CommandFlags.FireAndForget);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // This node's pages already have it; the others miss one alert, which stays in the history and deliveries.
            LogRelayFailed(logger, ex, alert.RuleId, alert.ReadId);
        }
    }

    private async Task OnMessageAsync(RedisValue value)
    {
        try
        {
            var relayed = JsonSerializer.Deserialize<RelayedAlert>(value.ToString(), Json);
            if (relayed is null || relayed.Node == _node) return;
            await notifier.PublishAsync(relayed.Alert);
        }
        catch (JsonException ex)
        {
            LogBadMessage(logger, ex);
        }
    }

    private sealed record RelayedAlert(string Node, InAppAlert Alert);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert of rule {RuleId}, read {ReadId} not relayed to the other web nodes")]
    private static partial void LogRelayFailed(ILogger logger, Exception ex, int ruleId, long readId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A change to the alert rules was not announced to the other web nodes: they keep the old rules until restarted")]
    private static partial void LogCatalogNotAnnounced(ILogger logger, Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis does not answer: alerts of the other web nodes are not heard yet, trying again in 5 s")]
    private static partial void LogSubscribeFailed(ILogger logger, Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A message on the alerts channel could not be read")]
    private static partial void LogBadMessage(ILogger logger, Exception ex);
}
