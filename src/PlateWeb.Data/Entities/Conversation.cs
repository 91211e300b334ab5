namespace PlateWeb.Data.Entities;

/// <summary>A chat conversation: the questions asked and the answers given, newest activity first in the list.</summary>
public sealed class Conversation
{
    public const int TitleMaxLength = 120;

    public long Id { get; set; }

    /// <summary>
    /// The account that started it (AspNetUsers.Id): only that user and admins see it. Null for
    /// conversations stored before conversations had owners; those are shown to admins only.
    /// </summary>
    public string? OwnerId { get; set; }

    /// <summary>The first question, shortened; shown in the list of conversations.</summary>
    public required string Title { get; set; }

    /// <summary>UTC.</summary>
    public DateTime CreatedAt { get; set; }

    /// <summary>UTC time of the last message.</summary>
    public DateTime UpdatedAt { get; set; }

    /// <summary>The read the conversation was opened from ("Ask about this plate"); kept if the read is deleted.</summary>
    public long? ContextReadId { get; set; }

    /// <summary>That read's plate text at the time, so "this plate" still means something later.</summary>
    public string? ContextPlateText { get; set; }

    /// <summary>
    /// The query of the last answered question (the chat's <c>GroundedQuestion.Query</c>), so that a follow-up
    /// ("and yesterday?") asked after the conversation is opened again reuses it. Null before the first answer,
    /// and when the last question had no query. It may name a plate, so forgetting a plate clears it.
    /// </summary>
    public string? LastQuery { get; set; }

    public List<ChatMessage> Messages { get; set; } = [];
}

public enum ChatMessageRole
{
    User,
    Assistant,
}

/// <summary>One question or one answer.</summary>
public sealed class ChatMessage
{
    public long Id { get; set; }

    public long ConversationId { get; set; }

    public Conversation? Conversation { get; set; }

    public ChatMessageRole Role { get; set; }

    /// <summary>As typed (questions) or as generated (answers: Markdown, rendered safely by the page).</summary>
    public required string Text { get; set; }

    /// <summary>UTC.</summary>
    public DateTime CreatedAt { get; set; }

    /// <summary>True when the user stopped the answer before the model finished it.</summary>
    public bool Cancelled { get; set; }

    /// <summary>The facts the answer was given, as JSON (<see cref="StoredSource"/>[]); "[]" for questions.</summary>
    public string SourcesJson { get; set; } = "[]";
}

/// <summary>One numbered fact under an answer, with the reads it came from (links to History).</summary>
public sealed record StoredSource(int Number, string Line, IReadOnlyList<long> ReadIds);
