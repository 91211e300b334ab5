using System.Collections.Concurrent;
using OpenCvSharp;
using OpenCvSharp.Dnn;
using PlateWeb.Recognition.Detection;

namespace PlateWeb.Recognition.Ocr;

/// <summary>
/// The plate reader trained by the project (`tools/plateweb_tools/reader/`): a convolutional network that looks at
/// a detected plate row whole, from a little above its characters to a little below, and gives
/// at each of <see cref="Steps"/> steps across it a distribution over the 36 characters and the CTC
/// blank, plus what the region is: not a plate, or a European, US or Brazilian plate. It needs no
/// segmentation, so condensed fonts and glyphs glued to a frame read like any other. One file may
/// hold several such networks side by side (`tools/plateweb_tools/reader/merge.py`: their outputs concatenated);
/// they read together as one ensemble (<see cref="PlateReading.Combine"/>).
/// Thread-safe: one OpenCV network per concurrent caller, from a pool.
/// </summary>
public sealed class PlateReader : IDisposable
{
    public const string Classes = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    /// <summary>The CTC blank: no character at this step.</summary>
    public const int Blank = 36;
    public const int Height = 48;
    public const int Width = 192;
    public const int Steps = 48;
    /// <summary>What the network says a region is, in the order of its region outputs.</summary>
    public static readonly IReadOnlyList<string> Regions = ["none", "eu", "us", "br"];

    // The window around a one-line row: the text quad spans the glyphs plus 0.22 glyph heights above and
    // below; the reader sees 0.5 above and below (part of a frame, a state name or a band), so the
    // window is (1 + 2 × 0.5) / (1 + 2 × 0.22) of the text quad's height.
    private const float RowWindowGrowth = 2.0f / 1.44f;

    // Heights of the extra views of a one-line row, as shares of the window's height. Chosen on the
    // reader's validation pictures (`valbench.py`): views wider or narrower than the row, or moved up and
    // down, lost plates there (docs/ACCURACY.md).
    private static readonly float[] ViewHeights = [1.1f, 0.92f];

    private readonly byte[] _model;
    private readonly ConcurrentBag<Net> _nets = [];

    /// <param name="modelPath">ONNX file written by tools/plateweb_tools/reader/train.py.</param>
    /// <param name="severalViews">Read a one-line row three times (its window, 10 % taller, 8 % shorter) and
    /// combine the readings; false reads it once (faster, for comparison: `platectl eval --one-view`).</param>
    public PlateReader(string modelPath, bool severalViews = true)
    {
        SeveralViews = severalViews;
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
        if (outputs == 0 || outputs % Outputs != 0)
        {
            net.Dispose();
            throw new InvalidDataException($"{modelPath}: the network gives {outputs} outputs, not {Outputs} (or a multiple of it for an ensemble).");
        }
        _nets.Add(net);
        ModelPath = modelPath;
        Members = outputs / Outputs;
    }

    /// <summary>Whether a one-line row is read in several views (see the constructor).</summary>
    public bool SeveralViews { get; }

    /// <summary>How many networks the file holds (1, or more for an ensemble).</summary>
    public int Members { get; }

    /// <summary>Per crop: <see cref="Steps"/> × 37 step logits (class-major), then the region logits.</summary>
    internal const int Outputs = Steps * (Blank + 1) + 4;

    public string ModelPath { get; }

    /// <summary>The quad the reader looks at for a one-line region: the row grown to about the plate's height.</summary>
    public static Quad Window(DetectedPlate region) => GrowVertically(region.TextQuad, RowWindowGrowth);

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
        return Warp(gray, window, new Size(Width, Height), mx, my);
    }

    /// <summary>
    /// Reads the region of a grey image. The two lines of a two-line plate are put side by side, upper
    /// line first, each at its own proportions, and read as one line (as for Tesseract).
    /// </summary>
    public PlateReading Read(Mat gray, DetectedPlate region)
    {
        if (region.SecondLine is not { } lower)
        {
            var window = Window(region);
            using var crop = Crop(gray, window);
            var first = ReadMembers(crop);
            if (!SeveralViews) return PlateReading.CombineNetworks(first);
            // The same row seen a little taller and a little shorter, read as an ensemble (a product of
            // experts over the texts): where the detector's row is a few pixels off, one view still frames
            // the characters as the reader learnt them. Each network's views are combined first: one
            // network places a character at nearly the same steps in every view, two networks need not.
            var views = new List<IReadOnlyList<PlateReading>>(1 + ViewHeights.Length) { first };
            foreach (var factor in ViewHeights)
            {
                using var view = Crop(gray, GrowVertically(window, factor));
                views.Add(ReadMembers(view));
            }
            return PlateReading.CombineNetworks(Enumerable.Range(0, Members).Select(m => PlateReading.Combine(views.Select(v => v[m]).ToList())).ToList());
        }
        using var upper = Natural(gray, Window(region with { SecondLine = null }));
        using var below = Natural(gray, Window(lower));
        using var row = new Mat();
        Cv2.HConcat([upper, below], row);
        using var joined = new Mat();
        Cv2.Resize(row, joined, new Size(Width, Height), 0, 0, row.Width > Width ? InterpolationFlags.Area : InterpolationFlags.Linear);
        return PlateReading.CombineNetworks(ReadMembers(joined));
    }

    /// <summary>The window warped to <see cref="Height"/> pixels high at its own width-to-height ratio.</summary>
    private static Mat Natural(Mat gray, Quad window)
    {
        var w = MathF.Max(Dist(window.TopLeft, window.TopRight), Dist(window.BottomLeft, window.BottomRight));
        var h = MathF.Max(1f, MathF.Max(Dist(window.TopLeft, window.BottomLeft), Dist(window.TopRight, window.BottomRight)));
        return Warp(gray, window, new Size(Math.Clamp((int)MathF.Round(Height * w / h), Height / 2, 4 * Width), Height), 0, 0);
    }

    /// <summary>The window warped to <paramref name="size"/>, inside a border of (mx, my) pixels of the picture around it.</summary>
    private static Mat Warp(Mat gray, Quad window, Size size, int mx, int my)
    {
        var src = window.Points.Select(p => new Point2f(p.X, p.Y)).ToArray();
        Point2f[] dst = [new(mx, my), new(mx + size.Width, my), new(mx + size.Width, my + size.Height), new(mx, my + size.Height)];
        using var m = Cv2.GetPerspectiveTransform(src, dst);
        var output = new Mat();
        var srcH = MathF.Max(Dist(window.TopLeft, window.BottomLeft), Dist(window.TopRight, window.BottomRight));
        // Small plates are enlarged (cubic), large ones reduced (area averaging), as for the strips.
        var flags = srcH < size.Height ? InterpolationFlags.Cubic : InterpolationFlags.Area;
        Cv2.WarpPerspective(gray, output, m, new Size(size.Width + 2 * mx, size.Height + 2 * my), flags, BorderTypes.Replicate);
        return output;
    }

    /// <summary>Reads a crop made by <see cref="Crop"/> (no margin).</summary>
    public PlateReading Read(Mat crop) => PlateReading.CombineNetworks(ReadMembers(crop));

    /// <summary>Each network's reading of a crop, in the file's order.</summary>
    private List<PlateReading> ReadMembers(Mat crop)
    {
        var raw = Logits(crop);
        return Enumerable.Range(0, Members).Select(m => PlateReading.FromLogits(raw[(m * Outputs)..((m + 1) * Outputs)])).ToList();
    }

    /// <summary>
    /// The network's raw outputs for a crop: step logits (class-major), then region logits; for an
    /// ensemble, each member's in turn.
    /// </summary>
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
/// What the plate reader saw in one region: at each step across it, the probabilities of the 36
/// characters and of the CTC blank; and the probabilities that the region is no plate, or a European,
/// US or Brazilian one.
/// </summary>
public sealed class PlateReading
{
    private const int Classes = PlateReader.Blank + 1;
    private const int T = PlateReader.Steps;
    private readonly float[] _steps;

    // An ensemble's members (null for one network): the text probabilities come from them.
    private readonly IReadOnlyList<PlateReading>? _members;

    // Networks of an ensemble (not views of one network): the line is the likeliest member's.
    private readonly bool _networks;

    private PlateReading(float[] steps, float[] regions, IReadOnlyList<PlateReading>? members = null, bool networks = false)
    {
        _steps = steps;
        RegionProbabilities = regions;
        _members = members;
        _networks = networks;
    }

    /// <summary>
    /// Several networks' readings of the same crop as one: the step and region probabilities
    /// averaged (for the greedy line and the kind of plate), and the probability of a text the
    /// geometric mean of the members' (<see cref="ProbabilityOf"/>): a product of experts, which holds
    /// whether or not the members place a character at the same steps.
    /// </summary>
    internal static PlateReading Combine(IReadOnlyList<PlateReading> members) => Combine(members, networks: false);

    /// <summary>
    /// Several networks' readings as one, like <see cref="Combine(IReadOnlyList{PlateReading})"/>, except for
    /// the line: two CTC networks may place the same character at different steps, and their averaged
    /// steps then lose it to the blank between (an ensemble read "5TGN556" as "5GN556"). The line is the
    /// member's whose text the ensemble finds likeliest, with that member's alternatives.
    /// </summary>
    internal static PlateReading CombineNetworks(IReadOnlyList<PlateReading> members) => Combine(members, networks: true);

    private static PlateReading Combine(IReadOnlyList<PlateReading> members, bool networks)
    {
        ArgumentOutOfRangeException.ThrowIfZero(members.Count);
        if (members.Count == 1) return members[0];
        var steps = new float[T * Classes];
        var regions = new float[PlateReader.Regions.Count];
        foreach (var m in members)
        {
            for (var i = 0; i < steps.Length; i++) steps[i] += m._steps[i] / members.Count;
            for (var i = 0; i < regions.Length; i++) regions[i] += m.RegionProbabilities[i] / members.Count;
        }
        return new PlateReading(steps, regions, members, networks);
    }

    /// <summary>Each member's greedy read (the reading's own for one network): texts worth scoring.</summary>
    public IEnumerable<string> MemberTexts => _members?.Select(m => m.Text) ?? [Text];

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

    /// <summary>P(class k at step t), k in 0..36 (36 = blank).</summary>
    public float Probability(int t, int k) => _steps[k * T + t];

    /// <summary>The greedy read: each step's likeliest class; repeats between blanks merged, blanks dropped.</summary>
    public string Text => ToLine().Text;

    /// <summary>
    /// The greedy read as an OCR line for the grammar: each character with the probability of its most
    /// confident step, and that step's five likeliest characters as alternatives, so that the
    /// grammar's confusion fixing weighs what the network hesitated between.
    /// </summary>
    public OcrLine ToLine()
    {
        if (_networks && _members is not null) return _members.MaxBy(m => ProbabilityOf(m.Text))!.ToLine();
        var chars = new List<OcrCharacter>();
        var prev = PlateReader.Blank;
        for (var t = 0; t < T; t++)
        {
            var best = Best(t);
            if (best != PlateReader.Blank && best != prev)
            {
                var peak = t;
                for (var u = t + 1; u < T && Best(u) == best; u++)
                {
                    if (Probability(u, best) > Probability(peak, best)) peak = u;
                }
                var alternatives = Enumerable.Range(0, PlateReader.Blank)
                    .Select(k => new CharChoice(PlateReader.Classes[k], Probability(peak, k)))
                    .OrderByDescending(c => c.Confidence).Take(5).ToList();
                chars.Add(new OcrCharacter(PlateReader.Classes[best], Probability(peak, best), alternatives,
                    new BoxI(t * PlateReader.Width / T, 0, PlateReader.Width / T, PlateReader.Height)));
            }
            prev = best;
        }
        return chars.Count == 0 ? OcrLine.Empty
            : new OcrLine(string.Concat(chars.Select(c => c.Value)), chars.Average(c => c.Confidence), chars);
    }

    /// <summary>
    /// The probability the network gives to exactly <paramref name="text"/>, summed over every way of
    /// spreading it across the steps (CTC's forward algorithm). Ranks the texts of different formats
    /// against one another by what the network saw, not by the greedy read alone.
    /// </summary>
    public double ProbabilityOf(string text)
    {
        if (_members is not null)
        {
            var log = 0.0;
            foreach (var m in _members)
            {
                var p = m.ProbabilityOf(text);
                if (p <= 0) return 0;
                log += Math.Log(p);
            }
            return Math.Exp(log / _members.Count);
        }
        var labels = new int[text.Length];
        for (var i = 0; i < text.Length; i++)
        {
            labels[i] = PlateReader.Classes.IndexOf(text[i]);
            if (labels[i] < 0) return 0;
        }
        // States: blank, l1, blank, l2, …, blank.
        var states = 2 * labels.Length + 1;
        int Label(int s) => s % 2 == 0 ? PlateReader.Blank : labels[s / 2];
        var alpha = new double[states];
        var next = new double[states];
        alpha[0] = Probability(0, PlateReader.Blank);
        if (states > 1) alpha[1] = Probability(0, Label(1));
        for (var t = 1; t < T; t++)
        {
            for (var s = 0; s < states; s++)
            {
                var sum = alpha[s] + (s > 0 ? alpha[s - 1] : 0);
                if (s > 1 && Label(s) != PlateReader.Blank && Label(s) != Label(s - 2)) sum += alpha[s - 2];
                next[s] = sum * Probability(t, Label(s));
            }
            (alpha, next) = (next, alpha);
        }
        return alpha[states - 1] + (states > 1 ? alpha[states - 2] : 0);
    }

    private int Best(int t)
    {
        var best = 0;
        for (var k = 1; k < Classes; k++) if (Probability(t, k) > Probability(t, best)) best = k;
        return best;
    }

    /// <summary>Softmax over the classes at each step and over the regions of the network's raw outputs.</summary>
    internal static PlateReading FromLogits(float[] raw)
    {
        var steps = new float[T * Classes];
        var column = new float[Classes];
        for (var t = 0; t < T; t++)
        {
            var max = float.MinValue;
            for (var k = 0; k < Classes; k++) max = Math.Max(max, raw[k * T + t]);
            var sum = 0f;
            for (var k = 0; k < Classes; k++) sum += column[k] = MathF.Exp(raw[k * T + t] - max);
            for (var k = 0; k < Classes; k++) steps[k * T + t] = column[k] / sum;
        }
        var regions = new float[PlateReader.Regions.Count];
        var r = raw.AsSpan(T * Classes, regions.Length);
        var rmax = float.MinValue;
        foreach (var v in r) rmax = Math.Max(rmax, v);
        var rsum = 0f;
        for (var i = 0; i < regions.Length; i++) rsum += regions[i] = MathF.Exp(r[i] - rmax);
        for (var i = 0; i < regions.Length; i++) regions[i] /= rsum;
        return new PlateReading(steps, regions);
    }
}
