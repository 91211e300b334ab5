using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Logging.Abstractions;
using PlateWeb.Data.Entities;
using PlateWeb.Data.Storage;

namespace PlateWeb.Data.Tests;

public abstract class ApiKeyScopeTests(TempDatabase db) : IAsyncLifetime
{
    private protected readonly TempDatabase _db = db;

    public Task InitializeAsync() => _db.InitializeAsync();

    public Task DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task Create_WithScopes_ValidateReturnsThem()
    {
        var keys = new ApiKeyStore(_db.DbFactory, TimeProvider.System, NullLogger<ApiKeyStore>.Instance);

        var created = await keys.CreateAsync("camera", ApiKeyScopes.Upload | ApiKeyScopes.Read, CancellationToken.None);
        var valid = await keys.ValidateAsync(created.Secret, CancellationToken.None);

        Assert.Equal(ApiKeyScopes.Upload | ApiKeyScopes.Read, valid?.Scopes);
        await Assert.ThrowsAsync<ArgumentException>(() => keys.CreateAsync("nothing", ApiKeyScopes.None, CancellationToken.None));
    }

    [Theory]
    [InlineData("read,upload", ApiKeyScopes.Read | ApiKeyScopes.Upload)]
    [InlineData(" Delete , CHAT ", ApiKeyScopes.Delete | ApiKeyScopes.Chat)]
    [InlineData("all", ApiKeyScopes.All)]
    [InlineData("admin", ApiKeyScopes.Admin)]
    [InlineData("all,admin", ApiKeyScopes.All | ApiKeyScopes.Admin)]
    [InlineData("read,write", null)]
    [InlineData("1", null)]
    [InlineData("", null)]
    [InlineData("none", null)]
    public void Parse_ScopeList(string text, ApiKeyScopes? expected) => Assert.Equal(expected, ApiKeyStore.Parse(text));

    [Fact]
    public async Task Admin_IsNotInAll_AndIsGivenOnlyByName()
    {
        var keys = new ApiKeyStore(_db.DbFactory, TimeProvider.System, NullLogger<ApiKeyStore>.Instance);

        var admin = await keys.CreateAsync("provisioning", ApiKeyScopes.Admin | ApiKeyScopes.Read, CancellationToken.None);
        var all = await keys.CreateAsync("old script", ApiKeyScopes.All, CancellationToken.None);

        Assert.False(ApiKeyScopes.All.HasFlag(ApiKeyScopes.Admin));
        Assert.Equal(16, (int)ApiKeyScopes.Admin);
        Assert.Equal("read,admin", ApiKeyStore.Format((await keys.ValidateAsync(admin.Secret, CancellationToken.None))!.Scopes));
        Assert.Equal("read,upload,delete,chat", ApiKeyStore.Format((await keys.ValidateAsync(all.Secret, CancellationToken.None))!.Scopes));
        await Assert.ThrowsAsync<ArgumentException>(() => keys.CreateAsync("unknown", (ApiKeyScopes)32, CancellationToken.None));
    }
}

public sealed class ApiKeyScopeSqliteTests() : ApiKeyScopeTests(new TempDatabase())
{
    [Fact]
    public async Task Migration_KeysMadeBeforeScopes_KeepEveryScope()
    {
        // A database as the previous version left it, with one key; then the scopes migration.
        var path = Path.Combine(_db.Options.DataDirectory, "old.db");
        var options = new DbContextOptionsBuilder<PlateDbContext>().UseSqlite($"Data Source={path}").Options;
        await using (var old = new PlateDbContext(options))
        {
            await old.GetService<IMigrator>().MigrateAsync("20261204200645_EffectiveTextAndLastQuery");
            await old.Database.ExecuteSqlRawAsync(
                "INSERT INTO ApiKeys (Name, Prefix, Hash, CreatedAt) VALUES ('old script', 'pw_abcdefg', 'hash', '2026-12-01 00:00:00')");
        }

        await using var db = new PlateDbContext(options);
        await db.Database.MigrateAsync();

        Assert.Equal(ApiKeyScopes.All, (await db.ApiKeys.SingleAsync()).Scopes);
        SqliteConnection.ClearAllPools();
    }
}

public sealed class ApiKeyScopePostgresTests(PostgresDatabase database) : ApiKeyScopeTests(new TempDatabase(database)), IClassFixture<PostgresDatabase>;
