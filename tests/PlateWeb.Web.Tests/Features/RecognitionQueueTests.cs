using Microsoft.Extensions.Options;
using PlateWeb.Web.Features.Upload;

namespace PlateWeb.Web.Tests.Features;

public sealed class RecognitionQueueTests
{
    private static RecognitionQueue Queue(long maxBytes, int capacity = 64) =>
        new(Options.Create(new UploadOptions { QueueMaxBytes = maxBytes, QueueCapacity = capacity }));

    private static RecognitionJob Job(int bytes) => new(Guid.NewGuid(), "car.jpg", new byte[bytes]);

    [Fact]
    public async Task Enqueue_OverTheByteBudget_WaitsUntilAWorkerIsDoneWithEarlierBytes()
    {
        var queue = Queue(maxBytes: 10_000);
        var first = Job(6_000);
        await queue.EnqueueAsync(first, CancellationToken.None);

        var second = queue.EnqueueAsync(Job(6_000), CancellationToken.None).AsTask();
        await Task.Delay(100);
        Assert.False(second.IsCompleted);
        Assert.Equal(6_000, queue.PendingBytes);

        // Taken by a worker is not enough: its bytes are still in memory until it is done with them.
        Assert.True(queue.Reader.TryRead(out var taken));
        await Task.Delay(100);
        Assert.False(second.IsCompleted);

        queue.Done(taken!);

        await second.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(6_000, queue.PendingBytes);
    }

    [Fact]
    public async Task Enqueue_LargerThanTheWholeBudget_GoesAloneWhenNothingIsPending()
    {
        var queue = Queue(maxBytes: 1_000);

        await queue.EnqueueAsync(Job(5_000), CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        var small = queue.EnqueueAsync(Job(10), CancellationToken.None).AsTask();
        await Task.Delay(100);

        Assert.False(small.IsCompleted);
        Assert.Equal(5_000, queue.PendingBytes);
    }

    [Fact]
    public async Task Enqueue_CancelledWhileWaiting_TakesNoBytes()
    {
        var queue = Queue(maxBytes: 1_000);
        await queue.EnqueueAsync(Job(800), CancellationToken.None);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queue.EnqueueAsync(Job(800), cts.Token).AsTask());

        Assert.Equal(800, queue.PendingBytes);
    }
}
