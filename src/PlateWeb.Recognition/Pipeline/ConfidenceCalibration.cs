using System.Text.Json;

namespace PlateWeb.Recognition.Pipeline;

/// <summary>
/// Turns a read's raw confidence into the share of such reads that are right, one logistic curve per
/// reader (Platt scaling, fitted by `tools/plateweb_tools/reader/calibrate.py` on pictures the reader never learnt
/// from): a read shown at 90 % is right about 90 % of the time, so "confidence at least" filters and
/// the storage threshold mean what they say. A curve may also weigh the plate reader's probability that
/// the region is a plate at all (coefficient <c>c</c> on its logit): lettering the reader half took for a
/// plate then stays low however clearly its characters read.
/// </summary>
public sealed class ConfidenceCalibration
{
    private readonly IReadOnlyDictionary<string, (double A, double B, double C)> _curves;

    private ConfidenceCalibration(IReadOnlyDictionary<string, (double A, double B, double C)> curves) => _curves = curves;

    /// <summary>No curve: confidences stay as the readers give them.</summary>
    public static ConfidenceCalibration None { get; } = new(new Dictionary<string, (double, double, double)>());

    /// <summary>Reads a calibration file: <c>{"plate-reader": {"a": 1.2, "b": -0.3, "c": 0.5}, …}</c> (<c>c</c> optional).</summary>
    public static ConfidenceCalibration Load(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        var curves = new Dictionary<string, (double, double, double)>(StringComparer.Ordinal);
        foreach (var reader in doc.RootElement.EnumerateObject())
        {
            if (!reader.Value.TryGetProperty("a", out var a) || !reader.Value.TryGetProperty("b", out var b)
                || a.ValueKind != JsonValueKind.Number || b.ValueKind != JsonValueKind.Number || !a.TryGetDouble(out var av) || !b.TryGetDouble(out var bv) || !double.IsFinite(av) || !double.IsFinite(bv))
            {
                throw new InvalidDataException($"{path}: reader \"{reader.Name}\" needs finite numbers a and b.");
            }
            var cv = 0.0;
            if (reader.Value.TryGetProperty("c", out var c)
                && (c.ValueKind != JsonValueKind.Number || !c.TryGetDouble(out cv) || !double.IsFinite(cv)))
            {
                throw new InvalidDataException($"{path}: reader \"{reader.Name}\" has a c that is not a finite number.");
            }
            curves[reader.Name] = (av, bv, cv);
        }
        return new ConfidenceCalibration(curves);
    }

    /// <summary>
    /// The calibrated confidence of a read by <paramref name="reader"/>; unchanged when it has no curve.
    /// <paramref name="plateProbability"/> is the plate reader's "this is a plate" (null: no plate reader, taken as sure).
    /// </summary>
    public float Apply(string reader, float confidence, float? plateProbability = null)
    {
        if (!_curves.TryGetValue(reader, out var curve)) return confidence;
        var z = curve.A * Logit(confidence) + curve.B;
        if (curve.C != 0) z += curve.C * Logit(plateProbability ?? 1f);
        return (float)(1 / (1 + Math.Exp(-z)));
    }

    private static double Logit(float probability)
    {
        var p = Math.Clamp(probability, 1e-4, 1 - 1e-4);
        return Math.Log(p / (1 - p));
    }
}
