using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace PlateWeb.Web.Features.Upload;

/// <summary>
/// The bounded queue between the pages and the recognition workers, bounded twice: by images
/// (<see cref="UploadOptions.QueueCapacity"/>) and by their bytes, waiting and being read
/// (<see cref="UploadOptions.QueueMaxBytes"/>), so that many large photos cannot fill the memory.
/// When either is full, uploaders wait rather than the server holding an unbounded pile of images.
/// A worker calls <see cref="Done"/> when it has finished with a job's bytes.
/// </summary>
public sealed class RecognitionQueue(IOptions<UploadOptions> options) : IUploadQueue
{
    private readonly Channel<RecognitionJob> _channel = Channel.CreateBounded<RecognitionJob>(
        new BoundedChannelOptions(options.Value.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleWriter = false,
            SingleReader = false,
        });

    private readonly long _maxBytes = options.Value.QueueMaxBytes;
    private readonly Lock _lock = new();
    private long _bytes;
    private TaskCompletionSource _freed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Bytes of the images queued or being read now.</summary>
    public long PendingBytes
    {
        get
        {
            lock (_lock) return _bytes;
        }
    }

    /// <summary>
    /// Queues a job once its bytes fit under the budget (a job larger than the whole budget goes alone,
    /// when nothing else is pending) and the queue has room.
    /// </summary>
    public async ValueTask EnqueueAsync(RecognitionJob job, CancellationToken ct)
    {
        var size = SizeOf(job);
        while (true)
        {
            Task freed;
            lock (_lock)
            {
                if (_bytes == 0 || _bytes + size <= _maxBytes)
                {
                    _bytes += size;
                    break;
                }
                freed = _freed.Task;
            }
            await freed.WaitAsync(ct);
        }
        try
        {
            await _channel.Writer.WriteAsync(job, ct);
        }
        catch
        {
            Release(size);
            throw;
        }
    }

    /// <summary>The worker is done with the job's bytes: they leave the budget.</summary>
    public void Done(RecognitionJob job) => Release(SizeOf(job));

    public ChannelReader<RecognitionJob> Reader => _channel.Reader;

    private static long SizeOf(RecognitionJob job) => job.Bytes?.LongLength ?? 0;

    private void Release(long size)
    {
        if (size == 0) return;
        TaskCompletionSource freed;
        lock (_lock)
        {
            _bytes -= size;
            freed = _freed;
            _freed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        freed.TrySetResult();
    }
}
