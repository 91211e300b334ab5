using PlateWeb.Chat.Model;

namespace PlateWeb.Chat.Tests.Model;

public sealed class GenerationThreadsTests
{
    [Fact]
    public async Task RunAsync_MakesEachItemOnlyWhenTheReaderAsks_OnAThreadOfItsOwn()
    {
        var threads = new GenerationThreads();
        var source = new Counting(5);
        var reader = Environment.CurrentManagedThreadId;
        var read = 0;

        await foreach (var item in threads.RunAsync(source.Items()))
        {
            read++;
            Assert.Equal(read, item);
            // Nothing is made ahead of the reader, however long it takes with an item.
            await Task.Delay(10);
            Assert.Equal(read, source.Made);
        }

        Assert.Equal(5, read);
        Assert.DoesNotContain(reader, source.Threads);
        Assert.Single(source.Threads.Distinct());
        Assert.Equal(0, threads.Running);
    }

    [Fact]
    public async Task RunAsync_ReaderLeavesEarly_SourceCleansUpOnItsThreadBeforeDisposeReturns()
    {
        var threads = new GenerationThreads();
        var source = new Counting(100);
        var items = threads.RunAsync(source.Items()).GetAsyncEnumerator();
        Assert.True(await items.MoveNextAsync());
        Assert.True(await items.MoveNextAsync());
        Assert.Equal(1, threads.Running);

        await items.DisposeAsync();

        Assert.True(source.CleanedUp);
        Assert.Equal(2, source.Made);
        Assert.Equal(0, threads.Running);
    }

    [Fact]
    public async Task RunAsync_SourceThrows_TheReaderGetsTheException()
    {
        var threads = new GenerationThreads();

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await foreach (var _ in threads.RunAsync(Failing()))
            {
            }
        });

        Assert.Equal("decode failed", ex.Message);
        Assert.Equal(0, threads.Running);

        static IEnumerable<int> Failing()
        {
            yield return 1;
            throw new InvalidOperationException("decode failed");
        }
    }

    [Fact]
    public async Task StopAll_WaitsForARunningAnswer()
    {
        var threads = new GenerationThreads();
        var items = threads.RunAsync(new Counting(3).Items()).GetAsyncEnumerator();
        Assert.True(await items.MoveNextAsync());
        var finished = Task.Run(async () =>
        {
            await Task.Delay(50);
            while (await items.MoveNextAsync())
            {
            }
            await items.DisposeAsync();
        });

        Assert.True(threads.StopAll(TimeSpan.FromSeconds(10)));

        Assert.Equal(0, threads.Running);
        await finished.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task StopAll_ReaderWalkedAway_EndsItsThreadAfterTheGrace()
    {
        var threads = new GenerationThreads();
        var source = new Counting(100);
        var items = threads.RunAsync(source.Items()).GetAsyncEnumerator();
        Assert.True(await items.MoveNextAsync());

        // The reader neither reads on nor disposes: its thread waits for a read that will not come.
        Assert.False(threads.StopAll(TimeSpan.FromMilliseconds(100)));

        Assert.True(source.CleanedUp);
        Assert.Equal(0, threads.Running);
    }

    private sealed class Counting(int count)
    {
        private readonly List<int> _threads = [];
        private int _made;

        public int Made => Volatile.Read(ref _made);

        public bool CleanedUp { get; private set; }

        public IReadOnlyList<int> Threads
        {
            get
            {
                lock (_threads) return [.. _threads];
            }
        }

        public IEnumerable<int> Items()
        {
            try
            {
                for (var i = 1; i <= count; i++)
                {
                    lock (_threads) _threads.Add(Environment.CurrentManagedThreadId);
                    Interlocked.Increment(ref _made);
                    yield return i;
                }
            }
            finally
            {
                CleanedUp = true;
            }
        }
    }
}
