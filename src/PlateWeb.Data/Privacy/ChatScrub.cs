using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PlateWeb.Data.Entities;
using PlateWeb.Data.Storage;

namespace PlateWeb.Data.Privacy;

/// <summary>What <see cref="ChatScrub"/> removed or rewrote.</summary>
internal sealed record ChatScrubResult(int Messages, int Conversations, int Titles, int Queries);

/// <summary>
/// Removes from the stored chat what is about plates that are being forgotten or purged: the messages
/// that name one of them (text or the fact lines kept as sources) or cite one of the deleted reads;
/// the conversations opened about one of them ("Ask about this plate": the context plate or read),
/// and those left without messages; a title that names one is rebuilt from the first question
/// still there, and a last query (kept for follow-ups) that names one is cleared. Works on the caller's context; the caller saves, inside its own transaction.
/// </summary>
internal static class ChatScrub
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<ChatScrubResult> RemoveAsync(PlateDbContext db, PlateNames plates, IReadOnlySet<long> deletedReadIds, CancellationToken ct)
    {
        if (plates.Count == 0 && deletedReadIds.Count == 0) return new ChatScrubResult(0, 0, 0, 0);
        // Chat histories are small next to the reads (a few thousand messages); matching names needs the
        // text in .NET anyway, so they are read in one pass.
        var conversations = await db.Conversations.Include(c => c.Messages).ToListAsync(ct);
        int messages = 0, removedConversations = 0, titles = 0, queries = 0;
        foreach (var conversation in conversations)
        {
            var aboutPlate = plates.AreNamedIn(conversation.ContextPlateText)
                || (conversation.ContextReadId is { } contextRead && deletedReadIds.Contains(contextRead));
            var doomed = aboutPlate
                ? conversation.Messages.ToList()
                : conversation.Messages.Where(m => plates.AreNamedIn(m.Text) || Sources(m).Any(s => plates.AreNamedIn(s.Line) || s.ReadIds.Any(deletedReadIds.Contains))).ToList();
            messages += doomed.Count;
            db.ChatMessages.RemoveRange(doomed);
            var left = conversation.Messages.Except(doomed).ToList();
            if (aboutPlate || (doomed.Count > 0 && left.Count == 0))
            {
                db.Conversations.Remove(conversation);
                removedConversations++;
            }
            else if (plates.AreNamedIn(conversation.Title))
            {
                var firstQuestion = left.Where(m => m.Role == ChatMessageRole.User).OrderBy(m => m.CreatedAt).ThenBy(m => m.Id).FirstOrDefault();
                conversation.Title = ConversationStore.TitleFrom(firstQuestion?.Text ?? string.Empty);
                titles++;
            }
            if (db.Entry(conversation).State != EntityState.Deleted && plates.AreNamedIn(conversation.LastQuery))
            {
                // The next follow-up then stands alone rather than reaching back to the forgotten plate.
                conversation.LastQuery = null;
                queries++;
            }
        }
        return new ChatScrubResult(messages, removedConversations, titles, queries);
    }

    private static List<StoredSource> Sources(ChatMessage message) =>
        JsonSerializer.Deserialize<List<StoredSource>>(message.SourcesJson, Json) ?? [];
}
