using System.Text.RegularExpressions;

namespace PlateWeb.Chat.Checking.Rules;

/// <summary>
/// A small model that loses its way repeats itself: a word twice in a row ("place place"), any word three
/// times ("en en en", "So, So, So"), a group of two to four words at once again ("at 2026-11-10 at 2026-11-10"),
/// or the same cited words twice ("Italy (IT): 27 reads [8]; Italy (IT): 27 reads [8]").
/// </summary>
public sealed partial class RepetitionRule : IAnswerRule
{
    // French doubles a pronoun in ordinary sentences ("nous nous sommes").
    private static readonly HashSet<string> MayDouble = ["nous", "vous"];

    public void Check(CheckInput input, string answer, bool final, ICollection<AnswerProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(problems);
        var tokens = answer.ToLowerInvariant().Split([' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries);
        var words = tokens.Select(t => t.Trim(',', ';', ':', '.', '!', '?')).ToArray();
        for (var i = 1; i < words.Length; i++)
        {
            var w = words[i];
            if (w.Length == 0 || w != words[i - 1] || MayDouble.Contains(w)) continue;
            var thrice = i >= 2 && words[i - 2] == w;
            if ((w.Length >= 4 && w.All(char.IsLetter)) || thrice)
            {
                problems.Add(new AnswerProblem(AnswerProblemKind.Garbled, $"\"{w}\" repeated"));
                return;
            }
        }
        for (var n = 2; n <= 4; n++)
        {
            for (var i = 0; i + 2 * n <= tokens.Length; i++)
            {
                if (tokens.AsSpan(i, n).SequenceEqual(tokens.AsSpan(i + n, n)))
                {
                    problems.Add(new AnswerProblem(AnswerProblemKind.Garbled, $"{n} words repeated"));
                    return;
                }
            }
        }
        var segments = new HashSet<string>(StringComparer.Ordinal);
        var previous = 0;
        foreach (var (start, end, numbers) in ValueReader.Citations(answer))
        {
            var words2 = Words().Replace(answer[previous..start], " ").Trim();
            var key = words2 + "|" + string.Join(',', numbers);
            previous = end;
            if (words2.Length == 0) continue;
            if (!segments.Add(key))
            {
                problems.Add(new AnswerProblem(AnswerProblemKind.Garbled, "the same cited words twice"));
                return;
            }
        }
    }

    [GeneratedRegex(@"[^\p{L}\p{N}]+")]
    private static partial Regex Words();
}
