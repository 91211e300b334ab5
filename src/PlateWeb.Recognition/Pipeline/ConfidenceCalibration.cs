using System.Text.Json;

namespace PlateWeb.Recognition.Pipeline;

/// <summary>
/// Turns a read's raw confidence into the share of such reads that are right, one logistic curve per
/// reader (Platt scaling, fitted by `tools/plateweb_tools/reader/calibrate.py` on pictures the reader never learnt
/// from): a read shown at 90 % is right about 90 % of the time, so "confidence at least" filters and
/// the storage threshold mean what they say.
/// </summary>
public sealed class ConfidenceCalibration
{
    private readonly IReadOnlyDictionary<string, (double A, double B)> _curves;

    private ConfidenceCalibration(IReadOnlyDictionary<string, (double A, double B)> curves) => _curves = curves;

    /// <summary>No curve: confidences stay as the readers give them.</summary>
    public static ConfidenceCalibration None { get; } = new(new Dictionary<string, (double, double)>());

    /// <summary>Reads a calibration file: <c>{"plate-reader": {"a": 1.2, "b": -0.3}, …}</c>.</summary>
    public static ConfidenceCalibration Load(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        var curves = new Dictionary<string, (double, double)>(StringComparer.Ordinal);
        foreach (var reader in doc.RootElement.EnumerateObject())
        {
            if (!reader.Value.TryGetProperty("a", out var a) || !reader.Value.TryGetProperty("b", out var b)
                || !a.TryGetDouble(out var av) || !b.TryGetDouble(out var bv) || !double.IsFinite(av) || !double.IsFinite(bv))
            {
                throw new InvalidDataException($"{path}: reader \"{reader.Name}\" needs finite numbers a and b.");
            }
            curves[reader.Name] = (av, bv);
        }
        return new ConfidenceCalibration(curves);
    }

    /// <summary>The calibrated confidence of a read by <paramref name="reader"/>; unchanged when it has no curve.</summary>
    public float Apply(string reader, float confidence)
    {
        if (!_curves.TryGetValue(reader, out var curve)) return confidence;
        var p = Math.Clamp(confidence, 1e-4, 1 - 1e-4);
        var z = curve.A * Math.Log(p / (1 - p)) + curve.B;
        return (float)(1 / (1 + Math.Exp(-z)));
    }
}
