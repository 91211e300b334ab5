using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;

namespace PlateWeb.Jobs;

/// <summary>Told of each job a worker finishes with (`platectl worker` prints one line per job).</summary>
public interface IJobObserver
{
    void Finished(JobMessage job, JobResult result);
}

/// <summary>
/// Consumes the jobs queue: Queue:RabbitMq:Prefetch jobs held at once, Concurrency read at once. Each is acknowledged
/// only after its read is stored and its reply sent (at-least-once: a worker that dies mid-job leaves the job to
/// the broker, which delivers it again, to this worker or another).
/// </summary>
public sealed partial class JobWorker(
    RabbitMqBroker broker,
    JobHandler handler,
    IServiceProvider services,
    ILogger<JobWorker> logger) : BackgroundService
{
    private readonly SemaphoreSlim _replyGate = new(1, 1);
    private IChannel? _channel;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var options = broker.Options;
        var concurrency = options.Concurrency > 0 ? options.Concurrency : Environment.ProcessorCount;
        var connection = await broker.ConnectAsync("worker", stoppingToken);
        _channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: false, publisherConfirmationTrackingEnabled: false, consumerDispatchConcurrency: (ushort)concurrency),
            stoppingToken);
        await _channel.BasicQosAsync(prefetchSize: 0, prefetchCount: (ushort)Math.Max(options.Prefetch, 1), global: false, stoppingToken);
        var consumer = new AsyncEventingBasicConsumer(_channel);
        consumer.ReceivedAsync += (_, delivery) => OnDeliveryAsync(delivery, stoppingToken);
        await _channel.BasicConsumeAsync(options.JobsQueue, autoAck: false, consumer, stoppingToken);
        LogConsuming(logger, options.JobsQueue, options.Prefetch, concurrency);
        try
        {
            await Task.Delay(Timeout.Infinite, stoppingToken);
        }
        catch (OperationCanceledException)
        {
            // Stopping: jobs not acknowledged go back to the queue when the channel closes.
        }
    }

    private async Task OnDeliveryAsync(BasicDeliverEventArgs delivery, CancellationToken ct)
    {
        var channel = _channel!;
        JobMessage? job;
        try
        {
            job = JsonSerializer.Deserialize<JobMessage>(delivery.Body.Span, JobClient.Json);
        }
        catch (JsonException)
        {
            job = null;
        }
        if (job is null)
        {
            LogUnreadable(logger, delivery.DeliveryTag);
            await SettleAsync(channel, delivery.DeliveryTag, JobDecision.DeadLetter, ct);
            return;
        }

        JobResult result;
        var queued = DateTimeOffset.UtcNow - job.EnqueuedAt;
        var clock = Stopwatch.StartNew();
        try
        {
            result = await handler.HandleAsync(job, DeliveryCount(delivery), ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Not acknowledged: the broker gives it to another worker.
            return;
        }
        if (result.Reply is { } reply && delivery.BasicProperties.ReplyTo is { Length: > 0 } replyTo)
        {
            await SendReplyAsync(channel, replyTo, reply with { QueuedMs = queued.TotalMilliseconds, WorkMs = clock.Elapsed.TotalMilliseconds }, ct);
        }
        await SettleAsync(channel, delivery.DeliveryTag, result.Decision, ct);
        foreach (var observer in services.GetServices<IJobObserver>()) observer.Finished(job, result);
    }

    /// <summary>The broker's count of earlier deliveries (quorum queues set it from the second delivery on).</summary>
    private static long DeliveryCount(BasicDeliverEventArgs delivery) =>
        delivery.BasicProperties.Headers?.TryGetValue("x-delivery-count", out var value) == true && value is not null
            ? Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture)
            : (delivery.Redelivered ? 1 : 0);

    private async Task SendReplyAsync(IChannel channel, string replyTo, JobReply reply, CancellationToken ct)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(reply, JobClient.Json);
        await _replyGate.WaitAsync(ct);
        try
        {
            // Not mandatory: a web node that has gone has no one left to tell; its job is stored all the same.
            await channel.BasicPublishAsync(exchange: "", routingKey: replyTo, mandatory: false,
                new BasicProperties { ContentType = "application/json", CorrelationId = reply.JobId.ToString() }, body, ct);
        }
        catch (Exception ex) when (ex is AlreadyClosedException or OperationInterruptedException)
        {
            LogReplyLost(logger, reply.JobId);
        }
        finally
        {
            _replyGate.Release();
        }
    }

    private async Task SettleAsync(IChannel channel, ulong tag, JobDecision decision, CancellationToken ct)
    {
        try
        {
            switch (decision)
            {
                case JobDecision.Ack:
                    await channel.BasicAckAsync(tag, multiple: false, ct);
                    break;
                case JobDecision.Retry:
                    await channel.BasicNackAsync(tag, multiple: false, requeue: true, ct);
                    break;
                default:
                    // Rejected without requeue: the queue's dead-letter exchange takes it.
                    await channel.BasicRejectAsync(tag, requeue: false, ct);
                    break;
            }
        }
        catch (Exception ex) when (ex is AlreadyClosedException or OperationInterruptedException)
        {
            // The connection dropped before the acknowledgement: the job comes back and is found stored.
            LogSettleLost(logger, tag, decision);
        }
    }

    public override void Dispose()
    {
        _channel?.Dispose();
        _replyGate.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Consuming {Queue}: prefetch {Prefetch}, {Concurrency} at once")]
    private static partial void LogConsuming(ILogger logger, string queue, int prefetch, int concurrency);

    [LoggerMessage(Level = LogLevel.Error, Message = "Delivery {Tag} is not a job message; dead-lettered")]
    private static partial void LogUnreadable(ILogger logger, ulong tag);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The reply of job {JobId} was lost with the connection")]
    private static partial void LogReplyLost(ILogger logger, Guid jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery {Tag} ({Decision}) not settled: the connection dropped; the broker delivers it again")]
    private static partial void LogSettleLost(ILogger logger, ulong tag, JobDecision decision);
}
