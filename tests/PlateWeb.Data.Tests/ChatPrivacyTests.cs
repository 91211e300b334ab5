using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PlateWeb.Data.Entities;
using PlateWeb.Data.Privacy;
using PlateWeb.Data.Storage;
using static PlateWeb.Data.Tests.TestReads;

namespace PlateWeb.Data.Tests;

/// <summary>Forgetting a plate and the retention purge also clear the chat: messages, titles and context that name the plate.</summary>
public abstract class ChatPrivacyTests(TempDatabase db) : IAsyncLifetime
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private protected readonly TempDatabase _db = db;

    public Task InitializeAsync() => _db.InitializeAsync();

    public Task DisposeAsync() => _db.DisposeAsync();

    [Theory]
    [InlineData("When was AB-123-CD seen?", true)]
    [InlineData("when was ab 123 cd seen?", true)]
    [InlineData("AB123CD?", true)]
    [InlineData("plate ab.123.cd", true)]
    [InlineData("Seen as A8-I23-CD [1].", true)] // OCR confusions forgiven, as the forget search does
    [InlineData("(AB–123–CD)", true)]
    [InlineData("TAB123CD", false)]
    [InlineData("AB-123-CDE", false)]
    [InlineData("AB-123-CX", false)]
    [InlineData("How many German plates today?", false)]
    public void PlateNames_MatchTheNormalisedPlateIgnoringSeparators(string text, bool named) =>
        Assert.Equal(named, new PlateNames(["AB-123-CD"]).AreNamedIn(text));

    [Fact]
    public void PlateNames_TooShortOrNone_NameNothing()
    {
        Assert.False(new PlateNames(["A", "-", null]).AreNamedIn("A about - anything"));
        Assert.Equal(0, new PlateNames([]).Count);
    }

    [Fact]
    public async Task Forget_RemovesMessagesTitlesAndContextNamingThePlate_KeepsTheOthers()
    {
        var user = await _db.AddUserAsync("alice");
        var ab = await _db.Store.StoreAsync(FakePng(1), "a.png", 10, 10, [Read("AB123CD", "AB-123-CD")], CancellationToken.None);
        var ef = await _db.Store.StoreAsync(FakePng(2), "b.png", 10, 10, [Read("EF789GH", "EF-789-GH")], CancellationToken.None);
        var abRead = ab.Image.Reads[0].Id;
        var efRead = ef.Image.Reads[0].Id;
        var mixed = await AddConversationAsync(user, "When was ab 123 cd seen?", null, null,
            (ChatMessageRole.User, "When was ab 123 cd seen?", []),
            (ChatMessageRole.Assistant, "Last seen today [1].", [new StoredSource(1, "[1] plate AB-123-CD: 1 read", [abRead])]),
            (ChatMessageRole.User, "And EF-789-GH?", []),
            (ChatMessageRole.Assistant, "Seen once [1].", [new StoredSource(1, "[1] plate EF-789-GH: 1 read", [efRead])]),
            // Names the plate only in the fact kept as its source.
            (ChatMessageRole.Assistant, "Yes [1].", [new StoredSource(1, "[1] count: 1 read of AB-123-CD", [])]));
        var aboutPlate = await AddConversationAsync(user, "When was this plate first seen?", abRead, "AB-123-CD",
            (ChatMessageRole.User, "When was this plate first seen?", []));
        var other = await AddConversationAsync(user, "How many reads today?", null, null,
            (ChatMessageRole.User, "How many reads today?", []),
            (ChatMessageRole.Assistant, "2 reads [1].", [new StoredSource(1, "[1] count: 2 reads", [])]));

        var privacy = new PlatePrivacy(_db.DbFactory, Options.Create(_db.Options), NullLogger<PlatePrivacy>.Instance);
        var result = await privacy.ForgetAsync("AB-123-CD", beforeCommit: null, CancellationToken.None);

        Assert.Equal((4, 1), (result.ChatMessages, result.Conversations));
        await using var db = await _db.DbFactory.CreateDbContextAsync();
        var left = await db.Conversations.Include(c => c.Messages).OrderBy(c => c.Id).ToListAsync();
        Assert.Equal([mixed, other], left.Select(c => c.Id));
        Assert.Equal("And EF-789-GH?", left[0].Title);
        Assert.Equal(["And EF-789-GH?", "Seen once [1]."], left[0].Messages.OrderBy(m => m.Id).Select(m => m.Text));
        Assert.Equal(["How many reads today?", "2 reads [1]."], left[1].Messages.OrderBy(m => m.Id).Select(m => m.Text));
        Assert.DoesNotContain(left, c => c.Id == aboutPlate);
        Assert.DoesNotContain(await db.ChatMessages.Select(m => m.Text + m.SourcesJson).ToListAsync(), t => t.Contains("AB-123-CD", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Forget_ClearsALastQueryNamingThePlate_KeepsTheOthers()
    {
        var user = await _db.AddUserAsync("alice");
        await _db.Store.StoreAsync(FakePng(1), "a.png", 10, 10, [Read("AB123CD", "AB-123-CD")], CancellationToken.None);
        var store = new ConversationStore(_db.DbFactory, TimeProvider.System);
        // The questions and answers do not name the plate; only the query kept for a follow-up does.
        var naming = await store.CreateAsync(user, "How many reads today?", null, null, CancellationToken.None);
        await store.AddMessageAsync(naming.Id, user, ChatMessageRole.User, "How many reads today?", false, [], CancellationToken.None);
        await store.AddMessageAsync(naming.Id, user, ChatMessageRole.Assistant, "2 reads [1].", false, [], CancellationToken.None, "how many reads of ab 123 cd today");
        var other = await store.CreateAsync(user, "How many reads today?", null, null, CancellationToken.None);
        await store.AddMessageAsync(other.Id, user, ChatMessageRole.Assistant, "2 reads [1].", false, [], CancellationToken.None, "How many reads today?");

        var privacy = new PlatePrivacy(_db.DbFactory, Options.Create(_db.Options), NullLogger<PlatePrivacy>.Instance);
        await privacy.ForgetAsync("AB-123-CD", beforeCommit: null, CancellationToken.None);

        await using var db = await _db.DbFactory.CreateDbContextAsync();
        var left = await db.Conversations.OrderBy(c => c.Id).Select(c => new { c.Id, c.LastQuery }).ToListAsync();
        Assert.Equal([(naming.Id, null), (other.Id, "How many reads today?")], left.Select(c => (c.Id, c.LastQuery)));
    }

    [Fact]
    public async Task Forget_ByItsCorrection_AlsoRemovesMessagesNamingTheOcrText()
    {
        var user = await _db.AddUserAsync("alice");
        var stored = await _db.Store.StoreAsync(FakePng(1), "a.png", 10, 10, [Read("AB123CO", "AB-123-CO")], CancellationToken.None);
        await _db.Store.CorrectAsync(stored.Image.Reads[0].Id, "AB-123-XY", CancellationToken.None);
        await AddConversationAsync(user, "Which reads?", null, null,
            (ChatMessageRole.User, "Was AB-123-CO corrected?", []),
            (ChatMessageRole.User, "Which reads?", []));

        var privacy = new PlatePrivacy(_db.DbFactory, Options.Create(_db.Options), NullLogger<PlatePrivacy>.Instance);
        await privacy.ForgetAsync("AB123XY", beforeCommit: null, CancellationToken.None);

        await using var db = await _db.DbFactory.CreateDbContextAsync();
        Assert.Equal(["Which reads?"], await db.ChatMessages.Select(m => m.Text).ToListAsync());
    }

    [Fact]
    public async Task Retention_RemovesChatAboutPlatesNoLongerInTheHistory_KeepsTheOthers()
    {
        var user = await _db.AddUserAsync("alice");
        var clock = new ManualClock(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));
        var store = new PlateStore(_db.DbFactory, Options.Create(_db.Options), clock, NullLogger<PlateStore>.Instance);
        // Old reads: AB-123-CD only then (purged, gone), EF-789-GH then and again recently (still in the history).
        var oldAb = await store.StoreAsync(FakePng(1), "old-ab.png", 10, 10, [Read("AB123CD", "AB-123-CD")], CancellationToken.None);
        var oldEf = await store.StoreAsync(FakePng(2), "old-ef.png", 10, 10, [Read("EF789GH", "EF-789-GH")], CancellationToken.None);
        clock.Now = clock.Now.AddDays(20);
        var recentEf = await store.StoreAsync(FakePng(3), "recent-ef.png", 10, 10, [Read("EF789GH", "EF-789-GH")], CancellationToken.None);
        await AddConversationAsync(user, "Where is AB-123-CD?", null, null,
            (ChatMessageRole.User, "Where is AB-123-CD?", []),
            (ChatMessageRole.User, "And ef-789-gh?", []),
            (ChatMessageRole.Assistant, "Seen twice [1].", [new StoredSource(1, "[1] plate EF-789-GH: 2 reads", [recentEf.Image.Reads[0].Id])]),
            (ChatMessageRole.Assistant, "First seen on 2026-01-01 [1].", [new StoredSource(1, "[1] read", [oldEf.Image.Reads[0].Id])]),
            (ChatMessageRole.User, "How many reads today?", []));
        clock.Now = clock.Now.AddDays(15);
        var options = new DataOptions { DataDirectory = _db.Options.DataDirectory, RetentionDays = 30 };

        var purged = await new RetentionPurge(_db.DbFactory, Options.Create(options), clock, NullLogger<RetentionPurge>.Instance).PurgeAsync(CancellationToken.None);

        Assert.Equal(2, purged);
        Assert.False(File.Exists(store.GetFullPath(oldAb.Image)));
        await using var db = await _db.DbFactory.CreateDbContextAsync();
        var conversation = await db.Conversations.Include(c => c.Messages).SingleAsync();
        Assert.Equal(["And ef-789-gh?", "Seen twice [1].", "How many reads today?"], conversation.Messages.OrderBy(m => m.Id).Select(m => m.Text));
        Assert.Equal("And ef-789-gh?", conversation.Title);
    }

    private async Task<long> AddConversationAsync(
        ChatUser owner, string title, long? contextReadId, string? contextPlate, params (ChatMessageRole Role, string Text, StoredSource[] Sources)[] messages)
    {
        await using var db = await _db.DbFactory.CreateDbContextAsync();
        var start = DateTime.UtcNow;
        var conversation = new Conversation
        {
            OwnerId = owner.Id,
            Title = title,
            CreatedAt = start,
            UpdatedAt = start,
            ContextReadId = contextReadId,
            ContextPlateText = contextPlate,
            Messages = messages.Select((m, i) => new ChatMessage
            {
                Role = m.Role,
                Text = m.Text,
                CreatedAt = start.AddSeconds(i),
                SourcesJson = JsonSerializer.Serialize(m.Sources, Json),
            }).ToList(),
        };
        db.Conversations.Add(conversation);
        await db.SaveChangesAsync();
        return conversation.Id;
    }

    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}

public sealed class ChatPrivacySqliteTests() : ChatPrivacyTests(new TempDatabase());

public sealed class ChatPrivacyPostgresTests(PostgresDatabase database) : ChatPrivacyTests(new TempDatabase(database)), IClassFixture<PostgresDatabase>;
