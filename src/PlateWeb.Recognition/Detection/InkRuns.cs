using System.Buffers;
using OpenCvSharp;

namespace PlateWeb.Recognition.Detection;

/// <summary>Bounds and pixel count of one connected component.</summary>
internal readonly record struct ComponentBox(int X, int Y, int Width, int Height, int Area);

/// <summary>
/// The ink of a binary image as horizontal runs, row by row, and its 8-connected components.
/// Labelling runs instead of pixels is what makes the detector fast: OpenCV's
/// <c>connectedComponentsWithStats</c> visits every pixel twice and spent about 5 ms per
/// working-size threshold image on one core (35 of the detector's 45 ms on the Brazilian photos),
/// while a threshold image has a few tens of thousands of runs. Components are numbered in the
/// order of their first pixel in raster order, and their boxes match OpenCV's statistics
/// (<c>RunLabellingTests</c> compares them).
/// </summary>
internal sealed class InkRuns : IDisposable
{
    private int[] _start;
    private int[] _end;
    private readonly int[] _rowFirst;
    private int[]? _component;
    private ComponentBox[]? _boxes;
    private bool _disposed;

    /// <summary>Runs of one row are <c>[RowFirst(y), RowFirst(y + 1))</c>; run r covers columns <c>[Start(r), End(r))</c>.</summary>
    public int Rows { get; }
    public int Cols { get; }
    public int Count { get; private set; }
    public int ComponentCount { get; private set; }

    private InkRuns(int rows, int cols, int capacity)
    {
        Rows = rows;
        Cols = cols;
        _rowFirst = ArrayPool<int>.Shared.Rent(rows + 1);
        _start = ArrayPool<int>.Shared.Rent(Math.Max(capacity, 256));
        _end = ArrayPool<int>.Shared.Rent(Math.Max(capacity, 256));
    }

    public int RowFirst(int y) => _rowFirst[y];
    public int Start(int run) => _start[run];
    public int End(int run) => _end[run];

    /// <summary>Component index of a run (after <see cref="Label"/>).</summary>
    public int ComponentOf(int run) => _component![run];

    /// <summary>The components' boxes, indexed by component (after <see cref="Label"/>).</summary>
    public ReadOnlySpan<ComponentBox> Boxes => _boxes.AsSpan(0, ComponentCount);

    /// <summary>The runs of the non-zero pixels of an 8-bit single-channel image.</summary>
    public static unsafe InkRuns Of(Mat bin)
    {
        if (bin.Type() != MatType.CV_8UC1) throw new ArgumentException("an 8-bit single-channel image expected", nameof(bin));
        int rows = bin.Rows, cols = bin.Cols;
        var runs = new InkRuns(rows, cols, rows * 8);
        for (var y = 0; y < rows; y++)
        {
            runs._rowFirst[y] = runs.Count;
            runs.AddRuns(new ReadOnlySpan<byte>((byte*)bin.Ptr(y), cols), 0);
        }
        runs._rowFirst[rows] = runs.Count;
        return runs;
    }

    /// <summary>
    /// The runs of <paramref name="ink"/>'s non-zero pixels that lie inside runs of this set whose
    /// component is marked in <paramref name="keep"/> (after <see cref="Label"/>). Every such piece
    /// belongs to one component here, so the pieces of different components never touch.
    /// </summary>
    public unsafe InkRuns Within(Mat ink, ReadOnlySpan<bool> keep)
    {
        if (ink.Type() != MatType.CV_8UC1 || ink.Rows != Rows || ink.Cols != Cols)
            throw new ArgumentException("an 8-bit single-channel image of the same size expected", nameof(ink));
        var pieces = new InkRuns(Rows, Cols, 256);
        for (var y = 0; y < Rows; y++)
        {
            pieces._rowFirst[y] = pieces.Count;
            var row = new ReadOnlySpan<byte>((byte*)ink.Ptr(y), Cols);
            for (var r = _rowFirst[y]; r < _rowFirst[y + 1]; r++)
            {
                var c = _component![r];
                if (c < keep.Length && keep[c]) pieces.AddRuns(row[_start[r].._end[r]], _start[r]);
            }
        }
        pieces._rowFirst[Rows] = pieces.Count;
        return pieces;
    }

    private void AddRuns(ReadOnlySpan<byte> row, int offset)
    {
        var x = 0;
        while (x < row.Length)
        {
            var s = row[x..].IndexOfAnyExcept((byte)0);
            if (s < 0) break;
            s += x;
            var e = row[s..].IndexOf((byte)0);
            e = e < 0 ? row.Length : s + e;
            if (Count == _start.Length) Grow();
            _start[Count] = s + offset;
            _end[Count] = e + offset;
            Count++;
            x = e;
        }
    }

    private void Grow()
    {
        static int[] Bigger(int[] old, int count)
        {
            var bigger = ArrayPool<int>.Shared.Rent(old.Length * 2);
            Array.Copy(old, bigger, count);
            ArrayPool<int>.Shared.Return(old);
            return bigger;
        }
        _start = Bigger(_start, Count);
        _end = Bigger(_end, Count);
    }

    /// <summary>
    /// Joins runs of consecutive rows that touch, diagonals included (8-connectivity), numbers the
    /// components in raster order of their first pixel and measures their boxes.
    /// </summary>
    public void Label()
    {
        if (_component is not null) return; // labelled already
        var parent = ArrayPool<int>.Shared.Rent(Math.Max(Count, 1));
        try
        {
            for (var r = 0; r < Count; r++) parent[r] = r;
            for (var y = 1; y < Rows; y++)
            {
                int i = _rowFirst[y - 1], iEnd = _rowFirst[y], j = _rowFirst[y], jEnd = _rowFirst[y + 1];
                while (i < iEnd && j < jEnd)
                {
                    // [a0, a1) above and [b0, b1) below touch when a0 <= b1 and b0 <= a1.
                    if (_end[i] < _start[j]) { i++; continue; }
                    if (_end[j] < _start[i]) { j++; continue; }
                    Union(parent, i, j);
                    // The run that ends first cannot reach the other row's next run.
                    if (_end[i] <= _end[j]) i++; else j++;
                }
            }

            // Roots are each set's first run (Union keeps the smaller index), so numbering the roots
            // in run order numbers the components in raster order of their first pixel.
            _component = ArrayPool<int>.Shared.Rent(Math.Max(Count, 1));
            var count = 0;
            for (var r = 0; r < Count; r++)
            {
                _component[r] = parent[r] == r ? count++ : _component[Find(parent, r)];
            }
            ComponentCount = count;
            _boxes = ArrayPool<ComponentBox>.Shared.Rent(Math.Max(count, 1));
            var minX = ArrayPool<int>.Shared.Rent(Math.Max(count, 1));
            var maxX = ArrayPool<int>.Shared.Rent(Math.Max(count, 1));
            var minY = ArrayPool<int>.Shared.Rent(Math.Max(count, 1));
            var maxY = ArrayPool<int>.Shared.Rent(Math.Max(count, 1));
            var area = ArrayPool<int>.Shared.Rent(Math.Max(count, 1));
            try
            {
                Array.Fill(minX, int.MaxValue, 0, count);
                Array.Fill(maxX, -1, 0, count);
                Array.Fill(minY, -1, 0, count);
                Array.Clear(area, 0, count);
                for (var y = 0; y < Rows; y++)
                {
                    for (var r = _rowFirst[y]; r < _rowFirst[y + 1]; r++)
                    {
                        var c = _component[r];
                        if (minY[c] < 0) minY[c] = y;
                        maxY[c] = y;
                        if (_start[r] < minX[c]) minX[c] = _start[r];
                        if (_end[r] - 1 > maxX[c]) maxX[c] = _end[r] - 1;
                        area[c] += _end[r] - _start[r];
                    }
                }
                for (var c = 0; c < count; c++)
                {
                    _boxes[c] = new ComponentBox(minX[c], minY[c], maxX[c] - minX[c] + 1, maxY[c] - minY[c] + 1, area[c]);
                }
            }
            finally
            {
                ArrayPool<int>.Shared.Return(minX);
                ArrayPool<int>.Shared.Return(maxX);
                ArrayPool<int>.Shared.Return(minY);
                ArrayPool<int>.Shared.Return(maxY);
                ArrayPool<int>.Shared.Return(area);
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(parent);
        }
    }

    private static int Find(int[] parent, int i)
    {
        while (parent[i] != i) i = parent[i] = parent[parent[i]];
        return i;
    }

    private static void Union(int[] parent, int a, int b)
    {
        a = Find(parent, a);
        b = Find(parent, b);
        if (a < b) parent[b] = a;
        else if (b < a) parent[a] = b;
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        ArrayPool<int>.Shared.Return(_rowFirst);
        ArrayPool<int>.Shared.Return(_start);
        ArrayPool<int>.Shared.Return(_end);
        if (_component is not null) ArrayPool<int>.Shared.Return(_component);
        if (_boxes is not null) ArrayPool<ComponentBox>.Shared.Return(_boxes);
        _component = null;
        _boxes = null;
    }
}
