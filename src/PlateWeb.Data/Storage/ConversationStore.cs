using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PlateWeb.Data.Entities;

namespace PlateWeb.Data.Storage;

/// <summary>A conversation as the chat page lists it.</summary>
public sealed record ConversationSummary(long Id, string Title, DateTime UpdatedAt, int MessageCount);

/// <summary>Chat conversations and their messages in SQLite: list, open, append, delete.</summary>
public sealed class ConversationStore(IDbContextFactory<PlateDbContext> dbFactory, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Most recently active first.</summary>
    public async Task<IReadOnlyList<ConversationSummary>> ListAsync(int take, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Conversations.AsNoTracking()
            .OrderByDescending(c => c.UpdatedAt).ThenByDescending(c => c.Id)
            .Take(take)
            .Select(c => new ConversationSummary(c.Id, c.Title, c.UpdatedAt, c.Messages.Count))
            .ToListAsync(ct);
    }

    /// <summary>The conversation with its messages in order, or null.</summary>
    public async Task<Conversation?> GetAsync(long id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Conversations.AsNoTracking()
            .Include(c => c.Messages.OrderBy(m => m.CreatedAt).ThenBy(m => m.Id))
            .SingleOrDefaultAsync(c => c.Id == id, ct);
    }

    /// <summary>A new, empty conversation titled from its first question.</summary>
    public async Task<Conversation> CreateAsync(string firstQuestion, long? contextReadId, string? contextPlateText, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(firstQuestion);
        var now = time.GetUtcNow().UtcDateTime;
        var conversation = new Conversation
        {
            Title = TitleFrom(firstQuestion),
            CreatedAt = now,
            UpdatedAt = now,
            ContextReadId = contextReadId,
            ContextPlateText = contextPlateText,
        };
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Add(conversation);
        await db.SaveChangesAsync(ct);
        return conversation;
    }

    /// <summary>Appends a message and marks the conversation active; null when the conversation was deleted meanwhile.</summary>
    public async Task<ChatMessage?> AddMessageAsync(
        long conversationId, ChatMessageRole role, string text, bool cancelled, IReadOnlyList<StoredSource> sources, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(sources);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var conversation = await db.Conversations.SingleOrDefaultAsync(c => c.Id == conversationId, ct);
        if (conversation is null) return null;
        var now = time.GetUtcNow().UtcDateTime;
        var message = new ChatMessage
        {
            ConversationId = conversationId,
            Role = role,
            Text = text,
            CreatedAt = now,
            Cancelled = cancelled,
            SourcesJson = JsonSerializer.Serialize(sources, Json),
        };
        conversation.UpdatedAt = now;
        db.Add(message);
        await db.SaveChangesAsync(ct);
        return message;
    }

    /// <summary>Deletes a conversation and its messages; false when it did not exist.</summary>
    public async Task<bool> DeleteAsync(long id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // The messages go with it (ON DELETE CASCADE in the schema).
        return await db.Conversations.Where(c => c.Id == id).ExecuteDeleteAsync(ct) > 0;
    }

    public static IReadOnlyList<StoredSource> Sources(ChatMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return JsonSerializer.Deserialize<List<StoredSource>>(message.SourcesJson, Json) ?? [];
    }

    internal static string TitleFrom(string question)
    {
        var oneLine = string.Join(' ', question.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (oneLine.Length == 0) return "Conversation";
        const int max = 80;
        return oneLine.Length <= max ? oneLine : oneLine[..(max - 1)].TrimEnd() + "…";
    }
}
