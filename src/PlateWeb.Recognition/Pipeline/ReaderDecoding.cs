using PlateWeb.Recognition.Grammar;
using PlateWeb.Recognition.Ocr;

namespace PlateWeb.Recognition.Pipeline;

/// <summary>
/// Format-aware decoding of the plate reader: instead of letting the grammar correct the greedy read
/// character by character, every plausible text is scored by the probability the network gives to
/// exactly that text (<see cref="PlateReading.ProbabilityOf"/>, summed over all its alignments) times
/// the weight of the best format it fits under the country hint. A Slovak "RK340AO" the network is
/// sure of then stays Slovak, where the grammar alone turned its O into the D that the far more
/// common French format needs.
/// </summary>
internal static class ReaderDecoding
{
    // Alternatives a candidate text may take from each character's step (the reader's top choices).
    private const int AlternativesPerCharacter = 3;
    // An alternative this unlikely at its step is no candidate; two substitutions need this much each.
    private const float MinAlternative = 0.02f;
    private const float MinSecondAlternative = 0.1f;

    /// <summary>
    /// The reading decoded under the grammar's formats. <paramref name="greedy"/> is the grammar's
    /// verdict on the greedy line: its candidates join the search, and when it is rejected (junk,
    /// no format after corrections) it is returned as it is.
    /// </summary>
    public static GrammarResult Decode(PlateGrammar grammar, PlateReading reading, OcrLine line, GrammarResult greedy,
        string? countryHint, string? culture = null)
    {
        if (!greedy.Accepted) return greedy;
        var texts = new HashSet<string>(StringComparer.Ordinal) { line.Text };
        foreach (var c in greedy.Candidates) texts.Add(c.Text);
        // An ensemble's members may each read another text than their average's greedy line.
        foreach (var t in reading.MemberTexts) texts.Add(t);
        var chars = line.Characters;
        for (var i = 0; i < chars.Count; i++)
        {
            foreach (var a in Alternatives(chars[i], MinAlternative))
            {
                texts.Add(Replace(line.Text, i, a.Value));
                for (var j = i + 1; j < chars.Count && a.Confidence >= MinSecondAlternative; j++)
                {
                    foreach (var b in Alternatives(chars[j], MinSecondAlternative))
                    {
                        texts.Add(Replace(Replace(line.Text, i, a.Value), j, b.Value));
                    }
                }
            }
        }

        var scored = new List<(string Text, double P, float Score, FormatMatch Match)>();
        foreach (var text in texts)
        {
            var best = grammar.Match(text, culture).MaxBy(m => PlateGrammar.Weight(m.Format, countryHint));
            if (best is null) continue;
            var p = reading.ProbabilityOf(text, grammar.StandIns(text, best));
            scored.Add((text, p, (float)(p * PlateGrammar.Weight(best.Format, countryHint)), best));
        }
        if (scored.Count == 0) return greedy;
        scored.Sort((x, y) => y.Score.CompareTo(x.Score) is var c && c != 0 ? c : string.CompareOrdinal(x.Text, y.Text));
        var top = scored[0];
        var rival = scored.Where(s => s.Match.Format.Country != top.Match.Format.Country).Select(s => s.Score).DefaultIfEmpty(0f).Max();
        var countryConfidence = top.Score / Math.Max(1e-12f, top.Score + rival);
        // A format that overrules the reader's likeliest text (the Slovak O the reader gave 2 %) would keep
        // that 2 % and fall under the storage threshold: it takes the likeliest text's probability times its
        // own share of the scores instead, so the reader's certainty that this is the plate carries over.
        // Only a specific layout overruling the reader's own line: a generic pattern taking "PR0PER" from
        // a frame's "PROPER" is no sign that a plate is there.
        var confidence = top.P;
        var likeliest = scored.MaxBy(s => s.P);
        if (likeliest.Text != top.Text && likeliest.Text == line.Text && !top.Match.Format.IsGeneric)
        {
            confidence = likeliest.P * top.Score / Math.Max(1e-12, scored.Sum(s => (double)s.Score));
        }
        if (top.Match.Format.IsGeneric) countryConfidence *= 0.5f;
        return new GrammarResult(
            Accepted: true,
            Text: top.Text,
            Confidence: (float)Math.Clamp(confidence, 0, 1),
            CharConfidences: CharConfidences(top.Text, line),
            Candidates: scored.Take(PlateGrammar.MaxCandidates).Select(s => new PlateCandidate(s.Text, s.Score, s.Match.Format.Id)).ToList(),
            Country: top.Match.Format.Country,
            Format: top.Match.Format.Id,
            CountryConfidence: Math.Clamp(countryConfidence, 0f, 1f),
            Explanation: top.Match.Explanation,
            DisplayText: top.Match.DisplayText,
            Corrections: Corrections(top.Text, line, top.Match.Format.Id),
            RejectReason: null);
    }

    private static IEnumerable<CharChoice> Alternatives(OcrCharacter c, float min) =>
        c.Alternatives.Where(a => a.Value != c.Value && a.Confidence >= min).Take(AlternativesPerCharacter);

    private static string Replace(string s, int i, char c) => string.Concat(s.AsSpan(0, i), c.ToString(), s.AsSpan(i + 1));

    /// <summary>Each character's probability at its step; for a text of another length than the greedy read, their mean.</summary>
    private static float[] CharConfidences(string text, OcrLine line)
    {
        if (text.Length != line.Characters.Count) return Enumerable.Repeat(line.Confidence, text.Length).ToArray();
        return text.Select((ch, i) => line.Characters[i].Alternatives.FirstOrDefault(a => a.Value == ch).Confidence).ToArray();
    }

    private static List<GrammarCorrection> Corrections(string text, OcrLine line, string formatId)
    {
        var list = new List<GrammarCorrection>();
        if (text.Length != line.Text.Length) return list;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != line.Text[i])
            {
                list.Add(new GrammarCorrection(i, line.Text[i], text[i],
                    $"the reader's next choice at position {i + 1}, which fits pattern {formatId}"));
            }
        }
        return list;
    }
}
