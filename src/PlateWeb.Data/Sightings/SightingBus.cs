using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace PlateWeb.Data.Sightings;

/// <summary>
/// In-process publish/subscribe of <see cref="PlateSighting"/>s (singleton). Uploads publish one per stored read,
/// cameras one per completed pass; each subscriber (alert rules, live pages) reads its own bounded channel, so a
/// slow subscriber never delays the publisher or the others: when its channel is full the sighting is dropped for
/// that subscriber only, and a log line says so.
/// </summary>
public sealed class SightingBus(ILogger<SightingBus> logger)
{
    private readonly Lock _gate = new();
    private ImmutableSubscribers _subscribers = ImmutableSubscribers.Empty;

    /// <summary>Hands a sighting to every current subscriber; never waits.</summary>
    public void Publish(PlateSighting sighting)
    {
        foreach (var s in _subscribers.Items)
        {
            if (!s.Channel.Writer.TryWrite(sighting))
                logger.LogWarning("Sighting of read {ReadId} dropped for {Subscriber}: its queue is full", sighting.ReadId, s.Name);
        }
    }

    /// <summary>A new subscription; dispose it to stop receiving. <paramref name="name"/> appears in log lines.</summary>
    public SightingSubscription Subscribe(string name, int capacity = 1000)
    {
        var channel = Channel.CreateBounded<PlateSighting>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait, // TryWrite fails instead of waiting: the publisher never blocks
            SingleReader = true,
        });
        var subscription = new SightingSubscription(name, channel, this);
        lock (_gate) _subscribers = _subscribers.With(subscription);
        return subscription;
    }

    internal void Remove(SightingSubscription subscription)
    {
        lock (_gate) _subscribers = _subscribers.Without(subscription);
        subscription.Channel.Writer.TryComplete();
    }

    private sealed record ImmutableSubscribers(SightingSubscription[] Items)
    {
        public static readonly ImmutableSubscribers Empty = new([]);
        public ImmutableSubscribers With(SightingSubscription s) => new([.. Items, s]);
        public ImmutableSubscribers Without(SightingSubscription s) => new(Items.Where(x => x != s).ToArray());
    }
}

/// <summary>What one subscriber reads; disposing it unsubscribes and completes <see cref="Reader"/>.</summary>
public sealed class SightingSubscription : IDisposable
{
    private readonly SightingBus _bus;

    internal SightingSubscription(string name, Channel<PlateSighting> channel, SightingBus bus)
    {
        Name = name;
        Channel = channel;
        _bus = bus;
    }

    public string Name { get; }

    internal Channel<PlateSighting> Channel { get; }

    public ChannelReader<PlateSighting> Reader => Channel.Reader;

    public void Dispose() => _bus.Remove(this);
}
