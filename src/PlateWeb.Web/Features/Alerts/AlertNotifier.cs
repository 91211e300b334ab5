using System.Collections.Concurrent;

namespace PlateWeb.Web.Features.Alerts;

/// <summary>What a signed-in user's page shows of an alert.</summary>
public sealed record InAppAlert(int RuleId, string RuleName, string EventType, string Plate, string? Label, string? CameraName, long ReadId, long ImageId, DateTimeOffset At);

/// <summary>
/// Live alerts to the pages of signed-in users (the bell in the app bar subscribes once per circuit, inside
/// AuthorizeView, and disposes its subscription). Every signed-in user hears of every alert: watchlists are the
/// site's, and viewers see the same history; keyed by circuit so a closed page stops receiving.
/// </summary>
public sealed partial class AlertNotifier(ILogger<AlertNotifier> logger)
{
    private readonly ConcurrentDictionary<Guid, Func<InAppAlert, Task>> _subscribers = new();

    public int Subscribers => _subscribers.Count;

    public IDisposable Subscribe(Func<InAppAlert, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var key = Guid.NewGuid();
        _subscribers[key] = handler;
        return new Subscription(this, key);
    }

    public async Task PublishAsync(InAppAlert alert)
    {
        foreach (var (key, handler) in _subscribers)
        {
            try
            {
                await handler(alert);
            }
            catch (Exception ex)
            {
                // A closed circuit must not keep the others from hearing.
                LogSubscriberFailed(logger, ex, key);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert subscriber {Key} failed to take an alert")]
    private static partial void LogSubscriberFailed(ILogger logger, Exception ex, Guid key);

    private sealed class Subscription(AlertNotifier owner, Guid key) : IDisposable
    {
        public void Dispose() => owner._subscribers.TryRemove(key, out _);
    }
}

/// <summary>
/// Hands an in-app alert raised on this node to the pages of the other web nodes (ScaleOut's Redis relay, registered
/// only when Redis:Connection is set); the receiving node gives it to its own <see cref="AlertNotifier"/>.
/// </summary>
public interface IInAppAlertRelay
{
    Task RelayAsync(InAppAlert alert, CancellationToken ct);
}

/// <summary>
/// Rules with "notify in the app" reach the signed-in users' pages through <see cref="AlertNotifier"/>, on this node
/// and, through the relays, on the others.
/// </summary>
public sealed class InAppAlertAction(AlertNotifier notifier, IEnumerable<IInAppAlertRelay> relays) : IAlertAction
{
    private readonly IInAppAlertRelay[] _relays = relays.ToArray();

    public async ValueTask HandleAsync(AlertEvent alert, CancellationToken ct)
    {
        if (!alert.Rule.NotifyInApp) return;
        var s = alert.Sighting;
        var inApp = new InAppAlert(
            alert.Rule.Id, alert.Rule.Name, alert.EventType, s.Text, alert.Match.Entry?.Label, s.CameraName, s.ReadId, s.ImageId, s.At);
        await notifier.PublishAsync(inApp);
        foreach (var relay in _relays) await relay.RelayAsync(inApp, ct);
    }
}
