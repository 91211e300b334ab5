using Microsoft.ML.OnnxRuntime;
using OpenCvSharp;
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
/// Runs in ONNX Runtime on one thread per call (the recognizer already reads one image per core); one session
/// serves every thread. Thread-safe.
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

    // A row the first view takes for no plate with at least this probability is read in that view only. On the
    // held-out four-paste scenes (seeds 7 and 11) every read stayed the same from 0.99 down to 0.7 (at 0.5 some
    // changed), with 15-20 % less time per picture; the benchmark's reads are the same (docs/ACCURACY.md).
    private const float NotPlateInOneView = 0.7f;

    private readonly InferenceSession _session;
    private readonly string _input;

    /// <param name="modelPath">ONNX file written by tools/plateweb_tools/reader/train.py.</param>
    /// <param name="severalViews">Read a one-line row three times (its window, 10 % taller, 8 % shorter) and
    /// combine the readings; false reads it once (faster, for comparison: `platectl eval --one-view`).</param>
    /// <exception cref="InvalidDataException">The file is not a network of the reader's shape.</exception>
    public PlateReader(string modelPath, bool severalViews = true)
    {
        SeveralViews = severalViews;
        // Fail here, at start-up, rather than on the first plate when the file is not a usable network.
        int outputs;
        try
        {
            // One intra-op thread: the recognizer's callers are already one per core, and more threads per
            // call only contend with them. ONNX Runtime runs this network in about half OpenCV DNN's time
            // (docs/ACCURACY.md).
            using var options = new SessionOptions
            {
                IntraOpNumThreads = 1,
                InterOpNumThreads = 1,
                ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
                GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            };
            _session = new InferenceSession(File.ReadAllBytes(modelPath), options);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new InvalidDataException($"{modelPath} is not a network ONNX Runtime can run: {ex.Message}", ex);
        }
        try
        {
            _input = _session.InputMetadata.Count == 1 ? _session.InputMetadata.Keys.First()
                : throw new InvalidDataException($"{modelPath}: the network takes {_session.InputMetadata.Count} inputs, not one picture.");
            using var probe = new Mat(Height, Width, MatType.CV_8UC1, Scalar.Black);
            outputs = Logits(probe).Length;
        }
        catch (OnnxRuntimeException ex)
        {
            _session.Dispose();
            throw new InvalidDataException($"{modelPath} does not take a {Width} × {Height} grey picture: {ex.Message}", ex);
        }
        catch
        {
            _session.Dispose();
            throw;
        }
        if (outputs == 0 || outputs % Outputs != 0)
        {
            _session.Dispose();
            throw new InvalidDataException($"{modelPath}: the network gives {outputs} outputs, not {Outputs} (or a multiple of it for an ensemble).");
        }
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
            var alone = PlateReading.CombineNetworks(first);
            // Most regions of a photo are no plate (lettering, grilles, texture), and the views only help to read
            // characters: a row the first view already takes for no plate is not looked at twice more.
            if (!SeveralViews || alone.NotPlate >= NotPlateInOneView) return alone;
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
        // The picture as the training script feeds it: 1 × 1 × Height × Width, grey scaled to 0..1 (a crop of
        // another size is resized, as OpenCV's blobFromImage did).
        if (crop.Type() != MatType.CV_8UC1) throw new ArgumentException("an 8-bit grey crop expected", nameof(crop));
        using var resized = crop.Width == Width && crop.Height == Height ? null : crop.Resize(new Size(Width, Height));
        using var scaled = new Mat();
        (resized ?? crop).ConvertTo(scaled, MatType.CV_32FC1, 1 / 255.0);
        scaled.GetArray(out float[] pixels);
        using var input = OrtValue.CreateTensorValueFromMemory(pixels, [1, 1, Height, Width]);
        using var runOptions = new RunOptions();
        using var results = _session.Run(runOptions, [_input], [input], _session.OutputNames);
        return results[0].GetTensorDataAsSpan<float>().ToArray();
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

    public void Dispose() => _session.Dispose();
}
