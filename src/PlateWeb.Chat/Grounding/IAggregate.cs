using System.Text.RegularExpressions;

namespace PlateWeb.Chat.Grounding;

/// <summary>
/// What the question asks of the reads its filters select: one registered class per kind of answer
/// (a count, a list, the busiest day...). <see cref="QueryRegistry"/> finds every implementation in this
/// assembly, so a new kind of question is one file plus its tests.
/// </summary>
/// <remarks>
/// A question is matched in two passes. First its words: the aggregates whose <see cref="WordOrder"/> is set,
/// lowest first, each asked <see cref="MatchesWords"/>. Then, when no words matched and the question is about
/// something the history holds, its shape (what it names): <see cref="ShapeOrder"/>, lowest first.
/// </remarks>
internal interface IAggregate
{
    /// <summary>The prompt's <c>Asked:</c> value (docs/CHAT-PROMPT.md).</summary>
    string Asked { get; }

    /// <summary>Order of the words pass; null: never matched by words.</summary>
    int? WordOrder => null;

    /// <summary>Order of the shape pass; null: never matched by shape.</summary>
    int? ShapeOrder => null;

    /// <summary>True when the question's words ask for this aggregate.</summary>
    bool MatchesWords(QuestionShape question) => false;

    /// <summary>True when what the question names (and no words) calls for this aggregate.</summary>
    bool MatchesShape(QuestionShape question) => false;

    /// <summary>
    /// True when, asked from a read without naming a plate, the question is about that read's plate
    /// ("When was it first seen?"); otherwise only a pronoun or "this plate" points at it.
    /// </summary>
    bool AboutThePlateInContext => false;

    /// <summary>Writes the facts (and, for facts the model was not trained on, the ready answer).</summary>
    Task GroundAsync(QueryRun run, CancellationToken cancellationToken);
}

/// <summary>The question as the aggregates see it, once its plates, period, countries and filters are taken out.</summary>
/// <param name="Rest">Folded text with everything the filters understood blanked out.</param>
/// <param name="AboutOnePlate">"this plate" with a plate in context, or a read named by number.</param>
internal sealed record QuestionShape(
    string Rest, int PlateCount, int CountryCount, DateRange? Period, bool HasSubject, bool AboutOnePlate, bool Outside)
{
    /// <summary>A whole-word regex over folded text, as every rule of the grounding layer uses.</summary>
    public static Regex Words(string alternatives) =>
        new($@"(?<![\p{{L}}\p{{N}}-])(?:{alternatives})(?![\p{{L}}\p{{N}}])", RegexOptions.CultureInvariant | RegexOptions.Compiled);
}
