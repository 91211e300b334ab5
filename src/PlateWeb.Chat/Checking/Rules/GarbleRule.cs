using System.Text.RegularExpressions;
using PlateWeb.Chat.Grounding;

namespace PlateWeb.Chat.Checking.Rules;

/// <summary>
/// Garbles seen in the default model's answers, caught by their shape: a country label where it does not fit
/// ("a été lue avec une France (FR)", "immatriculée au Pologne (PL)"), a count that does not agree ("1 reads"),
/// fact syntax copied into the answer ("read #88: …", ", last 2026-…"), a closing parenthesis with none open, and
/// (once written) an answer cut short: stray brackets, an open parenthesis, no final full stop.
/// </summary>
public sealed partial class GarbleRule : IAnswerRule
{
    // Words after which a country label cannot stand: an article or a verb wants a noun, not "France (FR)".
    private static readonly HashSet<string> FrenchBefore = ["un", "une", "le", "la", "les", "l", "avec", "par", "lue", "lu", "vue", "vu", "confiance", "ete", "a", "est", "sont"];
    private static readonly HashSet<string> EnglishBefore = ["a", "an", "with", "by", "at", "on", "was", "were", "read", "seen", "confidence", "has", "have"];

    public void Check(CheckInput input, string answer, bool final, ICollection<AnswerProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(problems);
        CountryLabels(input.Language, answer, problems);
        if (Agreement().IsMatch(answer)) problems.Add(new AnswerProblem(AnswerProblemKind.Garbled, "a count that does not agree"));
        if (FactSyntax().Match(answer) is { Success: true } syntax) problems.Add(new AnswerProblem(AnswerProblemKind.Garbled, $"fact syntax \"{syntax.Value}\" in the answer"));
        // The fact lines are English: a word of theirs in a French answer was copied, not translated ("47 lectures corrected",
        // "le seen on 2026-11-24"); one such word is too few for the language rule.
        if (input.Language == "fr" && FactWord().Match(answer) is { Success: true } english) problems.Add(new AnswerProblem(AnswerProblemKind.Garbled, $"English \"{english.Value}\" in a French answer"));

        var depth = 0;
        foreach (var c in answer)
        {
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            if (depth < 0)
            {
                problems.Add(new AnswerProblem(AnswerProblemKind.Garbled, "a parenthesis closed that was not open"));
                break;
            }
        }
        if (!final) return;

        var text = answer.Trim();
        if (text.Length == 0)
        {
            problems.Add(new AnswerProblem(AnswerProblemKind.Garbled, "empty"));
            return;
        }
        if (depth > 0) problems.Add(new AnswerProblem(AnswerProblemKind.Garbled, "a parenthesis left open"));
        var withoutCitations = Citation().Replace(text, "");
        if (withoutCitations.Contains('[') || withoutCitations.Contains(']')) problems.Add(new AnswerProblem(AnswerProblemKind.Garbled, "a bracket that is no citation"));
        // A list ("Reads per day:\n- Monday 2026-11-23: 24 reads [1]") ends with its last item's citation.
        var listEnd = ListItemEnd().IsMatch(text);
        if (!listEnd && !".!?…".Contains(text.TrimEnd('"', '»', '\u201D', ')')[^1])) problems.Add(new AnswerProblem(AnswerProblemKind.Garbled, "cut short (no full stop)"));
    }

    private static void CountryLabels(string language, string answer, ICollection<AnswerProblem> problems)
    {
        foreach (Match label in Label().Matches(answer))
        {
            var code = label.Groups["cc"].Value;
            var before = answer[..label.Index];
            var right = Countries.Name(code, language);
            var other = Countries.Name(code, language == "fr" ? "en" : "fr");
            var name = before.EndsWith(right, StringComparison.Ordinal) ? right : before.EndsWith(other, StringComparison.Ordinal) ? other : null;
            if (name is null) continue;
            if (name != right)
            {
                problems.Add(new AnswerProblem(AnswerProblemKind.Garbled, $"the country name of {code} in the other language"));
                continue;
            }
            var words = TextFolding.Fold(before[..^name.Length]).Split([' ', '\''], StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0) continue;
            var previous = words[^1];
            var wrong = language == "fr"
                ? FrenchBefore.Contains(previous) || (previous is "en" or "au" or "aux" && previous != CountryPhrases.FrenchPreposition(code))
                : EnglishBefore.Contains(previous);
            if (wrong) problems.Add(new AnswerProblem(AnswerProblemKind.Garbled, $"the country label of {code} after \"{previous}\""));
        }
    }

    [GeneratedRegex(@" \((?<cc>[A-Z]{2})\)")]
    private static partial Regex Label();

    [GeneratedRegex(@"(?<![\d.,])(?:1 (?:reads|times|lectures)\b|(?:[2-9]|\d{2,}) (?:read|time|lecture)(?![\p{L}]))")]
    private static partial Regex Agreement();

    [GeneratedRegex(@"\bread #\d+:|\bcount: \d|, (?:first|last) \d{4}-|\bcountry (?:[A-Z]{2}|\?\?) \(|\bbest confidence \d|\bformat of [^:]+:|\bnot found:|\bplate [^:\n]{2,14}: \d+ reads?\b")]
    private static partial Regex FactSyntax();

    [GeneratedRegex(@"(?:^|\n)- [^\n]+\[\d{1,4}\]$")]
    private static partial Regex ListItemEnd();

    [GeneratedRegex(@"\b(?:seen|reads?|corrected|confidence|country|first|last)\b")]
    private static partial Regex FactWord();

    [GeneratedRegex(@"\[\s*\d{1,4}\s*(?:[,;]\s*\d{1,4}\s*)*\]")]
    private static partial Regex Citation();
}
