using System.IO.Compression;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PlateWeb.Data.Privacy;
using PlateWeb.Data.Storage;
using static PlateWeb.Data.Tests.TestReads;

namespace PlateWeb.Data.Tests;

public abstract class PrivacyTests(TempDatabase db) : IAsyncLifetime
{
    private protected readonly TempDatabase _db = db;

    private PlatePrivacy Privacy => new(_db.DbFactory, Options.Create(_db.Options), NullLogger<PlatePrivacy>.Instance);

    public Task InitializeAsync() => _db.InitializeAsync();

    public Task DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task Find_ConfusedSpelling_ListsEveryReadOfThePlate()
    {
        await _db.Store.StoreAsync(FakePng(1), "a.png", 10, 10, [Read("AB123CD", "AB-123-CD")], CancellationToken.None);
        await _db.Store.StoreAsync(FakePng(2), "b.png", 10, 10, [Read("AB123CD", "AB-123-CD"), Read("XY456ZT", "XY-456-ZT")], CancellationToken.None);
        await _db.Store.StoreAsync(FakePng(3), "c.png", 10, 10, [Read("EF789GH", "EF-789-GH")], CancellationToken.None);

        var matches = await Privacy.FindAsync("a8-I23-cd", CancellationToken.None);

        Assert.Equal(["a.png", "b.png"], matches.Select(m => m.FileName));
        Assert.All(matches, m => Assert.Equal("AB-123-CD", m.Text));
    }

    [Fact]
    public async Task Find_CorrectedRead_MatchesByItsCorrection()
    {
        var stored = await _db.Store.StoreAsync(FakePng(1), "a.png", 10, 10, [Read("AB123CO", "AB-123-CO")], CancellationToken.None);
        await _db.Store.CorrectAsync(stored.Image.Reads[0].Id, "AB-123-XY", CancellationToken.None);

        var matches = await Privacy.FindAsync("AB123XY", CancellationToken.None);

        Assert.Equal("AB-123-XY", Assert.Single(matches).CorrectedText);
    }

    [Fact]
    public async Task Forget_DeletesReadsImagesAndFiles_KeepsOtherPlates()
    {
        var a = await _db.Store.StoreAsync(FakePng(1), "a.png", 10, 10, [Read("AB123CD", "AB-123-CD")], CancellationToken.None);
        var b = await _db.Store.StoreAsync(FakePng(2), "b.png", 10, 10, [Read("AB123CD", "AB-123-CD"), Read("XY456ZT", "XY-456-ZT")], CancellationToken.None);
        var c = await _db.Store.StoreAsync(FakePng(3), "c.png", 10, 10, [Read("EF789GH", "EF-789-GH")], CancellationToken.None);

        var result = await Privacy.ForgetAsync("AB-123-CD", beforeCommit: null, CancellationToken.None);

        Assert.Equal(new ForgetResult(Reads: 3, Images: 2, Files: 2, ChatMessages: 0), result);
        Assert.False(File.Exists(_db.Store.GetFullPath(a.Image)));
        Assert.False(File.Exists(_db.Store.GetFullPath(b.Image)));
        Assert.True(File.Exists(_db.Store.GetFullPath(c.Image)));
        await using var db = await _db.DbFactory.CreateDbContextAsync();
        Assert.Equal(["EF-789-GH"], await db.Reads.Select(r => r.Text).ToListAsync());
        Assert.Empty(await Privacy.FindAsync("AB123CD", CancellationToken.None));
    }

    [Fact]
    public async Task Forget_AlsoDeletesChatMessagesThatNameOrCiteThePlate()
    {
        var a = await _db.Store.StoreAsync(FakePng(1), "a.png", 10, 10, [Read("AB123CD", "AB-123-CD")], CancellationToken.None);
        var readId = a.Image.Reads[0].Id;
        await using (var db = await _db.DbFactory.CreateDbContextAsync())
        {
            db.Conversations.Add(new Entities.Conversation
            {
                Title = "plates",
                Messages =
                [
                    new() { Role = Entities.ChatMessageRole.User, Text = "When was ab-i23-cd seen?" },
                    new() { Role = Entities.ChatMessageRole.Assistant, Text = "It was seen once [1].", SourcesJson = $"[{{\"number\":1,\"line\":\"x\",\"readIds\":[{readId}]}}]" },
                    new() { Role = Entities.ChatMessageRole.User, Text = "How many German plates today?" },
                ],
            });
            await db.SaveChangesAsync();
        }

        var result = await Privacy.ForgetAsync("AB-123-CD", beforeCommit: null, CancellationToken.None);

        Assert.Equal(2, result.ChatMessages);
        await using var check = await _db.DbFactory.CreateDbContextAsync();
        Assert.Equal(["How many German plates today?"], await check.ChatMessages.Select(m => m.Text).ToListAsync());
    }

    [Fact]
    public async Task Forget_CallbackThrows_NothingIsDeleted()
    {
        var a = await _db.Store.StoreAsync(FakePng(1), "a.png", 10, 10, [Read("AB123CD", "AB-123-CD")], CancellationToken.None);

        await Assert.ThrowsAsync<IOException>(() => Privacy.ForgetAsync("AB123CD", (_, _, _) => throw new IOException("disk full"), CancellationToken.None));

        Assert.True(File.Exists(_db.Store.GetFullPath(a.Image)));
        Assert.Single(await Privacy.FindAsync("AB123CD", CancellationToken.None));
    }

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData("A")]
    public async Task Find_TooShortText_IsRefusedWithAMessage(string text)
    {
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => Privacy.FindAsync(text, CancellationToken.None));
        Assert.Contains("at least two letters or digits", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_WritesJsonAndImagesOfThePlateOnly()
    {
        await _db.Store.StoreAsync(FakePng(1), "a.png", 10, 10, [Read("AB123CD", "AB-123-CD")], CancellationToken.None);
        await _db.Store.StoreAsync(FakePng(3), "c.png", 10, 10, [Read("EF789GH", "EF-789-GH")], CancellationToken.None);
        using var buffer = new MemoryStream();

        var count = await Privacy.ExportAsync("AB123CD", buffer, CancellationToken.None);

        Assert.Equal(1, count);
        buffer.Position = 0;
        using var zip = new ZipArchive(buffer, ZipArchiveMode.Read);
        var imageEntry = Assert.Single(zip.Entries, e => e.FullName.StartsWith("images/", StringComparison.Ordinal));
        using (var image = imageEntry.Open())
        using (var copy = new MemoryStream())
        {
            image.CopyTo(copy);
            Assert.Equal(FakePng(1), copy.ToArray());
        }
        using var json = JsonDocument.Parse(zip.GetEntry("plate.json")!.Open());
        var read = Assert.Single(json.RootElement.GetProperty("reads").EnumerateArray());
        Assert.Equal("AB-123-CD", read.GetProperty("text").GetString());
        Assert.Equal("a.png", read.GetProperty("image").GetProperty("originalFileName").GetString());
        Assert.Equal(imageEntry.FullName, read.GetProperty("image").GetProperty("file").GetString());
    }

    [Fact]
    public async Task Retention_DeletesOnlyImagesOlderThanTheLimit()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));
        var store = new PlateStore(_db.DbFactory, Options.Create(_db.Options), clock, NullLogger<PlateStore>.Instance);
        var old = await store.StoreAsync(FakePng(1), "old.png", 10, 10, [Read("AB123CD", "AB-123-CD")], CancellationToken.None);
        clock.Now = clock.Now.AddDays(20);
        var recent = await store.StoreAsync(FakePng(2), "recent.png", 10, 10, [Read("EF789GH", "EF-789-GH")], CancellationToken.None);
        clock.Now = clock.Now.AddDays(15);
        var options = new DataOptions { DataDirectory = _db.Options.DataDirectory, RetentionDays = 30 };

        var purged = await new RetentionPurge(_db.DbFactory, Options.Create(options), clock, NullLogger<RetentionPurge>.Instance).PurgeAsync(CancellationToken.None);

        Assert.Equal(1, purged);
        Assert.False(File.Exists(store.GetFullPath(old.Image)));
        Assert.True(File.Exists(store.GetFullPath(recent.Image)));
        await using var db = await _db.DbFactory.CreateDbContextAsync();
        Assert.Equal(["EF-789-GH"], await db.Reads.Select(r => r.Text).ToListAsync());
    }

    [Fact]
    public async Task CameraRetention_DeletesThatCamerasOldPicturesOnly_EvenWithTheHistoryKeptForever()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));
        var store = new PlateStore(_db.DbFactory, Options.Create(_db.Options), clock, NullLogger<PlateStore>.Instance);
        var cameras = new PlateWeb.Data.Cameras.CameraStore(_db.DbFactory, clock);
        var gate = await cameras.SaveAsync(Folder("Gate", 7), CancellationToken.None);
        var yard = await cameras.SaveAsync(Folder("Yard", null), CancellationToken.None);
        var gateOld = await store.StoreAsync(FakePng(1), "g1.jpg", 10, 10, [Read("AB123CD", "AB-123-CD")], CancellationToken.None,
            new FrameOrigin(gate.Id, clock.Now.UtcDateTime));
        var yardOld = await store.StoreAsync(FakePng(2), "y1.jpg", 10, 10, [Read("EF789GH", "EF-789-GH")], CancellationToken.None,
            new FrameOrigin(yard.Id, clock.Now.UtcDateTime));
        var upload = await store.StoreAsync(FakePng(3), "up.png", 10, 10, [Read("JK456LM", "JK-456-LM")], CancellationToken.None);
        clock.Now = clock.Now.AddDays(5);
        var gateRecent = await store.StoreAsync(FakePng(4), "g2.jpg", 10, 10, [Read("NP321QR", "NP-321-QR")], CancellationToken.None,
            new FrameOrigin(gate.Id, clock.Now.UtcDateTime));
        clock.Now = clock.Now.AddDays(5);
        var purge = new RetentionPurge(_db.DbFactory, Options.Create(_db.Options), clock, NullLogger<RetentionPurge>.Instance);

        Assert.True(await purge.AnyRetentionAsync(CancellationToken.None));
        var purged = await purge.PurgeAsync(CancellationToken.None);

        Assert.Equal(1, purged);
        Assert.False(File.Exists(store.GetFullPath(gateOld.Image)));
        Assert.All([yardOld, upload, gateRecent], kept => Assert.True(File.Exists(store.GetFullPath(kept.Image))));
        await using var db = await _db.DbFactory.CreateDbContextAsync();
        Assert.Equal(["EF-789-GH", "JK-456-LM", "NP-321-QR"], await db.Reads.OrderBy(r => r.Text).Select(r => r.Text).ToListAsync());
    }

    private static PlateWeb.Data.Entities.Camera Folder(string name, int? retentionDays) => new()
    {
        Name = name,
        Kind = PlateWeb.Data.Entities.CameraSourceKind.Folder,
        ProtectedSource = "protected",
        SourceDisplay = "in/" + name,
        RetentionDays = retentionDays,
    };

    [Fact]
    public async Task NoRetentionAnywhere_IsToldToTheWorker()
    {
        var purge = new RetentionPurge(_db.DbFactory, Options.Create(_db.Options), TimeProvider.System, NullLogger<RetentionPurge>.Instance);

        Assert.False(await purge.AnyRetentionAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Retention_ZeroDays_KeepsEverything()
    {
        await _db.Store.StoreAsync(FakePng(1), "old.png", 10, 10, [Read("AB123CD", "AB-123-CD")], CancellationToken.None);
        var clock = new ManualClock(DateTimeOffset.UtcNow.AddYears(10));

        var purged = await new RetentionPurge(_db.DbFactory, Options.Create(_db.Options), clock, NullLogger<RetentionPurge>.Instance).PurgeAsync(CancellationToken.None);

        Assert.Equal(0, purged);
    }

    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}

public sealed class PrivacySqliteTests() : PrivacyTests(new TempDatabase())
{
    [Fact]
    public async Task Backup_WhileAnotherConnectionWrites_CopiesAConsistentDatabaseAndItsImages()
    {
        for (var i = 0; i < 20; i++)
        {
            await _db.Store.StoreAsync(FakePng(i + 1), $"{i}.png", 10, 10, [Read("AB123CD", "AB-123-CD")], CancellationToken.None);
        }
        var destination = Path.Combine(_db.Options.DataDirectory, "..", Path.GetFileName(_db.Options.DataDirectory) + "-backup");
        using var writing = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            for (var i = 100; !writing.IsCancellationRequested && i < 400; i++)
            {
                await _db.Store.StoreAsync(FakePng(i), $"{i}.png", 10, 10, [Read("EF789GH", "EF-789-GH")], CancellationToken.None);
            }
        });
        try
        {
            var result = await DatabaseBackup.RunAsync(_db.Options, destination, progress: null, CancellationToken.None);
            await writing.CancelAsync();
            await writer;

            Assert.Empty(result.MissingImages);
            await using var copy = new SqliteConnection($"Data Source={result.DatabasePath};Mode=ReadOnly;Pooling=False");
            await copy.OpenAsync();
            await using var check = copy.CreateCommand();
            check.CommandText = "PRAGMA integrity_check";
            Assert.Equal("ok", (string?)await check.ExecuteScalarAsync());
            check.CommandText = "SELECT COUNT(*) FROM Images";
            var images = Convert.ToInt32(await check.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(images >= 20, $"{images} images in the copy");
            Assert.Equal(images, result.ImagesCopied);
            Assert.Equal(images, Directory.GetFiles(Path.Combine(destination, "images"), "*", SearchOption.AllDirectories).Length);
        }
        finally
        {
            await writing.CancelAsync();
            SqliteConnection.ClearAllPools();
            if (Directory.Exists(destination)) Directory.Delete(destination, recursive: true);
        }
    }

    [Fact]
    public async Task Backup_IntoAFolderWithADatabase_IsRefused()
    {
        var destination = Directory.CreateTempSubdirectory("plateweb-backup-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(destination, _db.Options.DatabaseFileName), "x");
            await Assert.ThrowsAsync<IOException>(() => DatabaseBackup.RunAsync(_db.Options, destination, null, CancellationToken.None));
        }
        finally
        {
            Directory.Delete(destination, recursive: true);
        }
    }
}

public sealed class PrivacyPostgresTests(PostgresDatabase database) : PrivacyTests(new TempDatabase(database)), IClassFixture<PostgresDatabase>;
