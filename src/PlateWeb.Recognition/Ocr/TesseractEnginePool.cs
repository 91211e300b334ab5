using System.Collections.Concurrent;

namespace PlateWeb.Recognition.Ocr;

/// <summary>
/// A bounded pool of <see cref="TesseractEngine"/>s sharing one <see cref="TesseractSettings"/>.
/// Engines are created lazily, at most <see cref="MaxEngines"/>, and each is used by one thread at a
/// time; callers beyond that wait. Thread-safe.
/// </summary>
public sealed class TesseractEnginePool : IDisposable
{
    private readonly ConcurrentBag<TesseractEngine> _idle = [];
    private readonly SemaphoreSlim _slots;
    private int _created;
    private volatile bool _disposed;

    /// <param name="settings">Settings for every engine in the pool.</param>
    /// <param name="maxEngines">Upper bound on engines (default <see cref="Environment.ProcessorCount"/>).</param>
    public TesseractEnginePool(TesseractSettings settings, int? maxEngines = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var max = maxEngines ?? Environment.ProcessorCount;
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1, nameof(maxEngines));
        Settings = settings;
        MaxEngines = max;
        _slots = new SemaphoreSlim(max, max);
    }

    /// <summary>Settings shared by the pooled engines.</summary>
    public TesseractSettings Settings { get; }

    /// <summary>Most engines that will ever exist at once.</summary>
    public int MaxEngines { get; }

    /// <summary>Engines created so far (alive or discarded).</summary>
    public int CreatedCount => Volatile.Read(ref _created);

    /// <summary>Runs <paramref name="work"/> with an engine reserved for the calling thread until it returns.</summary>
    /// <remarks>Do not keep the engine beyond the callback. If the callback throws a
    /// <see cref="TesseractException"/> the engine is discarded rather than reused.</remarks>
    /// <exception cref="TesseractException">An engine could not be created.</exception>
    public T Run<T>(Func<TesseractEngine, T> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        ObjectDisposedException.ThrowIf(_disposed, this);
        _slots.Wait(cancellationToken);
        TesseractEngine? engine = null;
        var reusable = false;
        try
        {
            engine = Rent();
            var result = work(engine);
            reusable = true;
            return result;
        }
        catch (Exception ex) when (ex is not TesseractException)
        {
            reusable = true; // a caller's own failure says nothing about the engine
            throw;
        }
        finally
        {
            Return(engine, reusable);
            _slots.Release();
        }
    }

    /// <summary>Convenience: recognise one Mat on a pooled engine.</summary>
    public OcrLine Recognize(OpenCvSharp.Mat image, CancellationToken cancellationToken = default) =>
        Run(engine => engine.Recognize(image), cancellationToken);

    /// <summary>Disposes idle engines now; engines in use are disposed when returned.</summary>
    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryTake(out var engine))
        {
            engine.Dispose();
        }
    }

    private TesseractEngine Rent()
    {
        if (_idle.TryTake(out var engine))
        {
            return engine;
        }

        engine = new TesseractEngine(Settings);
        Interlocked.Increment(ref _created);
        return engine;
    }

    private void Return(TesseractEngine? engine, bool reusable)
    {
        if (engine is null)
        {
            return;
        }

        if (!reusable || _disposed)
        {
            engine.Dispose();
            return;
        }

        _idle.Add(engine);
        if (_disposed && _idle.TryTake(out var late))
        {
            late.Dispose(); // Dispose ran between the check and the Add
        }
    }
}
