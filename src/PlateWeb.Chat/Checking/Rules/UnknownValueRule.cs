namespace PlateWeb.Chat.Checking.Rules;

/// <summary>No plate, number, date, time or country code that no fact, nor the question, nor the period holds.</summary>
public sealed class UnknownValueRule : IAnswerRule
{
    public void Check(CheckInput input, string answer, bool final, ICollection<AnswerProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(problems);
        foreach (var value in ValueMatch.NotHeld(input.Reader.Read(answer), input.AllFacts, input.Question, input.Header))
        {
            problems.Add(new AnswerProblem(AnswerProblemKind.UnknownValue, value + " is in no fact"));
        }
    }
}
