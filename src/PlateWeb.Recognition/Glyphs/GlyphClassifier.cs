using System.Collections.Concurrent;
using OpenCvSharp;
using OpenCvSharp.Dnn;
using PlateWeb.Recognition.Ocr;

namespace PlateWeb.Recognition.Glyphs;

/// <summary>
/// A small convolutional network that names one plate character from its normalized picture
/// (<see cref="GlyphCrop"/>), trained by tools/glyphs on the project's rendered glyphs and on
/// characters cut from plate photos. Tesseract's general model reads narrow plate fonts with a
/// confident bias (the open-topped 4 of California as L, 7 as T, 9 as S); this second opinion on
/// each character corrects it. Thread-safe: each call borrows its own network from a pool, since
/// an OpenCV <see cref="Net"/> must not run two forward passes at once.
/// </summary>
public sealed class GlyphClassifier : IDisposable
{
    /// <summary>The classes, in the order of the network's outputs.</summary>
    public const string Classes = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    private readonly byte[] _model;
    private readonly ConcurrentBag<Net> _nets = [];
    private readonly float _weight;
    private readonly int _maxAlternatives;

    /// <param name="modelPath">ONNX file written by tools/glyphs/train.py.</param>
    /// <param name="weight">Share of the classifier in each character's score (0..1); Tesseract has the rest.</param>
    /// <param name="maxAlternatives">Alternatives kept per character.</param>
    public GlyphClassifier(string modelPath, float weight, int maxAlternatives = 5)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(weight, 0f);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(weight, 1f);
        _model = File.ReadAllBytes(modelPath);
        _weight = weight;
        _maxAlternatives = maxAlternatives;
        // Fail here, at start-up, rather than on the first plate when the file is not a usable network.
        Net net;
        int outputs;
        try
        {
            net = Load();
            using var probe = new Mat(GlyphCrop.Size, GlyphCrop.Size, MatType.CV_8UC1, Scalar.Black);
            outputs = Run(net, [probe])[0].Length;
        }
        catch (OpenCVException ex)
        {
            throw new InvalidDataException($"{modelPath} is not a network OpenCV can run: {ex.ErrMsg}", ex);
        }
        if (outputs != Classes.Length)
        {
            net.Dispose();
            throw new InvalidDataException($"{modelPath}: the network gives {outputs} outputs, not {Classes.Length} classes.");
        }
        _nets.Add(net);
        ModelPath = modelPath;
    }

    public string ModelPath { get; }

    /// <summary>Class probabilities (softmax, <see cref="Classes"/> order) for each normalized glyph.</summary>
    public float[][] Classify(IReadOnlyList<Mat> glyphs)
    {
        if (glyphs.Count == 0) return [];
        var net = _nets.TryTake(out var n) ? n : Load();
        try
        {
            return Run(net, glyphs);
        }
        finally
        {
            _nets.Add(net);
        }
    }

    /// <summary>
    /// The line with each letter or digit re-scored: a character's score is a blend of Tesseract's
    /// confidence for it (0 when Tesseract did not list it) and the classifier's probability, and
    /// the best-scored becomes the character, the others its alternatives.
    /// </summary>
    public OcrLine Refine(Mat prepared, OcrLine line)
    {
        if (line.Characters.Count == 0) return line;
        var crops = new List<Mat>();
        var index = new int[line.Characters.Count];
        try
        {
            for (var i = 0; i < line.Characters.Count; i++)
            {
                index[i] = -1;
                var c = line.Characters[i];
                if (c.Box.Width <= 0 || c.Box.Height <= 0 || Classes.IndexOf(c.Value) < 0) continue;
                if (GlyphCrop.Normalize(prepared, c.Box) is not { } crop) continue;
                index[i] = crops.Count;
                crops.Add(crop);
            }
            if (crops.Count == 0) return line;
            var probs = Classify(crops);
            var chars = new List<OcrCharacter>(line.Characters.Count);
            for (var i = 0; i < line.Characters.Count; i++)
            {
                var c = line.Characters[i];
                chars.Add(index[i] < 0 ? c : Blend(c, probs[index[i]]));
            }
            var text = string.Concat(chars.Select(c => c.Value));
            return new OcrLine(text, chars.Average(c => c.Confidence), chars);
        }
        finally
        {
            foreach (var m in crops) m.Dispose();
        }
    }

    // Shapes that many plate fonts draw alike (the Brazilian and Slovak 1 is a bare bar, the
    // letter O an oval like the zero): a picture of one glyph cannot tell them apart, Tesseract's
    // reading of the whole line sometimes can, and the grammar knows from the position. Within such
    // a group the classifier only says "this group"; Tesseract's choice inside it stands.
    // (`platectl eval` on held-out folds: without the groups Brazil lost 3 plates to 1→I and Q→O.)
    private static readonly string[] LookAlikes = ["0OQ", "1I"];

    private OcrCharacter Blend(OcrCharacter c, float[] p)
    {
        if (LookAlikes.FirstOrDefault(g => g.Contains(c.Value)) is { } group)
        {
            p = (float[])p.Clone();
            var mass = 0f;
            foreach (var g in group)
            {
                var k = Classes.IndexOf(g);
                mass += p[k];
                p[k] = 0f;
            }
            p[Classes.IndexOf(c.Value)] = mass;
        }
        var scores = new Dictionary<char, float>();
        foreach (var alt in c.Alternatives)
        {
            if (Classes.IndexOf(alt.Value) >= 0 && !scores.ContainsKey(alt.Value)) scores[alt.Value] = (1 - _weight) * alt.Confidence;
        }
        for (var k = 0; k < p.Length; k++)
        {
            scores[Classes[k]] = scores.GetValueOrDefault(Classes[k]) + _weight * p[k];
        }
        var ranked = scores.OrderByDescending(kv => kv.Value).Take(_maxAlternatives)
            .Select(kv => new CharChoice(kv.Key, Math.Clamp(kv.Value, 0f, 1f))).ToList();
        return c with { Value = ranked[0].Value, Confidence = ranked[0].Confidence, Alternatives = ranked };
    }

    private Net Load()
    {
        var net = CvDnn.ReadNetFromOnnx(_model) ?? throw new InvalidDataException("OpenCV could not read the glyph network.");
        net.SetPreferableBackend(Backend.OPENCV);
        net.SetPreferableTarget(Target.CPU);
        return net;
    }

    private static float[][] Run(Net net, IReadOnlyList<Mat> glyphs)
    {
        using var blob = CvDnn.BlobFromImages(glyphs, 1 / 255.0, new OpenCvSharp.Size(GlyphCrop.Size, GlyphCrop.Size), default, false, false);
        net.SetInput(blob);
        using var logits = net.Forward();
        var result = new float[glyphs.Count][];
        for (var i = 0; i < glyphs.Count; i++)
        {
            var row = new float[logits.Cols];
            var max = float.MinValue;
            for (var k = 0; k < row.Length; k++) max = Math.Max(max, row[k] = logits.At<float>(i, k));
            var sum = 0f;
            for (var k = 0; k < row.Length; k++) sum += row[k] = MathF.Exp(row[k] - max);
            for (var k = 0; k < row.Length; k++) row[k] /= sum;
            result[i] = row;
        }
        return result;
    }

    public void Dispose()
    {
        while (_nets.TryTake(out var net)) net.Dispose();
    }
}
