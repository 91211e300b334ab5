using PlateWeb.Chat.Grounding;
using PlateWeb.Recognition.Grammar;

namespace PlateWeb.Chat.Checking;

/// <summary>What is wrong with an answer, by kind (counted and logged without the answer's text).</summary>
public enum AnswerProblemKind
{
    /// <summary>A key value of the primary fact (plate, count, date, percentage, "not in the data") is not in the answer.</summary>
    MissingKeyValue,

    /// <summary>A plate, number, date, time or country code that no fact (nor the question) holds.</summary>
    UnknownValue,

    /// <summary>A citation [n] of a fact that does not exist, or a value cited with [n] that fact n does not hold.</summary>
    WrongCitation,

    /// <summary>Not in the question's language.</summary>
    WrongLanguage,

    /// <summary>A known garble: a word or phrase repeated, a country label where it does not fit, fact syntax copied, cut short.</summary>
    Garbled,
}

/// <param name="Detail">For logs and ask-eval; may hold values of the answer, never logged with them.</param>
public sealed record AnswerProblem(AnswerProblemKind Kind, string Detail);

/// <summary>One question's facts and header, read once and shared by the rules.</summary>
public sealed class CheckInput
{
    internal CheckInput(GroundedQuestion grounded, IReadOnlyList<CheckedFact> facts, TextValues question, TextValues header, ValueReader reader)
    {
        Grounded = grounded;
        Reader = reader;
        Facts = facts;
        Question = question;
        Header = header;
        AllFacts = TextValues.Union(facts.Select(f => f.Values));
    }

    public GroundedQuestion Grounded { get; }

    /// <summary>Reads the values of (a piece of) the answer.</summary>
    public ValueReader Reader { get; }

    public string Language => Grounded.Language;

    public string Intent => Grounded.Intent;

    public IReadOnlyList<CheckedFact> Facts { get; }

    /// <summary>Values of the question (a user may name a plate, a date or "the last 7 days").</summary>
    public TextValues Question { get; }

    /// <summary>Today and the period's first and last day.</summary>
    public TextValues Header { get; }

    public TextValues AllFacts { get; }

    public CheckedFact? Fact(int number) => number >= 1 && number <= Facts.Count ? Facts[number - 1] : null;

    /// <summary>Help and greetings answer without facts and without "not in the data".</summary>
    public bool IsSmallTalk => Intent is Intents.Help or Intents.Greeting;
}

/// <summary>
/// One check on an answer; each is one class, registered by <see cref="AnswerCheckServiceCollectionExtensions.AddAnswerCheck"/>.
/// <paramref name="final"/> is false while the answer is still being written: <paramref name="answer"/> then ends
/// after a citation or a sentence, and only what it already holds may be judged (not what it lacks).
/// </summary>
public interface IAnswerRule
{
    void Check(CheckInput input, string answer, bool final, ICollection<AnswerProblem> problems);
}

/// <summary>The verdict on one answer; <see cref="Passed"/> when no rule found a problem.</summary>
public sealed record AnswerVerdict(IReadOnlyList<AnswerProblem> Problems)
{
    public bool Passed => Problems.Count == 0;
}

/// <summary>
/// Checks an answer against its facts before it is shown (docs/CHAT-PROMPT.md, "The answer check"): every
/// registered <see cref="IAnswerRule"/> on the same <see cref="CheckInput"/>.
/// </summary>
public sealed class AnswerChecker(IEnumerable<IAnswerRule> rules, PlateGrammar grammar)
{
    private readonly IAnswerRule[] _rules = rules.ToArray();
    private readonly ValueReader _values = new(grammar);

    public ValueReader Values => _values;

    public CheckInput Prepare(GroundedQuestion grounded)
    {
        ArgumentNullException.ThrowIfNull(grounded);
        var facts = grounded.Facts.Select(f => FactReader.Read(f, _values)).ToList();
        var header = new HashSet<DateOnly> { grounded.Today };
        if (Period.TryParse(grounded.Period, out var from, out var to))
        {
            header.Add(from);
            header.Add(to);
        }
        var headerValues = TextValues.Empty with { Dates = header };
        return new CheckInput(grounded, facts, _values.Read(grounded.Question), headerValues, _values);
    }

    public AnswerVerdict Check(CheckInput input, string answer, bool final)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(answer);
        var problems = new List<AnswerProblem>();
        foreach (var rule in _rules) rule.Check(input, answer, final, problems);
        return new AnswerVerdict(problems);
    }

    public AnswerVerdict Check(GroundedQuestion grounded, string answer) => Check(Prepare(grounded), answer, final: true);
}

/// <summary>The <c>Period:</c> header value: "all" or "yyyy-MM-dd to yyyy-MM-dd".</summary>
public static class Period
{
    public static bool TryParse(string period, out DateOnly from, out DateOnly to)
    {
        from = to = default;
        var parts = (period ?? "").Split(" to ");
        return parts.Length == 2
            && DateOnly.TryParseExact(parts[0], "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out from)
            && DateOnly.TryParseExact(parts[1], "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out to);
    }
}
