namespace PlateWeb.Chat.Model;

/// <summary>
/// First come, first served admission to the model: at most <c>slots</c> requests generate at once, the
/// others wait in line and can read their position (1 = next) as the line moves. A ticket leaves the line
/// or frees its slot when disposed, so a cancelled or finished request never blocks the ones behind it.
/// </summary>
public sealed class GenerationQueue
{
    private readonly Lock _lock = new();
    private readonly LinkedList<Ticket> _waiting = new();
    private readonly int _maxWaiting;
    private int _free;

    /// <param name="slots">Requests generating at once.</param>
    /// <param name="maxWaiting">Requests that may wait for a slot; <see cref="TryEnter"/> turns the next one away.</param>
    public GenerationQueue(int slots, int maxWaiting = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slots, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxWaiting, 0);
        _free = slots;
        _maxWaiting = maxWaiting;
    }

    /// <summary>Requests waiting for a slot now.</summary>
    public int Waiting
    {
        get
        {
            lock (_lock) return _waiting.Count;
        }
    }

    /// <summary>Joins the end of the line; the ticket is granted at once when a slot is free and nobody waits.</summary>
    public Ticket Enter() => TryEnter() ?? throw new InvalidOperationException("The line is full.");

    /// <summary>As <see cref="Enter"/>, or null when the line already holds its most waiting requests.</summary>
    public Ticket? TryEnter()
    {
        var ticket = new Ticket(this);
        lock (_lock)
        {
            if (!(_free > 0 && _waiting.Count == 0) && _waiting.Count >= _maxWaiting)
            {
                return null;
            }
            if (_free > 0 && _waiting.Count == 0)
            {
                _free--;
                ticket.SetPosition(0);
            }
            else
            {
                ticket.Node = _waiting.AddLast(ticket);
                ticket.SetPosition(_waiting.Count);
            }
        }
        return ticket;
    }

    private void Leave(Ticket ticket)
    {
        lock (_lock)
        {
            if (ticket.Node is { } node)
            {
                _waiting.Remove(node);
                ticket.Node = null;
            }
            else if (ticket.IsGranted)
            {
                if (_waiting.First is { } next)
                {
                    _waiting.RemoveFirst();
                    next.Value.Node = null;
                    next.Value.SetPosition(0);
                }
                else
                {
                    _free++;
                }
            }
            var position = 1;
            foreach (var waiting in _waiting) waiting.SetPosition(position++);
        }
    }

    /// <summary>One request's place: <see cref="Position"/> 0 once it holds a slot.</summary>
    public sealed class Ticket : IDisposable
    {
        private readonly GenerationQueue _queue;
        private TaskCompletionSource _changed = NewSignal();
        private int _position = -1;
        private bool _disposed;

        internal Ticket(GenerationQueue queue) => _queue = queue;

        internal LinkedListNode<Ticket>? Node { get; set; }

        /// <summary>0 = may generate; 1 = next in line; 2 = one request ahead of it…</summary>
        public int Position => Volatile.Read(ref _position);

        public bool IsGranted => Position == 0;

        /// <summary>Waits until the position changes or the slot is granted; false when cancelled first.</summary>
        public async Task<bool> WaitForChangeAsync(int seenPosition, CancellationToken cancellationToken)
        {
            Task changed;
            lock (_queue._lock)
            {
                if (_position != seenPosition) return true;
                changed = _changed.Task;
            }
            try
            {
                await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return false;
            }
        }

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            _queue.Leave(this);
        }

        // Called under the queue's lock.
        internal void SetPosition(int position)
        {
            if (_position == position) return;
            _position = position;
            var signal = _changed;
            _changed = NewSignal();
            signal.TrySetResult();
        }

        private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
