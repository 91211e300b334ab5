using System.Diagnostics;
using Microsoft.Extensions.Options;
using PlateWeb.Data.Sightings;

namespace PlateWeb.Web.Features.Alerts;

/// <summary>
/// Reads every sighting from the <see cref="SightingBus"/> (its own bounded queue), evaluates the enabled rules and
/// hands each triggered rule to every <see cref="IAlertAction"/>. A failing sighting or action is logged, never fatal.
/// </summary>
public sealed partial class AlertWorker(
    SightingBus bus,
    AlertCatalog catalog,
    IEnumerable<IAlertAction> actions,
    IOptions<AlertOptions> options,
    TimeProvider time,
    ILogger<AlertWorker> logger) : BackgroundService
{
    private readonly IAlertAction[] _actions = actions.ToArray();
    private SightingSubscription? _subscription;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Subscribed before the app takes requests: no upload's sighting is published before the rules listen.
        _subscription = bus.Subscribe("alert rules", options.Value.QueueCapacity);
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var subscription = _subscription ?? throw new InvalidOperationException("Not started.");
        var baseUrl = options.Value.PublicBaseUrl.TrimEnd('/');
        try
        {
            await foreach (var sighting in subscription.Reader.ReadAllAsync(stoppingToken))
            {
                var timestamp = Stopwatch.GetTimestamp();
                try
                {
                    var rules = await catalog.RulesAsync(stoppingToken);
                    foreach (var match in RuleEvaluator.Evaluate(rules, sighting))
                    {
                        LogTriggered(logger, match.Rule.Id, sighting.ReadId);
                        var alert = new AlertEvent(match, sighting, $"{baseUrl}/images/{sighting.ImageId}", time.GetUtcNow().UtcDateTime, timestamp);
                        foreach (var action in _actions)
                        {
                            try
                            {
                                await action.HandleAsync(alert, stoppingToken);
                            }
                            catch (Exception ex) when (ex is not OperationCanceledException)
                            {
                                LogActionFailed(logger, ex, action.GetType().Name, match.Rule.Id, sighting.ReadId);
                            }
                        }
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogSightingFailed(logger, ex, sighting.ReadId);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override void Dispose()
    {
        _subscription?.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Alert rule {RuleId} triggered by read {ReadId}")]
    private static partial void LogTriggered(ILogger logger, int ruleId, long readId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Alert action {Action} failed for rule {RuleId}, read {ReadId}")]
    private static partial void LogActionFailed(ILogger logger, Exception ex, string action, int ruleId, long readId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Alert rules failed for read {ReadId}")]
    private static partial void LogSightingFailed(ILogger logger, Exception ex, long readId);
}
