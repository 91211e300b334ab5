using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using PlateWeb.Data.Entities;
using PlateWeb.Data.Storage;

namespace PlateWeb.Data.Tests;

/// <summary>The conversation store on a real, migrated database (SQLite and PostgreSQL).</summary>
public abstract class ConversationStoreTests(TempDatabase db) : IAsyncLifetime
{
    private protected readonly TempDatabase _db = db;
    private ConversationStore _store = null!;
    private ChatUser _alice = null!;

    public async Task InitializeAsync()
    {
        await _db.InitializeAsync();
        _store = new ConversationStore(_db.DbFactory, TimeProvider.System);
        _alice = await _db.AddUserAsync("alice");
    }

    public Task DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task Conversation_QuestionAndAnswerWithSources_ComeBackInOrder()
    {
        var conversation = await _store.CreateAsync(_alice, "How many times was\nAB-123-CD seen?", contextReadId: 7, contextPlateText: "AB-123-CD", CancellationToken.None);
        await _store.AddMessageAsync(conversation.Id, _alice, ChatMessageRole.User, "How many times was AB-123-CD seen?", false, [], CancellationToken.None);
        await _store.AddMessageAsync(
            conversation.Id, _alice, ChatMessageRole.Assistant, "Seen **3** times [1].", cancelled: true,
            [new StoredSource(1, "[1] count: 3 reads of AB-123-CD", [7, 8, 9])], CancellationToken.None);

        var loaded = await _store.GetAsync(conversation.Id, _alice, CancellationToken.None);

        Assert.NotNull(loaded);
        Assert.Equal(_alice.Id, loaded.OwnerId);
        Assert.Equal("How many times was AB-123-CD seen?", loaded.Title);
        Assert.Equal(7, loaded.ContextReadId);
        Assert.Equal("AB-123-CD", loaded.ContextPlateText);
        Assert.Equal([ChatMessageRole.User, ChatMessageRole.Assistant], loaded.Messages.Select(m => m.Role));
        var answer = loaded.Messages[1];
        Assert.True(answer.Cancelled);
        Assert.Equal("Seen **3** times [1].", answer.Text);
        var source = Assert.Single(ConversationStore.Sources(answer));
        Assert.Equal(1, source.Number);
        Assert.Equal("[1] count: 3 reads of AB-123-CD", source.Line);
        Assert.Equal([7L, 8L, 9L], source.ReadIds);
        Assert.Empty(ConversationStore.Sources(loaded.Messages[0]));
    }

    [Fact]
    public async Task List_MostRecentlyActiveFirst_WithMessageCounts()
    {
        var older = await _store.CreateAsync(_alice, "first", null, null, CancellationToken.None);
        var newer = await _store.CreateAsync(_alice, "second", null, null, CancellationToken.None);
        await Task.Delay(5);
        await _store.AddMessageAsync(older.Id, _alice, ChatMessageRole.User, "again", false, [], CancellationToken.None);

        var list = await _store.ListAsync(_alice, 10, CancellationToken.None);

        Assert.Equal([older.Id, newer.Id], list.Select(c => c.Id));
        Assert.Equal([1, 0], list.Select(c => c.MessageCount));
        Assert.All(list, c => Assert.True(c.IsOwn));
    }

    [Fact]
    public async Task Delete_RemovesTheConversationAndItsMessages()
    {
        var conversation = await _store.CreateAsync(_alice, "to delete", null, null, CancellationToken.None);
        await _store.AddMessageAsync(conversation.Id, _alice, ChatMessageRole.User, "q", false, [], CancellationToken.None);
        var kept = await _store.CreateAsync(_alice, "kept", null, null, CancellationToken.None);
        await _store.AddMessageAsync(kept.Id, _alice, ChatMessageRole.User, "q", false, [], CancellationToken.None);

        Assert.True(await _store.DeleteAsync(conversation.Id, _alice, CancellationToken.None));

        Assert.Null(await _store.GetAsync(conversation.Id, _alice, CancellationToken.None));
        Assert.False(await _store.DeleteAsync(conversation.Id, _alice, CancellationToken.None));
        await using var db = await _db.DbFactory.CreateDbContextAsync();
        Assert.Equal([kept.Id], await db.ChatMessages.Select(m => m.ConversationId).ToListAsync());
        Assert.Null(await _store.AddMessageAsync(conversation.Id, _alice, ChatMessageRole.User, "late", false, [], CancellationToken.None));
    }

    [Fact]
    public async Task Create_LongQuestion_TitleIsShortened()
    {
        var conversation = await _store.CreateAsync(_alice, new string('x', 300), null, null, CancellationToken.None);

        Assert.Equal(80, conversation.Title.Length);
        Assert.EndsWith("…", conversation.Title, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OtherViewer_CannotListOpenWriteOrDelete()
    {
        var bob = await _db.AddUserAsync("bob");
        var conversation = await _store.CreateAsync(_alice, "Where was AB-123-CD?", null, null, CancellationToken.None);
        await _store.AddMessageAsync(conversation.Id, _alice, ChatMessageRole.User, "Where was AB-123-CD?", false, [], CancellationToken.None);

        Assert.Empty(await _store.ListAsync(bob, 10, CancellationToken.None));
        Assert.Null(await _store.GetAsync(conversation.Id, bob, CancellationToken.None));
        Assert.Null(await _store.AddMessageAsync(conversation.Id, bob, ChatMessageRole.User, "mine now", false, [], CancellationToken.None));
        Assert.False(await _store.DeleteAsync(conversation.Id, bob, CancellationToken.None));

        var intact = await _store.GetAsync(conversation.Id, _alice, CancellationToken.None);
        Assert.Equal(["Where was AB-123-CD?"], intact!.Messages.Select(m => m.Text));
    }

    [Fact]
    public async Task Admin_SeesEveryonesAndOwnerless_ReadsThemButWritesOnlyIntoTheirOwn()
    {
        var admin = await _db.AddUserAsync("root", admin: true);
        var alices = await _store.CreateAsync(_alice, "alice's question", null, null, CancellationToken.None);
        var mine = await _store.CreateAsync(admin, "admin's question", null, null, CancellationToken.None);
        long ownerless;
        await using (var db = await _db.DbFactory.CreateDbContextAsync())
        {
            var old = new Conversation { Title = "from before accounts", CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow.AddDays(-1) };
            db.Conversations.Add(old);
            await db.SaveChangesAsync();
            ownerless = old.Id;
        }

        var list = await _store.ListAsync(admin, 10, CancellationToken.None);

        Assert.Equal([mine.Id, alices.Id, ownerless], list.Select(c => c.Id));
        Assert.Equal([(true, (string?)null), (false, "alice"), (false, null)], list.Select(c => (c.IsOwn, c.OwnerName)));
        Assert.NotNull(await _store.GetAsync(alices.Id, admin, CancellationToken.None));
        Assert.NotNull(await _store.GetAsync(ownerless, admin, CancellationToken.None));
        Assert.Null(await _store.AddMessageAsync(alices.Id, admin, ChatMessageRole.User, "hello", false, [], CancellationToken.None));
        Assert.NotNull(await _store.AddMessageAsync(mine.Id, admin, ChatMessageRole.User, "hello", false, [], CancellationToken.None));
        // Viewers never see a conversation without an owner.
        Assert.DoesNotContain(await _store.ListAsync(_alice, 10, CancellationToken.None), c => c.Id == ownerless);
        Assert.Null(await _store.GetAsync(ownerless, _alice, CancellationToken.None));
        Assert.True(await _store.DeleteAsync(alices.Id, admin, CancellationToken.None));
        Assert.True(await _store.DeleteAsync(ownerless, admin, CancellationToken.None));
    }

    [Fact]
    public async Task DeletingTheAccount_DeletesItsConversations()
    {
        var bob = await _db.AddUserAsync("bob");
        var alices = await _store.CreateAsync(_alice, "alice's", null, null, CancellationToken.None);
        await _store.AddMessageAsync(alices.Id, _alice, ChatMessageRole.User, "q", false, [], CancellationToken.None);
        var bobs = await _store.CreateAsync(bob, "bob's", null, null, CancellationToken.None);

        await using (var db = await _db.DbFactory.CreateDbContextAsync())
        {
            await db.Users.Where(u => u.Id == _alice.Id).ExecuteDeleteAsync();
        }

        await using var check = await _db.DbFactory.CreateDbContextAsync();
        Assert.Equal([bobs.Id], await check.Conversations.Select(c => c.Id).ToListAsync());
        Assert.Empty(await check.ChatMessages.ToListAsync());
    }

    [Fact]
    public async Task LastQuery_IsStoredWithAnAnswer_KeptByAQuestion_AndComesBackWithTheConversation()
    {
        var conversation = await _store.CreateAsync(_alice, "How many reads today?", null, null, CancellationToken.None);
        await _store.AddMessageAsync(conversation.Id, _alice, ChatMessageRole.User, "How many reads today?", false, [], CancellationToken.None);
        await _store.AddMessageAsync(conversation.Id, _alice, ChatMessageRole.Assistant, "2 reads [1].", false, [], CancellationToken.None, "How many reads today?");
        await _store.AddMessageAsync(conversation.Id, _alice, ChatMessageRole.User, "and yesterday?", false, [], CancellationToken.None);

        Assert.Equal("How many reads today?", (await _store.GetAsync(conversation.Id, _alice, CancellationToken.None))!.LastQuery);

        // An answer without a query (a greeting) leaves nothing to follow up on.
        await _store.AddMessageAsync(conversation.Id, _alice, ChatMessageRole.Assistant, "Hello!", false, [], CancellationToken.None);
        Assert.Null((await _store.GetAsync(conversation.Id, _alice, CancellationToken.None))!.LastQuery);
    }
}

public sealed class ConversationStoreSqliteTests() : ConversationStoreTests(new TempDatabase())
{
    [Fact]
    public async Task Migration_EffectiveText_IsBackFilledForTheReadsStoredBefore()
    {
        var folder = Directory.CreateTempSubdirectory("plateweb-effective-migration-").FullName;
        var options = new DbContextOptionsBuilder<PlateDbContext>().UseSqlite($"Data Source={Path.Combine(folder, "old.db")}").Options;
        try
        {
            await using (var db = new PlateDbContext(options))
            {
                await db.GetService<IMigrator>().MigrateAsync("20261204190340_CorrectionsReadAgain");
                await db.Database.ExecuteSqlRawAsync(
                    "INSERT INTO Images (Id, Sha256, SizeBytes, Width, Height, UploadedAt, StoredPath, OriginalFileName, NoPlateFound) "
                    + "VALUES (1, 'aa', 1, 10, 10, '2026-12-01 10:00:00', 'images/aa/aa.png', 'a.png', 0);"
                    + "INSERT INTO PlateReads (Id, ImageId, Text, NormalizedText, Skeleton, Confidence, Quad, RawText, CandidatesJson, CorrectedText, CreatedAt) VALUES "
                    + "(1, 1, 'AB-123-CD', 'AB123CD', 'AB123CD', 0.9, '[]', '', '[]', NULL, '2026-12-01 10:00:00'),"
                    + "(2, 1, 'AB-123-CO', 'AB123CO', 'AB123C0', 0.9, '[]', '', '[]', 'GH-456 JK.', '2026-12-01 10:00:00');"
                    + "INSERT INTO Conversations (Id, Title, CreatedAt, UpdatedAt) VALUES (1, 'old', '2026-12-01 10:00:00', '2026-12-01 10:00:00');");
            }

            await using (var db = new PlateDbContext(options))
            {
                await db.Database.MigrateAsync();
                Assert.Equal(
                    [(1L, "AB123CD"), (2L, "GH456JK")],
                    (await db.Reads.OrderBy(r => r.Id).Select(r => new { r.Id, r.EffectiveText }).ToListAsync()).Select(r => (r.Id, r.EffectiveText)));
                Assert.Null((await db.Conversations.SingleAsync()).LastQuery);
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Migration_ConversationsStoredBeforeOwners_KeepTheirMessagesWithoutAnOwner()
    {
        var folder = Directory.CreateTempSubdirectory("plateweb-owner-migration-").FullName;
        var options = new DbContextOptionsBuilder<PlateDbContext>().UseSqlite($"Data Source={Path.Combine(folder, "old.db")}").Options;
        try
        {
            await using (var db = new PlateDbContext(options))
            {
                await db.GetService<IMigrator>().MigrateAsync("20261129093006_AccountsAndApiKeys");
                await db.Database.ExecuteSqlRawAsync(
                    "INSERT INTO Conversations (Id, Title, CreatedAt, UpdatedAt) VALUES (1, 'old', '2026-11-29 10:00:00', '2026-11-29 10:00:00');"
                    + "INSERT INTO ChatMessages (ConversationId, Role, Text, CreatedAt, Cancelled, SourcesJson) VALUES (1, 'User', 'q', '2026-11-29 10:00:00', 0, '[]');");
            }

            await using (var db = new PlateDbContext(options))
            {
                await db.Database.MigrateAsync();
                var old = await db.Conversations.Include(c => c.Messages).SingleAsync();
                Assert.Null(old.OwnerId);
                Assert.Equal("q", Assert.Single(old.Messages).Text);
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}

public sealed class ConversationStorePostgresTests(PostgresDatabase database) : ConversationStoreTests(new TempDatabase(database)), IClassFixture<PostgresDatabase>;
