// One file: the grammar's interpretation (junk check, per-position fit against each format, ranking, explanation)
// is one scoring algorithm whose factors are described together in the remarks below; the formats, confusions,
// compiled patterns and the matcher already have files of their own.

using System.Text;
using PlateWeb.Recognition.Ocr;

namespace PlateWeb.Recognition.Grammar;

/// <summary>
/// Turns raw OCR into a plate reading using known plate layouts: fixes letter/digit confusions
/// where a layout demands it, drops a junk character at either end, ranks readings and
/// rejects texts that cannot be a plate.
/// </summary>
/// <remarks>
/// Scoring (all factors in 0..1, so scores stay in 0..1):
/// <list type="bullet">
/// <item>Each position keeps the OCR character when the layout accepts it; otherwise it takes the
/// best OCR alternative or confusion twin (O→0, I→1, B→8…) that fits. A twin's plausibility is its
/// weight in <see cref="Confusions"/> (0.75 for O/0 down to 0.25 for A/4); an OCR alternative's is
/// its confidence relative to the top reading.</item>
/// <item>Confidence = geometric mean of the OCR confidences of the characters used
/// × (plausibility × <see cref="SubstitutionPenalty"/>) per substituted character
/// × <see cref="DropPenalty"/> per dropped end character.
/// The geometric mean keeps long and short plates comparable; substitution costs are multiplied
/// outside it so a weak guess costs as much on a long plate as on a short one.
/// Per-character confidences report OCR confidence × plausibility.</item>
/// <item>Score = confidence × format prior × (<see cref="HintMismatchFactor"/> when a country
/// hint is given and the format is from another country).</item>
/// <item>The raw OCR text is kept as a low candidate (prior <see cref="RawPrior"/>, and never above
/// half the best pattern score) so callers can still show what was literally read.</item>
/// <item>Country confidence = best score of the winning country ÷ (that + best score of the strongest
/// other country), so 1 means no other country produced any reading and 0.5 a tie. Summing over every
/// country instead was tried and rejected: the many weak readings of loose layouts (DE, AT, generic)
/// diluted even unambiguous plates. "EU" (generic) counts as a country, and the value is halved when
/// the winner is a generic pattern, since "some European plate" is no country guess.</item>
/// </list>
/// Rejected (Accepted = false, with a reason): no letters or digits; fewer than 4 or more than 10;
/// only vertical strokes (1, I, L, T); one repeated shape ("0O0D0", "88B8"); nothing but a generic
/// pattern fits and only two shapes alternate ("E3E3E"); or no format fits even after corrections
/// (at most <see cref="MaxSubstitutions"/> per reading) and dropping an end character.
/// Every built-in format's example is accepted unchanged (a test guards this).
/// Correction positions are 0-based indexes in the final text; reasons use 1-based positions for people.
/// The class holds only immutable compiled formats, so one instance can serve concurrent calls.
/// </remarks>
public sealed class PlateGrammar
{
    /// <summary>Score multiplier per substituted character.</summary>
    public const float SubstitutionPenalty = 0.7f;

    /// <summary>
    /// Score multiplier per junk character dropped at the start or end. Below the cost of every strong
    /// look-alike (Z/2 and G/6: 0.6 × <see cref="SubstitutionPenalty"/> = 0.42): a clearly read last
    /// "O" on a plate whose format ends in digits is a zero, not a smudge to drop
    /// (`platectl eval`, 0.6 → 0.4: eu +1, us +1, br +1 plate).
    /// </summary>
    public const float DropPenalty = 0.4f;

    /// <summary>Score multiplier for formats of another country than the hint.</summary>
    public const float HintMismatchFactor = 0.1f;

    /// <summary>Prior of the unmatched raw text.</summary>
    public const float RawPrior = 0.05f;

    /// <summary>Most candidates returned.</summary>
    public const int MaxCandidates = 10;

    /// <summary>Shortest plate text accepted (no format anywhere is shorter).</summary>
    public const int MinPlateLength = 4;

    /// <summary>Longest OCR text considered; the longest format is 9 plus one junk character.</summary>
    public const int MaxPlateLength = 10;

    /// <summary>
    /// Most substitutions in one candidate: a text needing more is not that format, and allowing
    /// it would let loose patterns turn texture (all letters) into plates.
    /// </summary>
    public const int MaxSubstitutions = 3;

    // Runner-up readings below this are noise and would only crowd the candidate list.
    private const float MinRunnerUpCost = 0.01f;

    private static readonly HashSet<string> EuropeanCountries =
        ["EU", "FR", "DE", "IT", "ES", "NL", "BE", "PL", "GB", "PT", "AT", "CH", "LU", "IE", "DK", "SE", "NO", "FI", "CZ", "SK", "HU", "RO", "GR", "HR", "RS", "SI"];

    private readonly CompiledFormat[] _formats;
    private readonly Dictionary<string, CompiledFormat> _byId;

    /// <summary>
    /// The grammar over <see cref="PlateFormats.All"/>, shared by the whole process (it is immutable): the engine
    /// reads with it and <see cref="GrammarServiceCollectionExtensions.AddPlateGrammar"/> registers it.
    /// </summary>
    public static PlateGrammar Default { get; } = new();

    /// <summary>A grammar over <see cref="PlateFormats.All"/>.</summary>
    public PlateGrammar()
        : this(PlateFormats.All)
    {
    }

    /// <summary>A grammar over custom formats (ids must be unique).</summary>
    public PlateGrammar(IEnumerable<PlateFormat> formats)
    {
        ArgumentNullException.ThrowIfNull(formats);
        _formats = formats.Select(CompiledFormat.Compile).ToArray();
        _byId = new Dictionary<string, CompiledFormat>(StringComparer.Ordinal);
        foreach (var f in _formats)
        {
            if (!_byId.TryAdd(f.Format.Id, f))
            {
                throw new ArgumentException($"Duplicate plate format id '{f.Format.Id}'.", nameof(formats));
            }
        }

        Formats = _formats.Select(f => f.Format).ToArray();
    }

    /// <summary>The formats this grammar knows, in priority order.</summary>
    public IReadOnlyList<PlateFormat> Formats { get; }

    /// <summary>Interprets one OCR line; explanations in English.</summary>
    /// <param name="line">What the OCR read.</param>
    /// <param name="countryHint">ISO country code ("FR", "fr-FR", "UK" is read as GB) or "EU"; formats of other countries are down-weighted.</param>
    public GrammarResult Interpret(OcrLine line, string? countryHint = null) => Interpret(line, countryHint, culture: null);

    /// <summary>Interprets one OCR line, with the explanation in <paramref name="culture"/> ("fr" or English).</summary>
    public GrammarResult Interpret(OcrLine line, string? countryHint, string? culture)
    {
        ArgumentNullException.ThrowIfNull(line);
        var glyphs = Prepare(line);
        if (JunkReason(glyphs) is { } junk)
        {
            return Reject(junk);
        }

        var hint = NormalizeCountry(countryHint);
        var search = new Search();
        for (var lead = 0; lead <= 1; lead++)
        {
            for (var trail = 0; trail <= 1; trail++)
            {
                var length = glyphs.Length - lead - trail;
                if (length < MinPlateLength)
                {
                    continue;
                }

                foreach (var cf in _formats)
                {
                    var prior = cf.Format.Prior * HintFactor(cf.Format.Country, hint);
                    foreach (var exp in cf.WithLength(length))
                    {
                        FitExpansion(glyphs, lead, lead + trail, cf, exp, prior, search);
                    }
                }
            }
        }

        if (search.ByText.Count == 0)
        {
            return Reject("no known plate format fits this text");
        }

        // Generic patterns accept almost any letter/digit mix, so for them alone also demand some variety:
        // two alternating shapes ("E3E3E") are stripes, not a registration.
        if (search.ByText.Values.All(s => s.Format.Format.IsGeneric) && DistinctShapes(glyphs) <= 2)
        {
            return Reject("only two distinct shapes and no specific plate format: looks like texture");
        }

        var ranked = search.ByText.Values
            .OrderByDescending(s => s.Score)
            .ThenBy(s => s.Text, StringComparer.Ordinal)
            .ToList();
        var top = ranked[0];

        var candidates = ranked.Take(MaxCandidates)
            .Select(s => new PlateCandidate(s.Text, s.Score, s.Format.Format.Id))
            .ToList();
        AddRawCandidate(glyphs, top.Score, search, candidates);

        var rival = search.BestByCountry
            .Where(kv => kv.Key != top.Format.Format.Country)
            .Select(kv => kv.Value)
            .DefaultIfEmpty(0f)
            .Max();
        var countryConfidence = top.Score / (top.Score + rival);
        if (top.Format.Format.IsGeneric)
        {
            countryConfidence *= 0.5f;
        }

        var format = top.Format.Format;
        return new GrammarResult(
            Accepted: true,
            Text: top.Text,
            Confidence: top.Confidence,
            CharConfidences: top.CharConfidences,
            Candidates: candidates,
            Country: format.Country,
            Format: format.Id,
            CountryConfidence: Math.Clamp(countryConfidence, 0f, 1f),
            Explanation: format.ExplanationFor(culture),
            DisplayText: top.Display,
            Corrections: top.Corrections,
            RejectReason: null);
    }

    /// <summary>Upper case, letters and digits only (spaces, dashes, dots and anything else removed).</summary>
    public static string Normalize(string raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var sb = new StringBuilder(raw.Length);
        foreach (var c in raw)
        {
            var u = char.ToUpperInvariant(c);
            if (char.IsAsciiLetterOrDigit(u))
            {
                sb.Append(u);
            }
        }

        return sb.ToString();
    }

    /// <summary>Every format a plain text fits exactly (no confusion fixing), most likely first.</summary>
    public IReadOnlyList<FormatMatch> Match(string plateText, string? culture = null)
    {
        var text = Normalize(plateText);
        var matches = new List<FormatMatch>();
        foreach (var cf in _formats)
        {
            if (cf.FindExact(text) is { } exp)
            {
                matches.Add(new FormatMatch(cf.Format, exp.Display(text), cf.Format.ExplanationFor(culture)));
            }
        }

        // Stable sort keeps the declaration order between formats of equal prior.
        return matches.OrderByDescending(m => m.Format.Prior).ToList();
    }

    /// <summary>
    /// For each character of <paramref name="text"/>, laid out as <paramref name="match"/> lays it out, the
    /// characters a reader may have seen there for it, on a format whose font draws look-alikes alike
    /// (<see cref="PlateFormat.LookAlikesByPlace"/>): its near-identical twin (O and 0, I and 1:
    /// <see cref="Confusions.NearIdentical"/>, of the letters the format lists) where the layout forbids that twin and the text with the twin there
    /// fits no other format of the country. Where only letters go, a 0 stands for an O; where only digits go, an I
    /// stands for a 1. Empty strings for every other format, and for a text the format does not fit.
    /// </summary>
    public IReadOnlyList<string> StandIns(string text, FormatMatch match)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(match);
        var result = new string[text.Length];
        Array.Fill(result, "");
        if (match.Format.LookAlikesByPlace.Length == 0
            || _formats.FirstOrDefault(f => ReferenceEquals(f.Format, match.Format))?.FindExact(text) is not { } layout)
        {
            return result;
        }
        for (var i = 0; i < text.Length; i++)
        {
            foreach (var (twin, weight) in Confusions.TwinsOf(text[i]))
            {
                if (weight >= Confusions.NearIdentical && !CharClasses.Accepts(layout.Slots[i], twin)
                    && match.Format.LookAlikesByPlace.Contains(char.IsAsciiLetter(twin) ? twin : text[i], StringComparison.Ordinal)
                    && !FitsAnotherOfTheCountry(string.Concat(text.AsSpan(0, i), twin.ToString(), text.AsSpan(i + 1)), match.Format))
                {
                    result[i] += twin;
                }
            }
        }
        return result;
    }

    // A twin that makes the text another plate of the same country is evidence for that plate (a Mercosul
    // plate's fifth place takes an I), not a stand-in.
    private bool FitsAnotherOfTheCountry(string text, PlateFormat format)
    {
        foreach (var f in _formats)
        {
            if (!ReferenceEquals(f.Format, format) && f.Format.Country == format.Country && f.FindExact(text) is not null) return true;
        }
        return false;
    }

    /// <summary>
    /// How much the grammar favours a format for a country hint: its prior, times
    /// <see cref="HintMismatchFactor"/> when the hint names another country (as in <see cref="Interpret(OcrLine, string?)"/>).
    /// </summary>
    public static float Weight(PlateFormat format, string? countryHint) =>
        format.Prior * HintFactor(format.Country, NormalizeCountry(countryHint));

    /// <summary>
    /// One line explaining which format a plate is, for the chat ("AB-123-CD: French SIV format…");
    /// mentions other countries whose specific formats also fit. Null when nothing fits.
    /// </summary>
    public string? Explain(string plateText, string? culture = null)
    {
        var matches = Match(plateText, culture);
        if (matches.Count == 0)
        {
            return null;
        }

        var top = matches[0];
        var french = PlateFormat.IsFrench(culture);
        var sb = new StringBuilder();
        sb.Append(top.DisplayText).Append(french ? " : " : ": ").Append(top.Explanation).Append('.');
        var others = matches.Skip(1)
            .Where(m => !m.Format.IsGeneric && m.Format.Country != top.Format.Country)
            .Select(m => m.Format.Country)
            .Distinct()
            .ToList();
        if (others.Count > 0)
        {
            sb.Append(french ? " Correspond aussi à : " : " Also fits: ").Append(string.Join(", ", others)).Append('.');
        }

        return sb.ToString();
    }

    /// <summary>The text printed with the separators of <paramref name="format"/>; the normalised text when it does not fit.</summary>
    public string Format(string text, PlateFormat format)
    {
        ArgumentNullException.ThrowIfNull(format);
        var normalized = Normalize(text);
        var cf = _byId.TryGetValue(format.Id, out var known) && ReferenceEquals(known.Format, format)
            ? known
            : CompiledFormat.Compile(format);
        foreach (var exp in cf.WithLength(normalized.Length))
        {
            if (exp.Accepts(normalized))
            {
                return exp.Display(normalized);
            }
        }

        return normalized;
    }

    /// <summary>
    /// Maps each character to its confusion class (0/O/D/Q → 0, 1/I/L → 1, 8/B → 8, 5/S → 5,
    /// 2/Z → 2, 6/G → 6) after normalising, so texts that differ only by OCR confusions are equal.
    /// </summary>
    public static string Skeleton(string text)
    {
        var normalized = Normalize(text);
        return string.Create(normalized.Length, normalized, static (span, src) =>
        {
            for (var i = 0; i < src.Length; i++)
            {
                span[i] = Confusions.SkeletonOf(src[i]);
            }
        });
    }

    private static GrammarResult Reject(string reason) =>
        new(false, string.Empty, 0f, [], [], null, null, 0f, null, null, [], reason);

    private static string? JunkReason(Glyph[] glyphs)
    {
        var n = glyphs.Length;
        if (n == 0)
        {
            return "no letters or digits were read";
        }

        if (n < MinPlateLength)
        {
            return $"too short for a plate: {n} character(s), at least {MinPlateLength} expected";
        }

        if (n > MaxPlateLength)
        {
            return $"too long for a plate: {n} characters, at most {MaxPlateLength} expected";
        }

        // Railings, grilles and plate borders read as strings of vertical strokes.
        if (glyphs.All(g => g.Value is '1' or 'I' or 'L' or 'T'))
        {
            return "only vertical strokes (1, I, L, T): looks like a border or texture, not a plate";
        }

        // Compare confusion classes, not characters: "0O00D" is one shape repeated, just as "EEEE" is.
        if (DistinctShapes(glyphs) == 1)
        {
            return $"a single repeated shape ('{glyphs[0].Value}') looks like texture, not a plate";
        }

        return null;
    }

    private static int DistinctShapes(Glyph[] glyphs) =>
        glyphs.Select(g => Confusions.SkeletonOf(g.Value)).Distinct().Count();

    private static Glyph[] Prepare(OcrLine line)
    {
        var glyphs = new List<Glyph>(line.Characters.Count);
        if (line.Characters.Count > 0)
        {
            foreach (var ch in line.Characters)
            {
                var value = char.ToUpperInvariant(ch.Value);
                if (!char.IsAsciiLetterOrDigit(value))
                {
                    continue;
                }

                var alternatives = (ch.Alternatives ?? [])
                    .Select(a => new CharChoice(char.ToUpperInvariant(a.Value), Clamp01(a.Confidence)))
                    .Where(a => char.IsAsciiLetterOrDigit(a.Value))
                    .ToArray();
                glyphs.Add(new Glyph(value, Clamp01(ch.Confidence), alternatives));
            }
        }
        else
        {
            // Engines that only give a string: every character gets the line confidence.
            foreach (var c in Normalize(line.Text ?? string.Empty))
            {
                glyphs.Add(new Glyph(c, Clamp01(line.Confidence), []));
            }
        }

        return [.. glyphs];
    }

    private static float Clamp01(float value) => float.IsNaN(value) ? 0f : Math.Clamp(value, 0f, 1f);

    private static string? NormalizeCountry(string? hint)
    {
        if (string.IsNullOrWhiteSpace(hint))
        {
            return null;
        }

        var h = hint.Trim().ToUpperInvariant();
        var cut = h.LastIndexOfAny(['-', '_']);
        if (cut >= 0)
        {
            h = h[(cut + 1)..];
        }

        return h == "UK" ? "GB" : h;
    }

    /// <summary>
    /// Whether a format of <paramref name="formatCountry"/> belongs to another region (Europe, the US, Brazil) than
    /// <paramref name="countryHint"/>: a German format is another region for a US hint, not for a French one. False
    /// without a hint.
    /// </summary>
    public static bool OtherRegion(string formatCountry, string? countryHint)
    {
        var hint = NormalizeCountry(countryHint);
        if (hint is null) return false;
        static string RegionOf(string country) => country == "EU" || EuropeanCountries.Contains(country) ? "EU" : country;
        return RegionOf(formatCountry) != RegionOf(hint);
    }

    private static float HintFactor(string formatCountry, string? hint)
    {
        if (hint is null || formatCountry == hint)
        {
            return 1f;
        }

        var bothEuropean = EuropeanCountries.Contains(formatCountry) && EuropeanCountries.Contains(hint);
        return bothEuropean && (formatCountry == "EU" || hint == "EU") ? 1f : HintMismatchFactor;
    }

    private static void FitExpansion(
        Glyph[] glyphs, int start, int dropped, CompiledFormat cf, Expansion exp, float prior, Search search)
    {
        var n = exp.Length;
        var best = new Choice[n];
        var second = new Choice[n];
        for (var i = 0; i < n; i++)
        {
            if (!Choose(glyphs[start + i], exp.Slots[i], out best[i], out second[i]))
            {
                return;
            }
        }

        search.Add(Build(glyphs, start, dropped, cf, exp, prior, best));
        for (var i = 0; i < n; i++)
        {
            if (second[i].Value == '\0' || second[i].Cost < MinRunnerUpCost)
            {
                continue;
            }

            // A look-alike is only worth trying when the pattern rejects the OCR character or the engine
            // itself proposed it; otherwise every letter would spawn a digit twin and junk would pass
            // generic patterns that require a digit.
            if (best[i].Kind == ChoiceKind.Kept && second[i].Kind == ChoiceKind.Confusion)
            {
                continue;
            }

            var variant = (Choice[])best.Clone();
            variant[i] = second[i];
            search.Add(Build(glyphs, start, dropped, cf, exp, prior, variant));
        }
    }

    /// <summary>Best and runner-up readings of one OCR character for a slot; false when nothing fits.</summary>
    private static bool Choose(Glyph g, ulong mask, out Choice best, out Choice second)
    {
        best = default;
        second = default;
        Offer(mask, new Choice(g.Value, g.Confidence, 1f, ChoiceKind.Kept), ref best, ref second);
        foreach (var alt in g.Alternatives)
        {
            if (alt.Value != g.Value)
            {
                // The engine's own relative belief in its alternative is the cost of taking it.
                var factor = g.Confidence > 0f ? Math.Min(alt.Confidence / g.Confidence, 1f) : 0f;
                Offer(mask, new Choice(alt.Value, alt.Confidence, factor, ChoiceKind.Alternative), ref best, ref second);
            }
        }

        foreach (var (to, weight) in Confusions.TwinsOf(g.Value))
        {
            Offer(mask, new Choice(to, g.Confidence * weight, weight, ChoiceKind.Confusion), ref best, ref second);
        }

        return best.Value != '\0';
    }

    private static void Offer(ulong mask, Choice c, ref Choice best, ref Choice second)
    {
        if (!CharClasses.Accepts(mask, c.Value))
        {
            return;
        }

        if (c.Value == best.Value)
        {
            if (c.Cost > best.Cost)
            {
                best = c;
            }

            return;
        }

        if (c.Value == second.Value)
        {
            if (c.Cost > second.Cost)
            {
                second = c;
            }

            if (second.Cost > best.Cost)
            {
                (best, second) = (second, best);
            }

            return;
        }

        if (best.Value == '\0' || c.Cost > best.Cost)
        {
            second = best;
            best = c;
        }
        else if (second.Value == '\0' || c.Cost > second.Cost)
        {
            second = c;
        }
    }

    private static Scored? Build(
        Glyph[] glyphs, int start, int dropped, CompiledFormat cf, Expansion exp, float prior, Choice[] choices)
    {
        var n = choices.Length;
        var chars = new char[n];
        for (var i = 0; i < n; i++)
        {
            chars[i] = choices[i].Value;
        }

        var text = new string(chars);
        if (choices.Count(c => c.Kind != ChoiceKind.Kept) > MaxSubstitutions || !cf.SatisfiesConstraints(text))
        {
            return null;
        }

        var confidences = new float[n];
        var corrections = new List<GrammarCorrection>();
        var logSum = 0.0;
        var substitutionCost = 1f;
        for (var i = 0; i < n; i++)
        {
            var c = choices[i];
            confidences[i] = c.Confidence;
            logSum += Math.Log(Math.Max(glyphs[start + i].Confidence, 1e-4f));
            substitutionCost *= c.Cost;
            if (c.Kind != ChoiceKind.Kept)
            {
                var from = glyphs[start + i].Value;
                corrections.Add(new GrammarCorrection(i, from, c.Value, Reason(cf.Format.Id, exp.Slots[i], from, c.Kind, i)));
            }
        }

        // Substitution costs multiply outside the mean: inside it a seven-character plate would shrug off a
        // weak L→1 guess, and a high-prior format would then swallow clean reads of rarer formats.
        var geometricMean = (float)Math.Exp(logSum / n);
        var confidence = geometricMean * substitutionCost * MathF.Pow(DropPenalty, dropped);
        confidence = Math.Clamp(confidence, 0f, 1f);
        return new Scored(text, Math.Clamp(confidence * prior, 0f, 1f), confidence, confidences, cf, exp.Display(text), corrections);
    }

    private static string Reason(string formatId, ulong mask, char from, ChoiceKind kind, int index)
    {
        var position = index + 1;
        if (CharClasses.Accepts(mask, from))
        {
            return $"OCR alternative reading at position {position}, also valid for pattern {formatId}";
        }

        var sameClass = (CharClasses.IsLetter(from) && (mask & CharClasses.Letters) != 0)
            || (CharClasses.IsDigit(from) && (mask & CharClasses.Digits) != 0);
        var why = sameClass
            ? $"pattern {formatId} does not use {from} at position {position}"
            : $"pattern {formatId} expects {CharClasses.Describe(mask)} at position {position}";
        return kind == ChoiceKind.Alternative ? why + " (OCR's next choice)" : why;
    }

    private static void AddRawCandidate(Glyph[] glyphs, float bestScore, Search search, List<PlateCandidate> candidates)
    {
        var raw = new string(glyphs.Select(g => g.Value).ToArray());
        if (search.ByText.ContainsKey(raw))
        {
            return;
        }

        var logSum = glyphs.Sum(g => Math.Log(Math.Max(g.Confidence, 1e-4f)));
        var geometricMean = (float)Math.Exp(logSum / glyphs.Length);

        // Capped below the winner so the first candidate is always the accepted text.
        var score = Math.Min(geometricMean * RawPrior, bestScore * 0.5f);
        var insertAt = candidates.FindIndex(c => c.Score < score);
        if (insertAt < 0)
        {
            insertAt = candidates.Count;
        }

        if (insertAt >= MaxCandidates)
        {
            return;
        }

        candidates.Insert(insertAt, new PlateCandidate(raw, score, null));
        if (candidates.Count > MaxCandidates)
        {
            candidates.RemoveAt(candidates.Count - 1);
        }
    }

    private readonly record struct Glyph(char Value, float Confidence, CharChoice[] Alternatives);

    private enum ChoiceKind
    {
        Kept,
        Alternative,
        Confusion,
    }

    /// <param name="Value">The character taken.</param>
    /// <param name="Confidence">Its confidence as reported per character (OCR confidence × <paramref name="Factor"/>).</param>
    /// <param name="Factor">Plausibility of the substitution in 0..1; 1 when the OCR character is kept.</param>
    /// <param name="Kind">Where the character came from.</param>
    private readonly record struct Choice(char Value, float Confidence, float Factor, ChoiceKind Kind)
    {
        /// <summary>Score multiplier of this choice; a substitution must beat the kept character even after its penalty.</summary>
        public float Cost => Kind == ChoiceKind.Kept ? 1f : Factor * SubstitutionPenalty;
    }

    private sealed record Scored(
        string Text,
        float Score,
        float Confidence,
        float[] CharConfidences,
        CompiledFormat Format,
        string Display,
        IReadOnlyList<GrammarCorrection> Corrections);

    /// <summary>Per-call accumulator, so the grammar itself stays free of mutable state.</summary>
    private sealed class Search
    {
        public Dictionary<string, Scored> ByText { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, float> BestByCountry { get; } = new(StringComparer.Ordinal);

        public void Add(Scored? s)
        {
            if (s is null)
            {
                return;
            }

            var country = s.Format.Format.Country;
            if (!BestByCountry.TryGetValue(country, out var best) || s.Score > best)
            {
                BestByCountry[country] = s.Score;
            }

            // Ties keep the earlier (more specific, declared first) format.
            if (!ByText.TryGetValue(s.Text, out var existing) || s.Score > existing.Score)
            {
                ByText[s.Text] = s;
            }
        }
    }
}
