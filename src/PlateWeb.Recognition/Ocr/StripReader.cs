using System.Collections.Concurrent;
using OpenCvSharp;
using OpenCvSharp.Dnn;

namespace PlateWeb.Recognition.Ocr;

/// <summary>
/// Reads a whole prepared strip with a small convolutional network trained by the project
/// (`tools/strips/`, CTC): 48 steps across the strip, each a distribution over the 36 characters
/// and a blank; runs of the same character between blanks are one character. Thread-safe: one
/// OpenCV network per concurrent caller, from a pool.
/// </summary>
public sealed class StripReader : IDisposable
{
    public const string Classes = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    public const int Height = 32;
    public const int Width = 192;
    private const int Blank = 36;

    private readonly byte[] _model;
    private readonly ConcurrentBag<Net> _nets = [];

    /// <param name="modelPath">ONNX file written by tools/strips/train.py.</param>
    public StripReader(string modelPath)
    {
        _model = File.ReadAllBytes(modelPath);
        // Fail here, at start-up, rather than on the first plate when the file is not a usable network.
        Net net;
        int classes;
        try
        {
            net = Load();
            using var probe = new Mat(Height, Width, MatType.CV_8UC1, Scalar.Black);
            classes = Run(net, probe, out var steps).Length / Math.Max(1, steps);
        }
        catch (OpenCVException ex)
        {
            throw new InvalidDataException($"{modelPath} is not a network OpenCV can run: {ex.ErrMsg}", ex);
        }
        if (classes != Blank + 1)
        {
            net.Dispose();
            throw new InvalidDataException($"{modelPath}: the network gives {classes} classes per step, not {Blank + 1}.");
        }
        _nets.Add(net);
        ModelPath = modelPath;
    }

    public string ModelPath { get; }

    /// <summary>The strip as the network sees it: <see cref="Height"/> high, at most <see cref="Width"/> wide, ink bright, black on the right.</summary>
    public static Mat Normalize(Mat prepared)
    {
        var w = Math.Clamp((int)Math.Round(prepared.Width * (double)Height / prepared.Height), 1, Width);
        using var scaled = new Mat();
        Cv2.Resize(prepared, scaled, new Size(w, Height), 0, 0, prepared.Height > Height ? InterpolationFlags.Area : InterpolationFlags.Linear);
        var canvas = new Mat(Height, Width, MatType.CV_8UC1, Scalar.Black);
        using var target = new Mat(canvas, new Rect(0, 0, w, Height));
        Cv2.BitwiseNot(scaled, target);
        return canvas;
    }

    /// <summary>Reads a prepared strip (dark ink on white).</summary>
    public OcrLine Read(Mat prepared)
    {
        using var input = Normalize(prepared);
        var probs = Probabilities(input, out var steps);
        return Decode(probs, steps, prepared.Height / (float)Height);
    }

    /// <summary>Per-step class probabilities of a normalized strip, class-major: <c>probs[k * steps + t]</c>.</summary>
    internal float[] Probabilities(Mat normalized, out int steps)
    {
        var net = _nets.TryTake(out var n) ? n : Load();
        try
        {
            return Run(net, normalized, out steps);
        }
        finally
        {
            _nets.Add(net);
        }
    }

    private static unsafe float[] Run(Net net, Mat normalized, out int steps)
    {
        using var blob = CvDnn.BlobFromImage(normalized, 1 / 255.0, new Size(Width, Height), default, false, false);
        net.SetInput(blob);
        using var logits = net.Forward();
        // N x classes x 1 x steps, contiguous; a softmax over the classes at each step.
        var total = (int)logits.Total();
        steps = logits.Dims == 4 ? logits.Size(3) : 1;
        var classes = total / steps;
        var probs = new float[total];
        var data = (float*)logits.Data;
        for (var t = 0; t < steps; t++)
        {
            var max = float.MinValue;
            for (var k = 0; k < classes; k++) max = Math.Max(max, data[k * steps + t]);
            var sum = 0f;
            for (var k = 0; k < classes; k++) sum += probs[k * steps + t] = MathF.Exp(data[k * steps + t] - max);
            for (var k = 0; k < classes; k++) probs[k * steps + t] /= sum;
        }
        return probs;
    }

    /// <summary>
    /// Greedy CTC decoding: the best class at each step; a run of one character between blanks (or
    /// before another character) is one character, with the probability of its most confident step
    /// and that step's next classes as alternatives. Boxes are the steps' columns in the strip.
    /// </summary>
    internal static OcrLine Decode(float[] probs, int steps, float scale)
    {
        var chars = new List<OcrCharacter>();
        var stepWidth = Width / (float)steps * scale;
        var prev = Blank;
        for (var t = 0; t < steps; t++)
        {
            var best = ArgMax(probs, steps, t);
            if (best != Blank && best != prev)
            {
                var peak = t;
                for (var u = t + 1; u < steps && ArgMax(probs, steps, u) == best; u++)
                {
                    if (probs[best * steps + u] > probs[best * steps + peak]) peak = u;
                }
                var ranked = Enumerable.Range(0, Blank).Select(k => new CharChoice(Classes[k], probs[k * steps + peak]))
                    .OrderByDescending(c => c.Confidence).Take(5).ToList();
                chars.Add(new OcrCharacter(Classes[best], probs[best * steps + peak], ranked,
                    new BoxI((int)(t * stepWidth), 0, Math.Max(1, (int)stepWidth), (int)(Height * scale))));
            }
            prev = best;
        }
        return chars.Count == 0 ? OcrLine.Empty
            : new OcrLine(string.Concat(chars.Select(c => c.Value)), chars.Average(c => c.Confidence), chars);
    }

    private static int ArgMax(float[] probs, int steps, int t)
    {
        var best = 0;
        for (var k = 1; k <= Blank; k++) if (probs[k * steps + t] > probs[best * steps + t]) best = k;
        return best;
    }

    private Net Load()
    {
        var net = CvDnn.ReadNetFromOnnx(_model) ?? throw new InvalidDataException("OpenCV could not read the strip network.");
        net.SetPreferableBackend(Backend.OPENCV);
        net.SetPreferableTarget(Target.CPU);
        return net;
    }

    public void Dispose()
    {
        while (_nets.TryTake(out var net)) net.Dispose();
    }
}
