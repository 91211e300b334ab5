using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace PlateWeb.Jobs;

/// <summary>Why the broker moved a job to the dead-letter queue (its x-death reason).</summary>
public enum DeadLetterReason
{
    /// <summary>A worker rejected it: not an image, no valid hash, its image gone from the spool, or failed on every try.</summary>
    Rejected,

    /// <summary>Delivered Queue:RabbitMq:MaxDeliveries times without an answer: its workers died on it (a native fault, kill -9).</summary>
    DeliveryLimit,

    /// <summary>Anything else the broker names (a message TTL or a length limit set by an operator).</summary>
    Other,
}

/// <summary>One dead-lettered job as the admins see it; times in UTC.</summary>
/// <param name="Key">What <see cref="DeadLetterQueue.RetryAsync"/> and <see cref="DeadLetterQueue.DiscardAsync"/> take: the job id, else a hash of the message.</param>
/// <param name="Sha256">The image's hash (null when the message is not a job).</param>
/// <param name="Deliveries">How often workers were given it before it was dead-lettered.</param>
/// <param name="InSpool">Whether its image still waits in the spool (a retry can only read it then).</param>
public sealed record DeadLetter(
    string Key, Guid? JobId, string? Sha256, DeadLetterReason Reason, DateTime? DeadLetteredAt, DateTime? EnqueuedAt, long Deliveries, bool InSpool);

/// <summary>A dead letter that is not (or no longer) in the queue, or a queue that cannot be reached; said in words.</summary>
public sealed class DeadLetterException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The admin's view of the dead-letter queue: list it, send a job back to the workers, or discard it.</summary>
public interface IDeadLetterQueue
{
    /// <summary>At most <paramref name="max"/> dead letters, oldest first; they stay in the queue.</summary>
    Task<IReadOnlyList<DeadLetter>> ListAsync(int max, CancellationToken ct);

    /// <summary>Publishes the job again to the jobs queue (with a fresh delivery count), then removes it from the dead letters.</summary>
    Task RetryAsync(string key, CancellationToken ct);

    /// <summary>Removes it for good, with its image in the spool.</summary>
    Task DiscardAsync(string key, CancellationToken ct);
}

/// <summary>
/// The dead-letter queue over AMQP alone (no management plugin): basic.get without acknowledgement to look, the
/// messages not taken returned to the queue in their order by one nack. Dead letters are few (a poison image, a
/// crashing worker), so each action walks the queue from its head; <see cref="MaxScan"/> bounds the walk.
/// </summary>
public sealed partial class DeadLetterQueue(RabbitMqBroker broker, JobSpool spool, ILogger<DeadLetterQueue> logger) : IDeadLetterQueue
{
    /// <summary>The most messages one look or action reads.</summary>
    public const int MaxScan = 1000;

    public async Task<IReadOnlyList<DeadLetter>> ListAsync(int max, CancellationToken ct)
    {
        max = Math.Clamp(max, 1, MaxScan);
        var found = new List<DeadLetter>();
        await WalkAsync(async (_, message) =>
        {
            found.Add(Describe(message));
            return found.Count >= max ? Step.Stop : Step.Next;
        }, publishConfirms: false, ct);
        return found;
    }

    public async Task RetryAsync(string key, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        var done = await WalkAsync(async (channel, message) =>
        {
            if (KeyOf(message) != key) return Step.Next;
            var source = message.BasicProperties;
            // A fresh message: the dead-letter headers (x-death, x-delivery-count) stay behind, or the worker would
            // count the old deliveries and give up on the first failure.
            var properties = new BasicProperties
            {
                Persistent = true,
                MessageId = source.MessageId,
                ReplyTo = source.ReplyTo,
                ContentType = source.ContentType,
                Type = source.Type,
            };
            await channel.BasicPublishAsync(exchange: "", routingKey: broker.Options.JobsQueue, mandatory: true, properties, message.Body, ct);
            await channel.BasicAckAsync(message.DeliveryTag, multiple: false, ct);
            LogRetried(logger, key);
            return Step.Taken;
        }, publishConfirms: true, ct);
        if (!done) throw NotFound(key);
    }

    public async Task DiscardAsync(string key, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        string? sha = null;
        var done = await WalkAsync(async (channel, message) =>
        {
            if (KeyOf(message) != key) return Step.Next;
            sha = Describe(message).Sha256;
            await channel.BasicAckAsync(message.DeliveryTag, multiple: false, ct);
            LogDiscarded(logger, key);
            return Step.Taken;
        }, publishConfirms: false, ct);
        if (!done) throw NotFound(key);
        // Its image will never be read: the spool keeps only images that wait. (Were the same bytes queued again
        // meanwhile, that job finds them gone and is dead-lettered in turn, to be uploaded again.)
        if (sha is not null) spool.Delete(sha);
    }

    private enum Step
    {
        Next,
        Stop,
        Taken,
    }

    /// <summary>
    /// Reads the queue from its head on a channel of its own, giving each message to <paramref name="visit"/>, then
    /// returns every message not taken with one nack (requeue keeps their order). True when a visit took one.
    /// </summary>
    private async Task<bool> WalkAsync(Func<IChannel, BasicGetResult, Task<Step>> visit, bool publishConfirms, CancellationToken ct)
    {
        try
        {
            var connection = await broker.ConnectAsync("web", ct);
            await using var channel = await connection.CreateChannelAsync(
                new CreateChannelOptions(publisherConfirmationsEnabled: publishConfirms, publisherConfirmationTrackingEnabled: publishConfirms), ct);
            ulong? lastHeld = null;
            var taken = false;
            try
            {
                for (var i = 0; i < MaxScan; i++)
                {
                    var message = await channel.BasicGetAsync(broker.Options.DeadLetterQueue, autoAck: false, ct);
                    if (message is null) break;
                    var step = await visit(channel, message);
                    if (step == Step.Taken)
                    {
                        taken = true;
                        break;
                    }
                    lastHeld = message.DeliveryTag;
                    if (step == Step.Stop) break;
                }
            }
            finally
            {
                // Everything looked at and not taken goes back; a channel closed without this would return them too.
                if (lastHeld is { } tag && channel.IsOpen) await channel.BasicNackAsync(tag, multiple: true, requeue: true, CancellationToken.None);
            }
            await channel.CloseAsync(CancellationToken.None);
            return taken;
        }
        catch (Exception ex) when (ex is AlreadyClosedException or OperationInterruptedException or PublishException or BrokerUnreachableException)
        {
            LogQueueFailed(logger, ex.GetType().Name);
            throw new DeadLetterException($"The dead-letter queue {broker.Options.DeadLetterQueue} cannot be read now ({ex.GetType().Name}); nothing was changed.", ex);
        }
    }

    private static DeadLetterException NotFound(string key) =>
        new($"Dead letter {key} is no longer in the queue (retried or discarded meanwhile, perhaps from another page).");

    private DeadLetter Describe(BasicGetResult message)
    {
        JobMessage? job = null;
        try
        {
            job = JsonSerializer.Deserialize<JobMessage>(message.Body.Span, JobClient.Json);
        }
        catch (JsonException)
        {
            // Not a job (a stray publish): shown, and discardable, by its key.
        }
        var sha = job is not null && JobSpool.IsSha256(job.Sha256) ? job.Sha256 : null;
        var headers = message.BasicProperties.Headers;
        var (reason, at) = FirstDeath(headers);
        // The broker's count of earlier deliveries, on quorum queues; a job rejected at its first delivery has none.
        var earlier = headers?.TryGetValue("x-delivery-count", out var count) == true && count is not null
            ? Convert.ToInt64(count, CultureInfo.InvariantCulture)
            : 0;
        return new DeadLetter(KeyOf(message), job?.JobId, sha, reason, at, job?.EnqueuedAt.UtcDateTime,
            Deliveries: reason == DeadLetterReason.DeliveryLimit ? Math.Max(earlier, broker.Options.MaxDeliveries) : earlier + 1,
            InSpool: sha is not null && File.Exists(spool.PathFor(sha)));
    }

    /// <summary>The job id when the message has one, else a hash of its body.</summary>
    private static string KeyOf(BasicGetResult message) =>
        Guid.TryParse(message.BasicProperties.MessageId, out var id)
            ? id.ToString()
            : "body-" + Convert.ToHexStringLower(SHA256.HashData(message.Body.Span))[..16];

    /// <summary>The reason and time of the first x-death entry (the jobs queue's), as the broker wrote them.</summary>
    private static (DeadLetterReason Reason, DateTime? At) FirstDeath(IDictionary<string, object?>? headers)
    {
        if (headers?.TryGetValue("x-death", out var deaths) != true || deaths is not IList<object> { Count: > 0 } list
            || list[0] is not IDictionary<string, object?> death)
        {
            return (DeadLetterReason.Other, null);
        }
        var reason = death.TryGetValue("reason", out var r) ? Text(r) : null;
        DateTime? at = death.TryGetValue("time", out var t) && t is AmqpTimestamp stamp
            ? DateTimeOffset.FromUnixTimeSeconds(stamp.UnixTime).UtcDateTime
            : null;
        return (reason switch
        {
            "rejected" => DeadLetterReason.Rejected,
            "delivery_limit" => DeadLetterReason.DeliveryLimit,
            _ => DeadLetterReason.Other,
        }, at);
    }

    private static string? Text(object? value) => value switch
    {
        byte[] bytes => Encoding.UTF8.GetString(bytes),
        string s => s,
        _ => value?.ToString(),
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Dead letter {Key} sent back to the jobs queue by an admin")]
    private static partial void LogRetried(ILogger logger, string key);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dead letter {Key} discarded by an admin")]
    private static partial void LogDiscarded(ILogger logger, string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The dead-letter queue could not be read ({Reason})")]
    private static partial void LogQueueFailed(ILogger logger, string reason);
}
