using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using PlateWeb.Data.Entities;
using PlateWeb.Data.Storage;
using PlateWeb.Data.Transfer;

using static PlateWeb.Data.Tests.TestReads;

namespace PlateWeb.Data.Tests;

/// <summary>
/// `platectl migrate-data`'s engine on a real SQLite file, seeded with rows in every table of the model, and a new
/// database on the run's PostgreSQL cluster for each test.
/// </summary>
public sealed class SqliteToPostgresTests : IAsyncLifetime
{
    private readonly TempDatabase _source = new();
    private readonly string _targetName = "plateweb_migrate_" + Guid.NewGuid().ToString("N");
    private PostgresCluster _cluster = null!;
    private string _target = string.Empty;

    public async Task InitializeAsync()
    {
        await _source.InitializeAsync();
        _cluster = await PostgresCluster.SharedAsync();
        _target = await _cluster.CreateDatabaseAsync(_targetName);
    }

    public async Task DisposeAsync()
    {
        await _source.DisposeAsync();
        await _cluster.DropDatabaseAsync(_targetName);
    }

    [Fact]
    public async Task Copy_EveryTable_CountsHashesAndValuesMatch()
    {
        var seeded = await SeedAsync(_source);
        var transfer = new SqliteToPostgres(_source.Options.DatabasePath, _target);

        var result = await transfer.CopyAsync(SqliteToPostgres.DefaultBatchSize, maxBatches: null, progress: null, default);
        var checks = await transfer.VerifyAsync(progress: null, default);

        Assert.True(result.Finished);
        Assert.All(checks, c => Assert.True(c.Ok, $"{c.Table}: {c.SourceRows} rows / {c.TargetRows} rows"));
        Assert.All(checks, c => Assert.True(c.SourceRows > 0, $"{c.Table} was not seeded"));
        await using var db = TargetContext();
        Assert.Equal(db.Model.GetEntityTypes().Select(t => t.GetTableName()).OfType<string>().Distinct().Count(), checks.Count);
        var corrected = await db.Reads.SingleAsync(r => r.Id == seeded.CorrectedReadId);
        Assert.Equal(("AB-123-CE", "AB123CE", "alice"), (corrected.CorrectedText, corrected.EffectiveText, corrected.CorrectedBy));
        Assert.Equal(8, corrected.Quad.Length);
        Assert.Equal([1f, 2f, 30f, 2f, 30f, 12f, 1f, 12f], corrected.Quad);
        var summary = await db.PlateSummaries.SingleAsync(s => s.EffectiveText == "AB123CE");
        Assert.Equal(1, summary.Reads);
        var user = await db.Users.SingleAsync(u => u.UserName == "alice");
        Assert.Equal(seeded.LockoutEnd, user.LockoutEnd);
        Assert.Equal("hash-of-alice", user.PasswordHash);
        var audit = await db.AuditEntries.SingleAsync(a => a.Detail == "ticks");
        // PostgreSQL keeps microseconds: the 7th digit of SQLite's time is what the copy cannot keep.
        Assert.Equal(seeded.AuditAt.AddTicks(-(seeded.AuditAt.Ticks % 10)), audit.At);
        Assert.Equal(0.25f, (await db.Cameras.SingleAsync()).RoiX);
    }

    [Fact]
    public async Task Copy_StoppedAfterEachBatch_ResumesWithoutDuplicatesAndVerifies()
    {
        await SeedAsync(_source);
        var transfer = new SqliteToPostgres(_source.Options.DatabasePath, _target);
        var imageCounts = new List<int>();
        var runs = new List<CopyResult>();

        // An interruption after every batch of two rows: each run must go on where the last one stopped.
        do
        {
            runs.Add(await transfer.CopyAsync(batchSize: 2, maxBatches: 1, progress: null, default));
            await using var db = TargetContext();
            imageCounts.Add(await db.Images.CountAsync());
        }
        while (!runs[^1].Finished && runs.Count < 200);
        var again = await transfer.CopyAsync(batchSize: 2, maxBatches: null, progress: null, default);
        var checks = await transfer.VerifyAsync(progress: null, default);

        Assert.True(runs[^1].Finished);
        Assert.All(runs.SkipLast(1), r => Assert.Equal(1, r.Copied.Values.Count(n => n > 0)));
        Assert.Equal([2, 4, 6, 7], imageCounts.Distinct().Where(n => n > 0));
        Assert.Equal(0, again.Copied.Values.Sum());
        Assert.All(checks, c => Assert.True(c.Ok, $"{c.Table}: {c.SourceRows} rows / {c.TargetRows} rows"));
        await using var target = TargetContext();
        await using var source = await _source.DbFactory.CreateDbContextAsync();
        Assert.Equal(await source.Images.OrderBy(i => i.Id).Select(i => i.Id).ToListAsync(), await target.Images.OrderBy(i => i.Id).Select(i => i.Id).ToListAsync());
        Assert.Equal(await source.Reads.OrderBy(r => r.Id).Select(r => r.Id).ToListAsync(), await target.Reads.OrderBy(r => r.Id).Select(r => r.Id).ToListAsync());
    }

    [Fact]
    public async Task Copy_ThenNewRowsInTheTarget_GetTheNextKeys()
    {
        await SeedAsync(_source);
        var transfer = new SqliteToPostgres(_source.Options.DatabasePath, _target);
        await transfer.CopyAsync(SqliteToPostgres.DefaultBatchSize, maxBatches: null, progress: null, default);
        var options = new DataOptions { Provider = DatabaseProvider.Postgres, ConnectionString = _target, DataDirectory = _source.Options.DataDirectory };
        var factory = new Factory(PlateDatabase.Options(options));
        var store = new PlateStore(factory, Microsoft.Extensions.Options.Options.Create(options), TimeProvider.System, NullLogger<PlateStore>.Instance);
        long maxImage, maxRead;
        await using (var db = TargetContext())
        {
            maxImage = await db.Images.MaxAsync(i => i.Id);
            maxRead = await db.Reads.MaxAsync(r => r.Id);
        }

        var stored = await store.StoreAsync(FakePng(900), "new.png", 10, 10, [Read("ZZ999ZZ", "ZZ-999-ZZ")], default);
        await using (var db = TargetContext())
        {
            db.AuditEntries.Add(new AuditEntry { User = "after", Action = AuditAction.ReadDeleted, At = DateTime.UtcNow });
            db.Conversations.Add(new Conversation { Title = "after" });
            await db.SaveChangesAsync();
        }

        Assert.Equal(maxImage + 1, stored.Image.Id);
        Assert.Equal(maxRead + 1, stored.Image.Reads.Single().Id);
        await using var check = TargetContext();
        Assert.Equal(1, (await check.PlateSummaries.SingleAsync(s => s.EffectiveText == "ZZ999ZZ")).Reads);
    }

    [Fact]
    public async Task Verify_TamperedTargetRow_ReportsThatTableOnly()
    {
        var seeded = await SeedAsync(_source);
        var transfer = new SqliteToPostgres(_source.Options.DatabasePath, _target);
        await transfer.CopyAsync(SqliteToPostgres.DefaultBatchSize, maxBatches: null, progress: null, default);
        await using (var db = TargetContext())
        {
            // Raw SQL, as someone editing the table would: the summary triggers fire only on the text and time columns.
            await db.Database.ExecuteSqlAsync($"""UPDATE "PlateReads" SET "Confidence" = 0.5 WHERE "Id" = {seeded.CorrectedReadId}""");
        }

        var checks = await transfer.VerifyAsync(progress: null, default);

        var bad = Assert.Single(checks, c => !c.Ok);
        Assert.Equal("PlateReads", bad.Table);
        Assert.Equal(bad.SourceRows, bad.TargetRows);
        Assert.NotEqual(bad.SourceHash, bad.TargetHash);
    }

    [Fact]
    public async Task Copy_TargetHoldingOtherData_IsRefusedAndLeftAsItWas()
    {
        await SeedAsync(_source);
        await using (var db = TargetContext())
        {
            await db.Database.MigrateAsync();
            db.Users.Add(new IdentityUser("someone-else"));
            await db.SaveChangesAsync();
        }
        var transfer = new SqliteToPostgres(_source.Options.DatabasePath, _target);

        var refused = await Assert.ThrowsAsync<TransferException>(() => transfer.CopyAsync(10, null, null, default));

        Assert.Contains("already holds data", refused.Message, StringComparison.Ordinal);
        await using var check = TargetContext();
        Assert.Equal(1, await check.Users.CountAsync());
        Assert.Equal(0, await check.Images.CountAsync());
    }

    [Fact]
    public async Task Copy_PartOfAnotherSource_IsNotResumedFromThisOne()
    {
        await SeedAsync(_source);
        var other = new TempDatabase();
        await other.InitializeAsync();
        try
        {
            await other.Store.StoreAsync(FakePng(700), "other.png", 10, 10, [Read("XY123ZZ", "XY-123-ZZ")], default);
            await new SqliteToPostgres(other.Options.DatabasePath, _target).CopyAsync(1, maxBatches: 1, progress: null, default);

            var refused = await Assert.ThrowsAsync<TransferException>(
                () => new SqliteToPostgres(_source.Options.DatabasePath, _target).CopyAsync(10, null, null, default));

            Assert.Contains("another SQLite database", refused.Message, StringComparison.Ordinal);
        }
        finally
        {
            await other.DisposeAsync();
        }
    }

    [Fact]
    public async Task Copy_RowTooLongForPostgres_StopsWithTheTableAndKeepsWhatWasCopied()
    {
        await SeedAsync(_source);
        long longId;
        await using (var db = await _source.DbFactory.CreateDbContextAsync())
        {
            // SQLite does not hold text to its declared length (260 here); PostgreSQL refuses it.
            var image = await db.Images.OrderBy(i => i.Id).LastAsync();
            image.OriginalFileName = new string('x', 300) + ".png";
            longId = image.Id;
            await db.SaveChangesAsync();
        }
        var transfer = new SqliteToPostgres(_source.Options.DatabasePath, _target);

        var refused = await Assert.ThrowsAsync<TransferException>(() => transfer.CopyAsync(1, null, null, default));

        Assert.Contains($"a row of Images with key {longId}", refused.Message, StringComparison.Ordinal);
        Assert.Contains("run again", refused.Message, StringComparison.Ordinal);
        await using var check = TargetContext();
        Assert.Equal(longId - 1, await check.Images.CountAsync());
    }

    [Fact]
    public async Task Copy_MissingFileOrUnreachableServer_SaysWhichInWords()
    {
        var missing = Path.Combine(_source.Options.DataDirectory, "nope.db");
        var noFile = await Assert.ThrowsAsync<TransferException>(
            () => new SqliteToPostgres(missing, _target).CopyAsync(10, null, null, default));
        var closedPort = new NpgsqlConnectionStringBuilder(_target) { Port = FreePort(), Timeout = 5, Password = "secret" }.ConnectionString;
        var noServer = await Assert.ThrowsAsync<TransferException>(
            () => new SqliteToPostgres(_source.Options.DatabasePath, closedPort).VerifyAsync(null, default));

        Assert.Contains("does not exist", noFile.Message, StringComparison.Ordinal);
        Assert.StartsWith("Cannot connect to PostgreSQL database", noServer.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", noServer.Message, StringComparison.Ordinal);
    }

    private PlateDbContext TargetContext() =>
        new(PlateDatabase.Options(new DataOptions { Provider = DatabaseProvider.Postgres, ConnectionString = _target }));

    private sealed record Seeded(long CorrectedReadId, DateTimeOffset LockoutEnd, DateTime AuditAt);

    /// <summary>Rows in every table of the model, through the store where it has a method and through EF Core elsewhere.</summary>
    private static async Task<Seeded> SeedAsync(TempDatabase source)
    {
        var t0 = new DateTime(2026, 11, 3, 7, 15, 30, DateTimeKind.Utc);
        var plates = new[] { "AB123CD", "AB123CD", "EF456GH", "IJ789KL", "MN012OP", "QR345ST", "UV678WX" };
        var readIds = new List<long>();
        for (var i = 0; i < plates.Length; i++)
        {
            var text = plates[i];
            var display = $"{text[..2]}-{text[2..5]}-{text[5..]}";
            var stored = await source.Store.StoreAsync(FakePng(100 + i), $"{i}.png", 10, 10, [Read(text, display, 0.5f + i / 20f)], default);
            readIds.Add(stored.Image.Reads.Single().Id);
        }
        var correctedId = readIds[1];
        await source.Store.CorrectAsync(correctedId, "AB-123-CE", default, "alice");
        var lockout = new DateTimeOffset(2027, 1, 2, 3, 4, 5, TimeSpan.FromHours(2));
        var auditAt = t0.AddTicks(1234567);

        await using var db = await source.DbFactory.CreateDbContextAsync();
        var alice = new IdentityUser("alice") { NormalizedUserName = "ALICE", PasswordHash = "hash-of-alice", LockoutEnd = lockout, LockoutEnabled = true };
        var bob = new IdentityUser("bob") { NormalizedUserName = "BOB" };
        var admin = new IdentityRole("admin") { NormalizedName = "ADMIN" };
        db.Users.AddRange(alice, bob);
        db.Roles.Add(admin);
        db.UserRoles.Add(new IdentityUserRole<string> { UserId = alice.Id, RoleId = admin.Id });
        db.UserClaims.Add(new IdentityUserClaim<string> { UserId = alice.Id, ClaimType = "tz", ClaimValue = "Europe/Paris" });
        db.UserLogins.Add(new IdentityUserLogin<string> { UserId = bob.Id, LoginProvider = "oidc", ProviderKey = "bob-1", ProviderDisplayName = "OIDC" });
        db.UserTokens.Add(new IdentityUserToken<string> { UserId = alice.Id, LoginProvider = "[AspNetUserStore]", Name = "AuthenticatorKey", Value = "KEY" });
        db.RoleClaims.Add(new IdentityRoleClaim<string> { RoleId = admin.Id, ClaimType = "scope", ClaimValue = "all" });
        db.ApiKeys.Add(new ApiKey { Name = "camera", Prefix = "pw_ab12", Hash = new string('a', 64), Scopes = ApiKeyScopes.Read | ApiKeyScopes.Upload, CreatedAt = t0 });
        var conversation = new Conversation { OwnerId = alice.Id, Title = "AB-123-CD?", CreatedAt = t0, UpdatedAt = t0.AddMinutes(1), ContextReadId = readIds[0] };
        conversation.Messages.Add(new ChatMessage { Role = ChatMessageRole.User, Text = "When was AB-123-CD seen?", CreatedAt = t0 });
        conversation.Messages.Add(new ChatMessage { Role = ChatMessageRole.Assistant, Text = "Twice [1].", CreatedAt = t0.AddSeconds(2), SourcesJson = "[1]" });
        db.Conversations.Add(conversation);
        db.AuditEntries.Add(new AuditEntry { At = auditAt, User = "alice", Action = AuditAction.Corrected, TargetId = correctedId, Detail = "ticks" });
        db.DataProtectionKeys.Add(new Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey { FriendlyName = "key-1", Xml = "<key id=\"1\" />" });
        db.NotAPlateMarks.Add(new NotAPlateMark { ReadId = readIds[6], MarkedAt = t0, MarkedBy = "alice" });
        var watchlist = new Watchlist { Name = "Stolen", CreatedAt = t0 };
        watchlist.Entries.Add(new WatchlistEntry { Pattern = "EF456GH", Label = "van", CreatedAt = t0, ExpiresAt = t0.AddDays(30) });
        db.Watchlists.Add(watchlist);
        var rule = new AlertRule { Name = "Stolen at night", Watchlist = watchlist, FromHour = 22, ToHour = 6, TimeZone = "Europe/Paris", WebhookUrl = "https://example.invalid/hook", CreatedAt = t0 };
        db.AlertRules.Add(rule);
        var camera = new Camera { Name = "Gate", ProtectedSource = "protected", SourceDisplay = "rtsp://***@gate", RoiX = 0.25f, RoiY = 0.1f, RoiWidth = 0.5f, RoiHeight = 0.3f, FramesPerSecond = 2.5, CreatedAt = t0 };
        db.Cameras.Add(camera);
        await db.SaveChangesAsync();
        db.AlertDeliveries.Add(new AlertDelivery { RuleId = rule.Id, RuleName = rule.Name, ReadId = readIds[2], Channel = AlertChannel.Webhook, Target = "https://example.invalid/hook", Status = DeliveryStatus.Delivered, StatusCode = 200, Attempts = 1, CreatedAt = t0, LastAttemptAt = t0, LatencyMs = 12.345 });
        db.WorkerHeartbeats.Add(new WorkerHeartbeat { Name = "ocr-1", Host = "worker-a", ProcessId = 4242, Version = "1.0.0", HeartbeatSeconds = 15, StartedAt = t0, LastSeenAt = t0.AddSeconds(45), LastJobAt = t0.AddSeconds(40), JobsDone = 12, JobsFailed = 1 });
        db.VehiclePasses.Add(new VehiclePass { CameraId = camera.Id, StartedAt = t0, EndedAt = t0.AddSeconds(1.5), Text = "IJ-789-KL", NormalizedText = "IJ789KL", Confidence = 0.875f, FrameCount = 7, Direction = "in", BestImageId = 4, BestReadId = readIds[3] });
        await db.SaveChangesAsync();
        return new Seeded(correctedId, lockout, auditAt);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class Factory(DbContextOptions<PlateDbContext> options) : IDbContextFactory<PlateDbContext>
    {
        public PlateDbContext CreateDbContext() => new(options);
    }
}
