namespace PlateWeb.Chat.Checking.Rules;

/// <summary>
/// Each citation names a fact that exists, and each value written before it (since the previous citation)
/// is one that the cited facts hold: "R-ET 8 [5]" where fact 5 is BRA2E19 fails. Values of the question
/// ("the last 7 days") and the period's days may be repeated anywhere.
/// </summary>
public sealed class CitationRule : IAnswerRule
{
    public void Check(CheckInput input, string answer, bool final, ICollection<AnswerProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(problems);
        var groups = new List<(int SegmentStart, int Start, List<int> Numbers)>();
        var previousEnd = 0;
        foreach (var (start, end, numbers) in ValueReader.Citations(answer))
        {
            // "[1][2]" or "[1] [2]": one group citing both, for the same words.
            if (groups.Count > 0 && string.IsNullOrWhiteSpace(answer[previousEnd..start])) groups[^1].Numbers.AddRange(numbers);
            else groups.Add((previousEnd, start, numbers.ToList()));
            previousEnd = end;
        }

        foreach (var (segmentStart, start, numbers) in groups)
        {
            var cited = new List<TextValues>();
            foreach (var n in numbers)
            {
                if (input.Fact(n) is { } fact) cited.Add(fact.Values);
                else problems.Add(new AnswerProblem(AnswerProblemKind.WrongCitation, $"cites [{n}]; the facts are [1] to [{input.Facts.Count}]"));
            }
            if (cited.Count == 0) continue;
            var segment = input.Reader.Read(answer[segmentStart..start]);
            foreach (var value in ValueMatch.NotHeld(segment, [.. cited, input.Question, input.Header]))
            {
                problems.Add(new AnswerProblem(AnswerProblemKind.WrongCitation, $"{value} is not in fact [{string.Join("][", numbers)}]"));
            }
        }

        if (final && groups.Count == 0 && input.Facts.Any(f => f.Kind != FactKind.NotFound))
        {
            problems.Add(new AnswerProblem(AnswerProblemKind.WrongCitation, "no fact is cited"));
        }
    }
}
