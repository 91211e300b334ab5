using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;

namespace PlateWeb.Jobs;

/// <summary>The job's image could not be read on any worker, or no worker answered in time.</summary>
public sealed class JobFailedException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// A web node's side of the queue: publishes jobs (persistent, confirmed by the broker before the upload counts as
/// queued, retried across a broker restart) and hears what became of them on a reply queue of its own, which it
/// passes to every <see cref="IJobReplyHandler"/> and to whoever awaits that job (<see cref="RequestAsync"/>).
/// </summary>
public sealed partial class JobClient(
    RabbitMqBroker broker,
    IServiceProvider services,
    ILogger<JobClient> logger) : IAsyncDisposable
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ConcurrentDictionary<Guid, TaskCompletionSource<JobReply>> _waiting = new();
    private readonly ConcurrentDictionary<Guid, JobMessage> _unanswered = new();
    private readonly string _replyQueue = $"plateweb.replies.{Environment.MachineName}.{Guid.NewGuid():N}";
    private IChannel? _publish;
    private IChannel? _replies;

    /// <summary>Opens the channels and starts hearing replies (also done by the first publish).</summary>
    public async Task StartAsync(CancellationToken ct)
    {
        if (_publish is not null) return;
        await _gate.WaitAsync(ct);
        try
        {
            if (_publish is not null) return;
            var connection = await broker.ConnectAsync("web", ct);
            _replies = await connection.CreateChannelAsync(cancellationToken: ct);
            // Exclusive: the queue lives as long as this node's connection; the client declares it again, by the same
            // name, when it reconnects after a broker restart.
            await _replies.QueueDeclareAsync(_replyQueue, durable: false, exclusive: true, autoDelete: true, arguments: null, cancellationToken: ct);
            var consumer = new AsyncEventingBasicConsumer(_replies);
            consumer.ReceivedAsync += OnReplyAsync;
            await _replies.BasicConsumeAsync(_replyQueue, autoAck: true, consumer, ct);
            _publish = await connection.CreateChannelAsync(
                new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Publishes the job and returns once the broker has written it (publisher confirm). A broker that is restarting
    /// is waited for, up to Queue:RabbitMq:PublishTimeoutSeconds; a job confirmed twice that way is read once
    /// (the worker finds its image stored).
    /// </summary>
    public async Task PublishAsync(JobMessage job, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(job);
        var body = JsonSerializer.SerializeToUtf8Bytes(job, Json);
        var properties = new BasicProperties
        {
            Persistent = true,
            MessageId = job.JobId.ToString(),
            ReplyTo = _replyQueue,
            ContentType = "application/json",
            Type = "plateweb.job.v1",
        };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(broker.Options.PublishTimeoutSeconds));
        // Before the publish: a fast worker's reply may overtake the broker's confirm.
        _unanswered[job.JobId] = job;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // A broker that was down when this node started is waited for here, within the same limit.
                await StartAsync(timeout.Token);
                // Channels are not for concurrent publishers: one publish at a time, each awaiting its confirm.
                await _gate.WaitAsync(timeout.Token);
                try
                {
                    await _publish!.BasicPublishAsync(exchange: "", routingKey: broker.Options.JobsQueue, mandatory: true, properties, body, timeout.Token);
                }
                finally
                {
                    _gate.Release();
                }
                LogPublished(logger, job.JobId);
                return;
            }
            catch (Exception ex) when (ex is AlreadyClosedException or PublishException or OperationInterruptedException && !timeout.IsCancellationRequested)
            {
                LogPublishRetry(logger, job.JobId, attempt, ex.GetType().Name);
                await Task.Delay(TimeSpan.FromSeconds(1), timeout.Token);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !ct.IsCancellationRequested)
            {
                _unanswered.TryRemove(job.JobId, out _);
                throw new JobFailedException($"RabbitMQ did not confirm job {job.JobId} within {broker.Options.PublishTimeoutSeconds} s.");
            }
        }
    }

    /// <summary>Publishes the job and waits for its reply (the API, which answers with the reads).</summary>
    public async Task<JobReply> RequestAsync(JobMessage job, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(job);
        var reply = new TaskCompletionSource<JobReply>(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiting[job.JobId] = reply;
        try
        {
            await PublishAsync(job, ct);
            return await reply.Task.WaitAsync(TimeSpan.FromSeconds(broker.Options.ResultTimeoutSeconds), ct);
        }
        catch (TimeoutException ex)
        {
            throw new JobFailedException($"No worker read job {job.JobId} within {broker.Options.ResultTimeoutSeconds} s.", ex);
        }
        finally
        {
            _waiting.TryRemove(job.JobId, out _);
        }
    }

    /// <summary>Jobs published by this node, confirmed, and not answered yet, the oldest first.</summary>
    public IReadOnlyList<JobMessage> Unanswered => [.. _unanswered.Values.OrderBy(j => j.EnqueuedAt)];

    /// <summary>Stops waiting for a reply that will never come (a job older than anyone waits for).</summary>
    public void Forget(Guid jobId) => _unanswered.TryRemove(jobId, out _);

    /// <summary>
    /// A reply learnt otherwise than from the reply queue (<see cref="JobReplyPoller"/> found the image stored), given
    /// to the same listeners; a job already answered is not answered twice.
    /// </summary>
    public Task DeliverAsync(JobReply reply, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(reply);
        return _unanswered.ContainsKey(reply.JobId) ? DispatchAsync(reply, ct) : Task.CompletedTask;
    }

    private async Task OnReplyAsync(object sender, BasicDeliverEventArgs delivery)
    {
        JobReply? reply;
        try
        {
            reply = JsonSerializer.Deserialize<JobReply>(delivery.Body.Span, Json);
        }
        catch (JsonException)
        {
            reply = null;
        }
        if (reply is null)
        {
            LogBadReply(logger);
            return;
        }
        await DispatchAsync(reply, CancellationToken.None);
    }

    private async Task DispatchAsync(JobReply reply, CancellationToken ct)
    {
        // A job delivered twice (its worker died after replying) may be answered twice: the first answer stands.
        if (!_unanswered.TryRemove(reply.JobId, out _) && !_waiting.ContainsKey(reply.JobId))
        {
            LogDuplicateReply(logger, reply.JobId);
            return;
        }
        if (_waiting.TryRemove(reply.JobId, out var waiting)) waiting.TrySetResult(reply);
        foreach (var handler in services.GetServices<IJobReplyHandler>())
        {
            try
            {
                await handler.HandleAsync(reply, ct);
            }
            catch (Exception ex)
            {
                // One failing listener must not stop the others, nor the reply consumer.
                LogHandlerFailed(logger, ex, reply.JobId);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var channel in new[] { _publish, _replies })
        {
            if (channel is null) continue;
            try
            {
                await channel.CloseAsync();
            }
            catch (Exception ex) when (ex is AlreadyClosedException or OperationCanceledException or IOException)
            {
                // The connection went first.
            }
            channel.Dispose();
        }
        _gate.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Job {JobId} published and confirmed")]
    private static partial void LogPublished(ILogger logger, Guid jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} not confirmed (attempt {Attempt}, {Reason}); publishing again")]
    private static partial void LogPublishRetry(ILogger logger, Guid jobId, int attempt, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Job {JobId} answered again; the first answer stands")]
    private static partial void LogDuplicateReply(ILogger logger, Guid jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A reply that is not a job reply was ignored")]
    private static partial void LogBadReply(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "A reply listener failed on job {JobId}")]
    private static partial void LogHandlerFailed(ILogger logger, Exception ex, Guid jobId);
}
