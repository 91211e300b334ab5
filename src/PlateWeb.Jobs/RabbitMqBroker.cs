using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;

namespace PlateWeb.Jobs;

/// <summary>Jobs waiting, and jobs dead-lettered, as the broker counts them.</summary>
public sealed record QueueDepth(uint Waiting, uint Consumers, uint DeadLettered);

/// <summary>
/// The process's one connection to RabbitMQ (opened on first use, recovered by the client after a broker restart),
/// and the queues every node declares the same way: a durable quorum queue of jobs whose broker-side delivery limit
/// dead-letters a job that keeps coming back, through a direct exchange, to a durable dead-letter queue.
/// </summary>
public sealed partial class RabbitMqBroker(IOptions<QueueOptions> options, ILogger<RabbitMqBroker> logger) : IAsyncDisposable
{
    private readonly RabbitMqOptions _options = options.Value.RabbitMq;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IConnection? _connection;

    public RabbitMqOptions Options => _options;

    /// <summary>Connects, retrying every 2 s until the broker answers or <paramref name="ct"/> ends (it may start after us).</summary>
    public async Task<IConnection> ConnectAsync(string role, CancellationToken ct)
    {
        if (_connection is { } open) return open;
        await _gate.WaitAsync(ct);
        try
        {
            if (_connection is { } raced) return raced;
            var factory = new ConnectionFactory
            {
                Uri = new Uri(_options.Uri!),
                AutomaticRecoveryEnabled = true,
                TopologyRecoveryEnabled = true,
                NetworkRecoveryInterval = TimeSpan.FromSeconds(2),
                ClientProvidedName = $"plateweb-{role}-{Environment.MachineName}-{Environment.ProcessId}",
            };
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    _connection = await factory.CreateConnectionAsync(ct);
                    await using (var channel = await _connection.CreateChannelAsync(cancellationToken: ct))
                    {
                        await DeclareTopologyAsync(channel, ct);
                    }
                    LogConnected(logger, role);
                    return _connection;
                }
                catch (RabbitMQ.Client.Exceptions.BrokerUnreachableException ex) when (!ct.IsCancellationRequested)
                {
                    // The address (and so a password) stays out of the log: the exception's own message is enough.
                    if (attempt == 1 || attempt % 15 == 0) LogUnreachable(logger, ex, attempt);
                    await Task.Delay(TimeSpan.FromSeconds(2), ct);
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Declares the exchange and queues (idempotent; a queue declared before with other arguments fails here, by name).</summary>
    public async Task DeclareTopologyAsync(IChannel channel, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(channel);
        await channel.ExchangeDeclareAsync(_options.DeadLetterExchange, ExchangeType.Direct, durable: true, autoDelete: false, cancellationToken: ct);
        await channel.QueueDeclareAsync(_options.DeadLetterQueue, durable: true, exclusive: false, autoDelete: false, arguments: null, cancellationToken: ct);
        await channel.QueueBindAsync(_options.DeadLetterQueue, _options.DeadLetterExchange, routingKey: _options.JobsQueue, cancellationToken: ct);
        await channel.QueueDeclareAsync(_options.JobsQueue, durable: true, exclusive: false, autoDelete: false, arguments: new Dictionary<string, object?>
        {
            // Quorum: replicated when the broker is a cluster, and it counts deliveries itself (x-delivery-count), so
            // a job that kills its worker before any code of ours can count it still stops after MaxDeliveries.
            ["x-queue-type"] = "quorum",
            // The broker dead-letters once a job has been returned more than this many times: MaxDeliveries in all.
            ["x-delivery-limit"] = _options.MaxDeliveries - 1,
            ["x-dead-letter-exchange"] = _options.DeadLetterExchange,
            ["x-dead-letter-routing-key"] = _options.JobsQueue,
        }, cancellationToken: ct);
    }

    /// <summary>Jobs waiting (ready, not those a worker holds), workers consuming, jobs dead-lettered.</summary>
    public async Task<QueueDepth> DepthAsync(CancellationToken ct)
    {
        var connection = _connection ?? throw new InvalidOperationException("Not connected to RabbitMQ yet.");
        // A channel of its own: a passive declare of a missing queue closes the channel it runs on.
        await using var channel = await connection.CreateChannelAsync(cancellationToken: ct);
        var jobs = await channel.QueueDeclarePassiveAsync(_options.JobsQueue, ct);
        var dead = await channel.QueueDeclarePassiveAsync(_options.DeadLetterQueue, ct);
        return new QueueDepth(jobs.MessageCount, jobs.ConsumerCount, dead.MessageCount);
    }

    public bool IsOpen => _connection?.IsOpen == true;

    public async ValueTask DisposeAsync()
    {
        if (_connection is { } connection)
        {
            try
            {
                await connection.CloseAsync();
            }
            catch (Exception ex) when (ex is RabbitMQ.Client.Exceptions.AlreadyClosedException or OperationCanceledException or IOException)
            {
                // The broker went first.
            }
            connection.Dispose();
        }
        _gate.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Connected to RabbitMQ as {Role}")]
    private static partial void LogConnected(ILogger logger, string role);

    [LoggerMessage(Level = LogLevel.Warning, Message = "RabbitMQ unreachable (attempt {Attempt}); trying again every 2 s")]
    private static partial void LogUnreachable(ILogger logger, Exception ex, int attempt);
}
