using PlateWeb.Chat.Grounding;
using PlateWeb.Recognition.Grammar;

namespace PlateWeb.Chat.Evaluation;

/// <summary>How one answer of <c>platectl ask-eval</c> did.</summary>
/// <param name="Passed">"fact": every expected string is in the answer; "nofacts": it says the answer is not in the data.</param>
/// <param name="InventedPlates">Plate-like strings of the answer that no fact line (nor the question) holds.</param>
public sealed record AnswerScore(bool Passed, IReadOnlyList<string> Missing, IReadOnlyList<string> InventedPlates);

/// <summary>Scores answers against their question's expectations (docs/CHAT-PROMPT.md, "Answers").</summary>
public sealed class AnswerScorer(PlateGrammar grammar)
{
    /// <summary>What a "nofacts" answer must say, by language (docs/CHAT-PROMPT.md).</summary>
    public static string NotInDataPhrase(string language) => language == "fr" ? "pas dans les données" : "not in the data";

    private readonly PlateMentions _plates = new(grammar);

    public AnswerScore Score(EvalQuestion question, GroundedQuestion grounded, string answer)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(grounded);
        ArgumentNullException.ThrowIfNull(answer);
        var missing = question.Kind == EvalQuestion.NoFactsKind
            ? Missing(answer, [NotInDataPhrase(question.Lang)])
            : Missing(answer, question.Expect ?? []);

        var known = grounded.Facts.SelectMany(f => _plates.Find(f.Line))
            .Concat(_plates.Find(grounded.Question))
            .Select(p => p.Normalized)
            .ToHashSet(StringComparer.Ordinal);
        var invented = _plates.Find(answer).Where(p => !known.Contains(p.Normalized)).Select(p => p.Written).ToList();
        return new AnswerScore(missing.Count == 0, missing, invented);
    }

    // Case-insensitive, and typographic apostrophes equal plain ones ("données", "n’est").
    private static List<string> Missing(string answer, IEnumerable<string> expected)
    {
        var text = Plain(answer);
        return expected.Where(e => !text.Contains(Plain(e), StringComparison.OrdinalIgnoreCase)).ToList();
    }

    private static string Plain(string s) => s.Replace('\u2019', '\'').Normalize(System.Text.NormalizationForm.FormC);
}
