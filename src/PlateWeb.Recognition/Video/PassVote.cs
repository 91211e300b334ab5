using PlateWeb.Recognition.Grammar;
using PlateWeb.Recognition.Pipeline;

namespace PlateWeb.Recognition.Video;

/// <summary>
/// The text of a pass, voted over its frames: the length most reads agree on (weighted by their confidence), then
/// at each position the character whose per-character confidences add up highest. A character's confidence is the
/// weight of its votes over the number of reads of that length, so one frame's read keeps its own confidences and
/// a character that several frames agree on rises above any one of them only when they agree.
/// </summary>
public static class PassVote
{
    /// <summary>The voted read (the best frame's read with the voted text), and the best frame's read.</summary>
    public static (PlateRead Voted, PlateRead Best) Vote(IReadOnlyList<PlateRead> reads, PlateGrammar grammar, string? countryHint)
    {
        ArgumentNullException.ThrowIfNull(reads);
        if (reads.Count == 0) throw new ArgumentException("A pass has at least one read.", nameof(reads));
        var length = reads.GroupBy(r => r.Text.Length).MaxBy(g => g.Sum(r => r.Confidence))!.Key;
        var same = reads.Where(r => r.Text.Length == length).ToList();
        var chars = new char[length];
        var confidences = new float[length];
        for (var i = 0; i < length; i++)
        {
            var votes = new Dictionary<char, float>();
            foreach (var r in same)
            {
                var c = r.Text[i];
                var weight = i < r.CharConfidences.Count ? r.CharConfidences[i] : r.Confidence;
                votes[c] = votes.GetValueOrDefault(c) + Math.Max(weight, 1e-3f);
            }
            var winner = votes.MaxBy(v => v.Value);
            chars[i] = winner.Key;
            confidences[i] = Math.Clamp(winner.Value / same.Count, 0, 1);
        }
        var text = new string(chars);
        var best = reads.Where(r => r.Text == text).DefaultIfEmpty().MaxBy(r => r?.Confidence ?? -1)
            ?? reads.MaxBy(r => r.Confidence)!;
        var fit = grammar.Match(text).MaxBy(m => PlateGrammar.Weight(m.Format, countryHint ?? best.Country));
        var confidence = confidences.Length == 0 ? 0 : confidences.Average();
        var candidates = new List<PlateCandidate> { new(text, confidence, fit?.Format.Id ?? best.Format) };
        candidates.AddRange(reads.Select(r => r.Text).Where(t => t != text).Distinct().Take(PlateGrammar.MaxCandidates - 1)
            .Select(t => new PlateCandidate(t, reads.Where(r => r.Text == t).Max(r => r.Confidence), null)));
        var voted = best with
        {
            Text = text,
            DisplayText = fit?.DisplayText ?? best.DisplayText,
            Confidence = confidence,
            CharConfidences = confidences,
            Candidates = candidates,
            Country = fit?.Format.Country ?? best.Country,
            Format = fit?.Format.Id ?? best.Format,
            Explanation = fit?.Explanation ?? best.Explanation,
        };
        return (voted, best);
    }
}
