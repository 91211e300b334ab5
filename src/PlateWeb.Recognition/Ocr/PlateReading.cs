namespace PlateWeb.Recognition.Ocr;

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
    public double ProbabilityOf(string text) => ProbabilityOf(text, null);

    /// <summary>
    /// As <see cref="ProbabilityOf(string)"/>, where at each place of the text the probabilities of the characters
    /// in <paramref name="standIns"/> at that place (<see cref="Grammar.PlateGrammar.StandIns"/>: look-alikes its
    /// format tells apart by place) count for the text's own character.
    /// </summary>
    public double ProbabilityOf(string text, IReadOnlyList<string>? standIns)
    {
        if (_members is not null)
        {
            var log = 0.0;
            foreach (var m in _members)
            {
                var p = m.ProbabilityOf(text, standIns);
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
        if (standIns is not null && standIns.Count != text.Length) throw new ArgumentException("One string of stand-ins per character.", nameof(standIns));
        // The classes that stand in for each place's character; most formats have none, and then nothing is built.
        int[][]? extra = null;
        if (standIns is not null && standIns.Any(s => s.Length > 0))
        {
            extra = new int[text.Length][];
            for (var i = 0; i < text.Length; i++)
            {
                extra[i] = standIns[i].Select(c => PlateReader.Classes.IndexOf(c)).Where(k => k >= 0).ToArray();
            }
        }
        // States: blank, l1, blank, l2, …, blank.
        var states = 2 * labels.Length + 1;
        int Label(int s) => s % 2 == 0 ? PlateReader.Blank : labels[s / 2];
        double Emit(int t, int s)
        {
            var p = Probability(t, Label(s));
            if (extra is not null && s % 2 == 1)
            {
                foreach (var k in extra[s / 2]) p += Probability(t, k);
            }
            return p;
        }
        var alpha = new double[states];
        var next = new double[states];
        alpha[0] = Probability(0, PlateReader.Blank);
        if (states > 1) alpha[1] = Emit(0, 1);
        for (var t = 1; t < T; t++)
        {
            for (var s = 0; s < states; s++)
            {
                var sum = alpha[s] + (s > 0 ? alpha[s - 1] : 0);
                if (s > 1 && Label(s) != PlateReader.Blank && Label(s) != Label(s - 2)) sum += alpha[s - 2];
                next[s] = sum * Emit(t, s);
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
