using PlateWeb.Recognition.Detection;
using PlateWeb.Recognition.Grammar;
using PlateWeb.Recognition.Pipeline;

namespace PlateWeb.Cli.Commands;

/// <summary>One confidence bin of a <see cref="ReliabilityTable"/>: [Lower, Upper), the last one closed.</summary>
/// <param name="MeanConfidence">Mean confidence of the reads in the bin; 0 when the bin is empty.</param>
/// <param name="Accuracy">Share of the bin's reads that are exact; 0 when the bin is empty.</param>
public sealed record ReliabilityBin(double Lower, double Upper, int Count, double MeanConfidence, double Accuracy);

/// <summary>
/// How well a read's confidence predicts that it is exact: reads binned by confidence, each bin's
/// mean confidence beside its share of exact reads, and the expected calibration error
/// ECE = Σ (n_bin / N) · |accuracy − mean confidence| (0 for an empty table).
/// </summary>
/// <param name="Chance">
/// The ECE a perfectly calibrated reader giving the same confidences would measure on as many reads (each read right
/// with its confidence's probability, <see cref="ChanceDraws"/> seeded draws): its median and 90th percentile. On a
/// hundred reads a perfect reader's ECE is rarely 0; a measured ECE inside this range is no evidence of miscalibration.
/// </param>
public sealed record ReliabilityTable(IReadOnlyList<ReliabilityBin> Bins, int Count, double Ece, (double Median, double P90) Chance)
{
    /// <summary>Draws behind <see cref="Chance"/>.</summary>
    public const int ChanceDraws = 2000;

    public static ReliabilityTable From(IEnumerable<(float Confidence, bool Exact)> reads, int bins = 10)
    {
        var list = reads.ToList();
        var (binList, total, ece) = Measure(list, bins);
        return new ReliabilityTable(binList, total, ece, ByChance(list.Select(r => r.Confidence).ToList(), bins));
    }

    /// <summary>
    /// The ECE of <see cref="ChanceDraws"/> perfectly calibrated readers on these confidences (each read right with
    /// probability its confidence; seeded, so that a report is the same at every run): the median and the 90th percentile.
    /// </summary>
    public static (double Median, double P90) ByChance(IReadOnlyList<float> confidences, int bins = 10, int seed = 1)
    {
        if (confidences.Count == 0) return (0, 0);
        var random = new Random(seed);
        var draws = new double[ChanceDraws];
        var reads = confidences.Select(c => (Confidence: Math.Clamp(c, 0f, 1f), Exact: false)).ToArray();
        for (var d = 0; d < draws.Length; d++)
        {
            for (var i = 0; i < reads.Length; i++) reads[i].Exact = random.NextDouble() < reads[i].Confidence;
            draws[d] = Measure(reads, bins).Ece;
        }
        Array.Sort(draws);
        return (draws[draws.Length / 2], draws[(int)(draws.Length * 0.9)]);
    }

    private static (List<ReliabilityBin> Bins, int Count, double Ece) Measure(IReadOnlyList<(float Confidence, bool Exact)> reads, int bins)
    {
        var counts = new int[bins];
        var confidence = new double[bins];
        var exact = new int[bins];
        foreach (var (c, ok) in reads)
        {
            var b = BinOf(c, bins);
            counts[b]++;
            confidence[b] += c;
            if (ok) exact[b]++;
        }
        var total = counts.Sum();
        var list = new List<ReliabilityBin>(bins);
        var ece = 0.0;
        for (var b = 0; b < bins; b++)
        {
            var n = counts[b];
            var mean = n == 0 ? 0 : confidence[b] / n;
            var accuracy = n == 0 ? 0 : (double)exact[b] / n;
            list.Add(new ReliabilityBin((double)b / bins, (double)(b + 1) / bins, n, mean, accuracy));
            if (n > 0) ece += (double)n / total * Math.Abs(accuracy - mean);
        }
        return (list, total, ece);
    }

    /// <summary>The bin of a confidence; 1.0 falls in the last bin, values outside 0..1 in the end bins.</summary>
    public static int BinOf(float confidence, int bins = 10) =>
        // Confidences are floats: 0.7f is 0.6999999881 as a double, and belongs in the 70-80 % bin.
        Math.Clamp((int)Math.Floor(confidence * (double)bins + 1e-6), 0, bins - 1);
}

/// <summary>Stored reads at one minimum confidence: what a storage threshold would keep and lose.</summary>
/// <param name="Threshold">Plates below it are dropped; 0 keeps every plate.</param>
/// <param name="Plates">True plates in the set.</param>
/// <param name="Top1">True plates whose top-1 read is exact with the threshold applied.</param>
/// <param name="NonPlates">Kept plates that overlap no true plate.</param>
public sealed record ThresholdRow(float Threshold, int Images, int Plates, int Top1, int NonPlates)
{
    public double NonPlatesPerImage => Images == 0 ? 0 : (double)NonPlates / Images;
}

/// <summary>One image of an eval set: its true plates (none for a folder without truth files) and what the engine returned.</summary>
public sealed record ImageRead(string File, IReadOnlyList<EvalCommand.Truth> Truths, RecognitionResult? Result);

/// <summary>Pure measures behind `platectl eval`'s calibration tables; inputs are the engine's results.</summary>
public static class Calibration
{
    /// <summary>Thresholds of the storage table: no threshold, then 0.1 … 0.9.</summary>
    public static IReadOnlyList<float> Thresholds { get; } = [0f, 0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f, 0.9f];

    /// <summary>Whether a plate's outline overlaps a true plate the way detection is scored (IoU ≥ 0.3).</summary>
    public static bool Overlaps(PlateRead plate, EvalCommand.Truth truth) =>
        Quad.BoundsIoU(plate.Quad.Bounds, truth.Box) >= EvalCommand.MatchIoU;

    /// <summary>Returned plates that overlap no true plate: what storage would keep that is not a plate.</summary>
    public static int NonPlates(IReadOnlyList<EvalCommand.Truth> truths, IEnumerable<PlateRead> plates) =>
        NonPlateReads(truths, plates).Count();

    /// <summary>The returned plates that overlap no true plate.</summary>
    public static IEnumerable<PlateRead> NonPlateReads(IReadOnlyList<EvalCommand.Truth> truths, IEnumerable<PlateRead> plates) =>
        plates.Where(p => !truths.Any(t => Overlaps(p, t)));

    /// <summary>The result with plates below <paramref name="minConfidence"/> dropped (the trace is kept: it scores detection).</summary>
    public static RecognitionResult? Above(RecognitionResult? result, float minConfidence) =>
        result is null || minConfidence <= 0 || result.Plates.All(p => p.Confidence >= minConfidence)
            ? result
            : result with { Plates = result.Plates.Where(p => p.Confidence >= minConfidence).ToArray() };

    /// <summary>
    /// Whether a read's country is right for a set named after a region: us → "US", br → "BR", eu → any
    /// other code the grammar knows (the generic "EU" included). Null when the set names no region.
    /// </summary>
    public static bool? CountryIsRight(string set, string? country) => set.ToUpperInvariant() switch
    {
        "US" => country == "US",
        "BR" => country == "BR",
        "EU" => country is not null && EuropeanCountries.Contains(country),
        _ => null,
    };

    /// <summary>Every country of the grammar's formats but the Americas'.</summary>
    public static IReadOnlySet<string> EuropeanCountries { get; } =
        PlateFormats.All.Select(f => f.Country).Where(c => c is not "US" and not "BR").ToHashSet(StringComparer.Ordinal);

    /// <summary>The reliability table of the top-1 reads that overlap their true plate.</summary>
    public static ReliabilityTable Reliability(IEnumerable<EvalCommand.PlateOutcome> outcomes) =>
        ReliabilityTable.From(outcomes.Where(o => o.TopOverlaps && o.TopConfidence is not null).Select(o => (o.TopConfidence!.Value, o.Top1)));

    /// <summary>Top-1 exact reads and non-plates of one set at each threshold, scored as `eval` scores.</summary>
    public static IReadOnlyList<ThresholdRow> Sweep(string set, IReadOnlyList<ImageRead> images, IEnumerable<float> thresholds) =>
        thresholds.Select(threshold =>
        {
            int plates = 0, top1 = 0, nonPlates = 0;
            foreach (var image in images)
            {
                var kept = Above(image.Result, threshold);
                plates += image.Truths.Count;
                top1 += image.Truths.Count(t => EvalCommand.Score(set, t, kept, image.Truths.Count, 0).Top1);
                nonPlates += NonPlates(image.Truths, kept?.Plates ?? []);
            }
            return new ThresholdRow(threshold, images.Count, plates, top1, nonPlates);
        }).ToList();
}
