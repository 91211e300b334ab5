namespace PlateWeb.Chat.Grounding;

/// <summary>What the grounding layer found for one question: the prompt's header values and its numbered facts
/// (docs/CHAT-PROMPT.md). The model only phrases these.</summary>
/// <param name="Language">"en" or "fr".</param>
/// <param name="Intent">One of the <c>Asked:</c> values of docs/CHAT-PROMPT.md.</param>
/// <param name="Period">"all" or "yyyy-MM-dd to yyyy-MM-dd".</param>
public sealed record GroundedQuestion(
    string Question,
    string Language,
    string Intent,
    string Period,
    DateOnly Today,
    IReadOnlyList<GroundingFact> Facts)
{
    /// <summary>
    /// A ready answer, written from the facts in the question's language, for aggregates whose fact lines the
    /// default model was never trained on (busiest day, presence on a day...): the chat shows it as the answer
    /// and does not call the model. Null: the model phrases the facts (docs/CHAT-PROMPT.md, "Ready answers").
    /// </summary>
    public string? Answer { get; init; }

    /// <summary>This question's query as text (the question itself, or the previous query with a follow-up's change):
    /// the conversation keeps it and passes it back as <see cref="GroundingContext.LastQuery"/>.</summary>
    public string? Query { get; init; }

    /// <summary>The names of the history's cameras when the question was grounded: the answer check refuses one the facts do not hold.</summary>
    public IReadOnlyList<string> Cameras { get; init; } = [];
}

/// <summary>One numbered fact line. <paramref name="ReadIds"/> are the reads it came from, shown as sources
/// under the answer and linked to History.</summary>
public sealed record GroundingFact(int Number, string Line, IReadOnlyList<long> ReadIds, string? PlateText);

/// <summary>What the user is looking at when asking ("Ask about this plate"), so "this plate" / "cette plaque" resolves.</summary>
public sealed record GroundingContext(long? ReadId, string? PlateText)
{
    /// <summary>
    /// The conversation's previous query (<see cref="GroundedQuestion.Query"/>), so a follow-up ("and yesterday?",
    /// "et la semaine dernière ?") reuses it with its change. Null: the question stands alone.
    /// </summary>
    public string? LastQuery { get; init; }

    /// <summary>
    /// The asker's time zone (the web page's user, the API's <c>time_zone</c>, <c>platectl ask --time-zone</c>): "today",
    /// "yesterday", weekdays and "after 22:00" are read in it and the facts' dates and times are written in it. Null:
    /// <see cref="ChatOptions.TimeZone"/>, else the zone of the grounding's clock (the server's).
    /// </summary>
    public TimeZoneInfo? TimeZone { get; init; }
}

public interface IGroundingService
{
    Task<GroundedQuestion> GroundAsync(string question, GroundingContext? context, CancellationToken cancellationToken);
}
