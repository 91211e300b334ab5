using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PlateWeb.Data.Entities;
using PlateWeb.Data.Privacy;
using PlateWeb.Data.Storage;

using static PlateWeb.Data.Tests.TestReads;

namespace PlateWeb.Data.Tests;

/// <summary>Corrections and deletions are audited with who made them, in the same transaction as the change.</summary>
public abstract class AuditTests(TempDatabase db) : IAsyncLifetime
{
    private protected readonly TempDatabase _db = db;
    private AuditLog _audit = null!;

    public async Task InitializeAsync()
    {
        await _db.InitializeAsync();
        _audit = new AuditLog(_db.DbFactory);
    }

    public Task DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task Correct_ThenRemove_BothAuditedWithTheUserAndTheTexts()
    {
        var stored = await _db.Store.StoreAsync(FakePng(51), "a.png", 10, 10, [Read("AB123CD", "AB-123-CD")], CancellationToken.None);
        var readId = stored.Image.Reads.Single().Id;

        await _db.Store.CorrectAsync(readId, "AB-123-CE", CancellationToken.None, "alice");
        await _db.Store.CorrectAsync(readId, "", CancellationToken.None, "bob");

        var entries = (await _audit.ListAsync(0, 10, CancellationToken.None)).Items;
        Assert.Collection(entries,
            removed =>
            {
                Assert.Equal(("bob", AuditAction.CorrectionRemoved, readId), (removed.User, removed.Action, removed.TargetId!.Value));
                Assert.Equal("AB-123-CE → AB-123-CD (the engine's reading)", removed.Detail);
            },
            corrected =>
            {
                Assert.Equal(("alice", AuditAction.Corrected, readId), (corrected.User, corrected.Action, corrected.TargetId!.Value));
                Assert.Equal("AB-123-CD → AB-123-CE", corrected.Detail);
            });
    }

    [Fact]
    public async Task DeleteReadAndImage_AuditedWithTheUser_AMissingOneIsNot()
    {
        var stored = await _db.Store.StoreAsync(FakePng(52), "gate.png", 10, 10, [Read("AB123CD", "AB-123-CD"), Read("XY456ZT", "XY-456-ZT")], CancellationToken.None);
        var first = stored.Image.Reads.OrderBy(r => r.Id).First().Id;

        Assert.True(await _db.Store.DeleteReadAsync(first, CancellationToken.None, "carol"));
        Assert.False(await _db.Store.DeleteReadAsync(first, CancellationToken.None, "carol"));
        Assert.True(await _db.Store.DeleteImageAsync(stored.Image.Id, CancellationToken.None, "dave"));

        var page = await _audit.ListAsync(0, 10, CancellationToken.None);
        Assert.Equal(2, page.TotalCount);
        var image = page.Items[0];
        Assert.Equal(("dave", AuditAction.ImageDeleted, stored.Image.Id, "gate.png: XY-456-ZT"), (image.User, image.Action, image.TargetId!.Value, image.Detail));
        var read = page.Items[1];
        Assert.Equal(("carol", AuditAction.ReadDeleted, first), (read.User, read.Action, read.TargetId!.Value));
        Assert.Equal($"AB-123-CD (image {stored.Image.Id})", read.Detail);
    }

    [Fact]
    public async Task Forget_RecordsWhoAndHowMuch_AndEarlierEntriesLoseThePlate()
    {
        var kept = await _db.Store.StoreAsync(FakePng(53), "b.png", 10, 10, [Read("XY456ZT", "XY-456-ZT")], CancellationToken.None);
        var gone = await _db.Store.StoreAsync(FakePng(54), "c.png", 10, 10, [Read("AB123CD", "AB-123-CD")], CancellationToken.None);
        await _db.Store.CorrectAsync(kept.Image.Reads.Single().Id, "XY-456-ZZ", CancellationToken.None, "alice");
        await _db.Store.CorrectAsync(gone.Image.Reads.Single().Id, "AB-123-CE", CancellationToken.None, "alice");
        var privacy = new PlatePrivacy(_db.DbFactory, Options.Create(_db.Options), NullLogger<PlatePrivacy>.Instance);

        await privacy.ForgetAsync("AB-123-CD", beforeCommit: null, CancellationToken.None, "erin");

        var entries = (await _audit.ListAsync(0, 10, CancellationToken.None)).Items;
        Assert.Equal(("erin", AuditAction.PlateForgotten, "1 reads in 1 images"), (entries[0].User, entries[0].Action, entries[0].Detail));
        Assert.Equal(AuditLog.Forgotten, entries[1].Detail);
        Assert.Equal("XY-456-ZT → XY-456-ZZ", entries[2].Detail);
        Assert.DoesNotContain(entries, e => e.Detail?.Contains("AB-123", StringComparison.Ordinal) ?? false);
    }
}

public sealed class AuditSqliteTests() : AuditTests(new TempDatabase());

public sealed class AuditPostgresTests(PostgresDatabase database) : AuditTests(new TempDatabase(database)), IClassFixture<PostgresDatabase>;
