using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PlateWeb.Data.Entities;

namespace PlateWeb.Data.Storage;

/// <summary>
/// Who is asking the store: a signed-in account (AspNetUsers.Id) and whether it has the admin role.
/// Everyone sees and deletes their own conversations; an admin also sees and deletes everyone
/// else's and those without an owner, but writes only into their own.
/// </summary>
public sealed record ChatUser(string Id, bool IsAdmin)
{
    public bool Owns(Conversation conversation)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        return conversation.OwnerId is not null && conversation.OwnerId == Id;
    }
}

/// <summary>A conversation as the chat page lists it; <paramref name="OwnerName"/> is set for someone else's (admins only).</summary>
public sealed record ConversationSummary(long Id, string Title, DateTime UpdatedAt, int MessageCount, bool IsOwn = true, string? OwnerName = null);

/// <summary>
/// Chat conversations and their messages in SQLite: list, open, append, delete, each for one
/// <see cref="ChatUser"/>. A conversation the user may not see is answered as if it did not exist.
/// </summary>
public sealed class ConversationStore(IDbContextFactory<PlateDbContext> dbFactory, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The user's conversations (an admin's: all), most recently active first.</summary>
    public async Task<IReadOnlyList<ConversationSummary>> ListAsync(ChatUser user, int take, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(user);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await Visible(db, user).AsNoTracking()
            .OrderByDescending(c => c.UpdatedAt).ThenByDescending(c => c.Id)
            .Take(take)
            .Select(c => new ConversationSummary(
                c.Id, c.Title, c.UpdatedAt, c.Messages.Count, c.OwnerId == user.Id,
                c.OwnerId == user.Id ? null : db.Users.Where(u => u.Id == c.OwnerId).Select(u => u.UserName).FirstOrDefault()))
            .ToListAsync(ct);
    }

    /// <summary>The conversation with its messages in order, or null when it does not exist or the user may not see it.</summary>
    public async Task<Conversation?> GetAsync(long id, ChatUser user, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(user);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await Visible(db, user).AsNoTracking()
            .Include(c => c.Messages.OrderBy(m => m.CreatedAt).ThenBy(m => m.Id))
            .SingleOrDefaultAsync(c => c.Id == id, ct);
    }

    /// <summary>The user name of the account <paramref name="ownerId"/>; null for no owner (or an account since deleted).</summary>
    public async Task<string?> OwnerNameAsync(string? ownerId, CancellationToken ct)
    {
        if (ownerId is null) return null;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Users.Where(u => u.Id == ownerId).Select(u => u.UserName).SingleOrDefaultAsync(ct);
    }

    /// <summary>A new, empty conversation of <paramref name="owner"/>, titled from its first question.</summary>
    public async Task<Conversation> CreateAsync(ChatUser owner, string firstQuestion, long? contextReadId, string? contextPlateText, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(firstQuestion);
        var now = time.GetUtcNow().UtcDateTime;
        var conversation = new Conversation
        {
            OwnerId = owner.Id,
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

    /// <summary>
    /// Appends a message and marks the conversation active; null when the conversation was deleted
    /// meanwhile or is not <paramref name="user"/>'s own (an admin reads other people's conversations, never writes into them).
    /// An answer also stores <paramref name="lastQuery"/> as the conversation's <see cref="Conversation.LastQuery"/>
    /// (null clears it: the last question had no query to follow up on); a question leaves it as it is.
    /// </summary>
    public async Task<ChatMessage?> AddMessageAsync(
        long conversationId, ChatUser user, ChatMessageRole role, string text, bool cancelled, IReadOnlyList<StoredSource> sources, CancellationToken ct,
        string? lastQuery = null)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(sources);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var conversation = await db.Conversations.SingleOrDefaultAsync(c => c.Id == conversationId && c.OwnerId == user.Id, ct);
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
        if (role == ChatMessageRole.Assistant) conversation.LastQuery = lastQuery;
        db.Add(message);
        await db.SaveChangesAsync(ct);
        return message;
    }

    /// <summary>Deletes a conversation and its messages; false when it did not exist or the user may not see it.</summary>
    public async Task<bool> DeleteAsync(long id, ChatUser user, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(user);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // The messages go with it (ON DELETE CASCADE in the schema).
        return await Visible(db, user).Where(c => c.Id == id).ExecuteDeleteAsync(ct) > 0;
    }

    public static IReadOnlyList<StoredSource> Sources(ChatMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return JsonSerializer.Deserialize<List<StoredSource>>(message.SourcesJson, Json) ?? [];
    }

    /// <summary>Owners see their own; admins see all, including the conversations stored before owners existed.</summary>
    private static IQueryable<Conversation> Visible(PlateDbContext db, ChatUser user) =>
        user.IsAdmin ? db.Conversations : db.Conversations.Where(c => c.OwnerId != null && c.OwnerId == user.Id);

    internal static string TitleFrom(string question)
    {
        var oneLine = string.Join(' ', question.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (oneLine.Length == 0) return "Conversation";
        const int max = 80;
        return oneLine.Length <= max ? oneLine : oneLine[..(max - 1)].TrimEnd() + "…";
    }
}
