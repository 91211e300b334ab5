using System.Runtime.ExceptionServices;

namespace PlateWeb.Chat.Model;

/// <summary>
/// The answers being generated, each on a thread of its own: llama.cpp's decoding blocks, and must not block
/// the reader's thread (a Blazor circuit's, for one), nor cost a thread-pool hop per token. The thread makes
/// the next event only when the reader asks for it, as a plain async iterator would, so cancellation is
/// seen within one token and a reader that is slow (rendering, sending) never has tokens made ahead of it.
/// </summary>
internal sealed class GenerationThreads
{
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _abandon = new();
    private int _running;
    private TaskCompletionSource? _idle;

    /// <summary>Answers running now.</summary>
    public int Running
    {
        get
        {
            lock (_lock) return _running;
        }
    }

    /// <summary>Runs <paramref name="source"/> on a new thread, one item per read; leaving the loop early (or
    /// an exception) ends the thread, and the source's <c>finally</c> blocks run there before this returns.</summary>
    public async IAsyncEnumerable<T> RunAsync<T>(IEnumerable<T> source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var worker = new Worker<T>(source, this);
        try
        {
            while (await worker.NextAsync().ConfigureAwait(false)) yield return worker.Current;
        }
        finally
        {
            await worker.LeaveAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Waits until no answer runs (after the caller has cancelled them, each ends at its next token), at most
    /// <paramref name="grace"/>; then ends the threads of answers whose reader walked away without disposing them.
    /// True when every answer had ended within <paramref name="grace"/>.
    /// </summary>
    public bool StopAll(TimeSpan grace)
    {
        if (Idle().Wait(grace)) return true;
        _abandon.Cancel();
        // An abandoned thread waits for a read that will not come: cancelling that wait ends it at once.
        Idle().Wait(grace);
        return false;
    }

    private Task Idle()
    {
        lock (_lock)
        {
            if (_running == 0) return Task.CompletedTask;
            _idle ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _idle.Task;
        }
    }

    private void Started()
    {
        lock (_lock) _running++;
    }

    private void Ended()
    {
        TaskCompletionSource? idle = null;
        lock (_lock)
        {
            if (--_running == 0)
            {
                idle = _idle;
                _idle = null;
            }
        }
        idle?.TrySetResult();
    }

    /// <summary>One answer's thread and its hand-over: the reader releases <c>_read</c> for each item it wants,
    /// the thread releases <c>_ready</c> when the item (or the end) is there.</summary>
    private sealed class Worker<T>
    {
        private readonly SemaphoreSlim _read = new(0);
        private readonly SemaphoreSlim _ready = new(0);
        private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly IEnumerable<T> _source;
        private readonly GenerationThreads _owner;
        private volatile bool _leaving;
        private bool _done;
        private ExceptionDispatchInfo? _error;

        public Worker(IEnumerable<T> source, GenerationThreads owner)
        {
            _source = source;
            _owner = owner;
            owner.Started();
            try
            {
                new Thread(Run) { IsBackground = true, Name = "PlateWeb chat answer" }.Start();
            }
            catch
            {
                owner.Ended();
                throw;
            }
        }

        public T Current { get; private set; } = default!;

        public async Task<bool> NextAsync()
        {
            _read.Release();
            await _ready.WaitAsync().ConfigureAwait(false);
            if (!_done) return true;
            _error?.Throw();
            return false;
        }

        public Task LeaveAsync()
        {
            _leaving = true;
            _read.Release();
            return _ended.Task;
        }

        private void Run()
        {
            try
            {
                _read.Wait(_owner._abandon.Token);
                using var items = _source.GetEnumerator();
                while (!_leaving && items.MoveNext())
                {
                    Current = items.Current;
                    _ready.Release();
                    _read.Wait(_owner._abandon.Token);
                }
            }
            catch (OperationCanceledException) when (_owner._abandon.IsCancellationRequested)
            {
                // The reader walked away and the model is going: the source's finally blocks have run.
            }
            catch (Exception ex)
            {
                _error = ExceptionDispatchInfo.Capture(ex);
            }
            finally
            {
                _done = true;
                _ready.Release();
                _owner.Ended();
                _ended.TrySetResult();
            }
        }
    }
}
