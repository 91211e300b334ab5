using System.Collections.Concurrent;
using OpenCvSharp;
using OpenCvSharp.Dnn;
using PlateWeb.Recognition.Detection;

namespace PlateWeb.Recognition.Ocr;

/// <summary>
/// The plate reader trained by the project (`tools/reader/`): a convolutional network that looks at
/// a whole detected plate, one or two lines, and gives for each of <see cref="Slots"/> character
/// slots (left to right, upper line first) a distribution over the 36 characters and "no character",
/// plus what the region is: not a plate, or a European, US or Brazilian plate. Needs no segmentation,
/// so stacked characters, condensed fonts and glyphs glued to a frame read like any other.
/// Thread-safe: one OpenCV network per concurrent caller, from a pool.
/// </summary>
public sealed class PlateReader : IDisposable
{
    public const string Classes = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    /// <summary>The class of an empty slot (after the last character).</summary>
    public const int Empty = 36;
    public const int Height = 48;
    public const int Width = 192;
    public const int Slots = 10;
    /// <summary>What the network says a region is, in the order of its region outputs.</summary>
    public static readonly IReadOnlyList<string> Regions = ["none", "eu", "us", "br"];

    // The window around a one-line row: the text quad spans the glyphs plus 0.22 glyph heights above and
    // below; the reader sees 0.5 above and below (part of a frame, a state name or a band), so the
    // window is (1 + 2 × 0.5) / (1 + 2 × 0.22) of the text quad's height.
    private const float RowWindowGrowth = 2.0f / 1.44f;

    private readonly byte[] _model;
    private readonly ConcurrentBag<Net> _nets = [];

    /// <param name="modelPath">ONNX file written by tools/reader/train.py.</param>
    public PlateReader(string modelPath)
    {
        _model = File.ReadAllBytes(modelPath);
        // Fail here, at start-up, rather than on the first plate when the file is not a usable network.
        Net net;
        int outputs;
        try
        {
            net = Load();
            using var probe = new Mat(Height, Width, MatType.CV_8UC1, Scalar.Black);
            outputs = Run(net, probe).Length;
        }
        catch (OpenCVException ex)
        {
            throw new InvalidDataException($"{modelPath} is not a network OpenCV can run: {ex.ErrMsg}", ex);
        }
        if (outputs != Slots * (Empty + 1) + Regions.Count)
        {
            net.Dispose();
            throw new InvalidDataException($"{modelPath}: the network gives {outputs} outputs, not {Slots * (Empty + 1) + Regions.Count}.");
        }
        _nets.Add(net);
        ModelPath = modelPath;
    }

    public string ModelPath { get; }

    /// <summary>The quad the reader looks at for a detected region: both lines of a two-line plate, else the row grown to plate height.</summary>
    public static Quad Window(DetectedPlate region)
    {
        if (region.SecondLine is not null) return region.PlateQuad;
        return GrowVertically(region.TextQuad, RowWindowGrowth);
    }

    /// <summary>
    /// The window warped upright to <see cref="Width"/> × <see cref="Height"/> pixels of grey; with a
    /// <paramref name="margin"/> (share of the window on each side) the picture is larger by that much
    /// all round, the window itself still mapping to the same pixels (training tools cut it again
    /// with random shifts).
    /// </summary>
    public static Mat Crop(Mat gray, Quad window, float margin = 0)
    {
        var mx = (int)Math.Round(Width * margin);
        var my = (int)Math.Round(Height * margin);
        var src = window.Points.Select(p => new Point2f(p.X, p.Y)).ToArray();
        Point2f[] dst = [new(mx, my), new(mx + Width, my), new(mx + Width, my + Height), new(mx, my + Height)];
        using var m = Cv2.GetPerspectiveTransform(src, dst);
        var output = new Mat();
        var srcH = MathF.Max(Dist(window.TopLeft, window.BottomLeft), Dist(window.TopRight, window.BottomRight));
        // Small plates are enlarged (cubic), large ones reduced (area averaging), as for the strips.
        var flags = srcH < Height ? InterpolationFlags.Cubic : InterpolationFlags.Area;
        Cv2.WarpPerspective(gray, output, m, new Size(Width + 2 * mx, Height + 2 * my), flags, BorderTypes.Replicate);
        return output;
    }

    /// <summary>Reads the region of a grey image.</summary>
    public PlateReading Read(Mat gray, DetectedPlate region)
    {
        using var crop = Crop(gray, Window(region));
        return Read(crop);
    }

    /// <summary>Reads a crop made by <see cref="Crop"/> (no margin).</summary>
    public PlateReading Read(Mat crop)
    {
        var net = _nets.TryTake(out var n) ? n : Load();
        float[] raw;
        try
        {
            raw = Run(net, crop);
        }
        finally
        {
            _nets.Add(net);
        }
        return PlateReading.FromLogits(raw);
    }

    /// <summary>The network's raw outputs for a crop: slot logits (slot-major), then region logits.</summary>
    internal float[] Logits(Mat crop)
    {
        var net = _nets.TryTake(out var n) ? n : Load();
        try
        {
            return Run(net, crop);
        }
        finally
        {
            _nets.Add(net);
        }
    }

    private static unsafe float[] Run(Net net, Mat crop)
    {
        using var blob = CvDnn.BlobFromImage(crop, 1 / 255.0, new Size(Width, Height), default, false, false);
        net.SetInput(blob);
        using var output = net.Forward();
        var values = new float[(int)output.Total()];
        new ReadOnlySpan<float>((float*)output.Data, values.Length).CopyTo(values);
        return values;
    }

    private Net Load()
    {
        var net = CvDnn.ReadNetFromOnnx(_model) ?? throw new InvalidDataException("OpenCV could not read the plate reader network.");
        net.SetPreferableBackend(Backend.OPENCV);
        net.SetPreferableTarget(Target.CPU);
        return net;
    }

    private static Quad GrowVertically(Quad q, float factor)
    {
        // Each side's top and bottom move apart about their middle.
        (PointF Top, PointF Bottom) Grow(PointF top, PointF bottom)
        {
            var (cx, cy) = ((top.X + bottom.X) / 2, (top.Y + bottom.Y) / 2);
            return (new PointF(cx + (top.X - cx) * factor, cy + (top.Y - cy) * factor),
                new PointF(cx + (bottom.X - cx) * factor, cy + (bottom.Y - cy) * factor));
        }
        var (tl, bl) = Grow(q.TopLeft, q.BottomLeft);
        var (tr, br) = Grow(q.TopRight, q.BottomRight);
        return new Quad(tl, tr, br, bl);
    }

    private static float Dist(PointF a, PointF b) => MathF.Sqrt((a.X - b.X) * (a.X - b.X) + (a.Y - b.Y) * (a.Y - b.Y));

    public void Dispose()
    {
        while (_nets.TryTake(out var net)) net.Dispose();
    }
}

/// <summary>
/// What the plate reader saw in one region: per slot, the probabilities of the 36 characters and of
/// an empty slot; and the probabilities that the region is no plate, or a European, US or Brazilian one.
/// </summary>
public sealed class PlateReading
{
    private readonly float[] _slots;

    private PlateReading(float[] slots, float[] regions)
    {
        _slots = slots;
        RegionProbabilities = regions;
    }

    /// <summary>Probabilities of <see cref="PlateReader.Regions"/>, same order.</summary>
    public IReadOnlyList<float> RegionProbabilities { get; }

    /// <summary>The probability that the region is not a plate at all.</summary>
    public float NotPlate => RegionProbabilities[0];

    /// <summary>The likeliest kind of plate ("eu", "us", "br") and its probability among plates.</summary>
    public (string Region, float Probability) LikeliestRegion
    {
        get
        {
            var best = 1;
            for (var r = 2; r < RegionProbabilities.Count; r++) if (RegionProbabilities[r] > RegionProbabilities[best]) best = r;
            var plates = Math.Max(1e-6f, 1 - RegionProbabilities[0]);
            return (PlateReader.Regions[best], RegionProbabilities[best] / plates);
        }
    }

    /// <summary>P(slot holds class k), k in 0..36 (36 = empty).</summary>
    public float Probability(int slot, int k) => _slots[slot * (PlateReader.Empty + 1) + k];

    /// <summary>The greedy read: each slot's likeliest class, empty slots dropped.</summary>
    public string Text
    {
        get
        {
            var chars = new List<char>(PlateReader.Slots);
            for (var s = 0; s < PlateReader.Slots; s++)
            {
                var k = Best(s);
                if (k != PlateReader.Empty) chars.Add(PlateReader.Classes[k]);
            }
            return new string(chars.ToArray());
        }
    }

    /// <summary>
    /// The read as an OCR line for the grammar: one character per slot whose likeliest class is a
    /// character, its probability as confidence and the slot's five likeliest characters as
    /// alternatives, so that the grammar's confusion fixing weighs what the network hesitated between.
    /// </summary>
    public OcrLine ToLine()
    {
        var chars = new List<OcrCharacter>();
        for (var s = 0; s < PlateReader.Slots; s++)
        {
            var best = Best(s);
            if (best == PlateReader.Empty) continue;
            var alternatives = Enumerable.Range(0, PlateReader.Empty)
                .Select(k => new CharChoice(PlateReader.Classes[k], Probability(s, k)))
                .OrderByDescending(c => c.Confidence).Take(5).ToList();
            chars.Add(new OcrCharacter(PlateReader.Classes[best], Probability(s, best), alternatives, BoxI.Empty));
        }
        return chars.Count == 0 ? OcrLine.Empty
            : new OcrLine(string.Concat(chars.Select(c => c.Value)), chars.Average(c => c.Confidence), chars);
    }

    /// <summary>
    /// The probability the network gives to exactly <paramref name="text"/>: each of its characters
    /// in its slot, then empty slots. Used to rank the texts of different formats against one another.
    /// </summary>
    public float ProbabilityOf(string text)
    {
        if (text.Length > PlateReader.Slots) return 0f;
        var p = 1.0;
        for (var s = 0; s < PlateReader.Slots; s++)
        {
            var k = s < text.Length ? PlateReader.Classes.IndexOf(text[s]) : PlateReader.Empty;
            if (k < 0) return 0f;
            p *= Probability(s, k);
        }
        return (float)p;
    }

    private int Best(int slot)
    {
        var best = 0;
        for (var k = 1; k <= PlateReader.Empty; k++) if (Probability(slot, k) > Probability(slot, best)) best = k;
        return best;
    }

    /// <summary>Softmax over each slot and over the regions of the network's raw outputs.</summary>
    internal static PlateReading FromLogits(float[] raw)
    {
        const int perSlot = PlateReader.Empty + 1;
        var slots = new float[PlateReader.Slots * perSlot];
        for (var s = 0; s < PlateReader.Slots; s++) Softmax(raw.AsSpan(s * perSlot, perSlot), slots.AsSpan(s * perSlot, perSlot));
        var regions = new float[PlateReader.Regions.Count];
        Softmax(raw.AsSpan(PlateReader.Slots * perSlot, regions.Length), regions);
        return new PlateReading(slots, regions);
    }

    private static void Softmax(ReadOnlySpan<float> logits, Span<float> output)
    {
        var max = float.MinValue;
        foreach (var v in logits) max = Math.Max(max, v);
        var sum = 0f;
        for (var i = 0; i < logits.Length; i++) sum += output[i] = MathF.Exp(logits[i] - max);
        for (var i = 0; i < logits.Length; i++) output[i] /= sum;
    }
}
