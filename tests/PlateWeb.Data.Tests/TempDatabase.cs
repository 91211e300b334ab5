using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PlateWeb.Data.Storage;

namespace PlateWeb.Data.Tests;

/// <summary>A real SQLite file in a temporary data folder, migrated like the app does at start-up.</summary>
public sealed class TempDatabase : IAsyncLifetime
{
    public DataOptions Options { get; } = new()
    {
        DataDirectory = Path.Combine(Path.GetTempPath(), "plateweb-data-tests-" + Guid.NewGuid().ToString("N")),
    };

    public IDbContextFactory<PlateDbContext> DbFactory { get; private set; } = null!;

    public PlateStore Store { get; private set; } = null!;

    public ReadQueries Queries { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        DbFactory = new Factory(new DbContextOptionsBuilder<PlateDbContext>().UseSqlite($"Data Source={Options.DatabasePath}").Options);
        Store = new PlateStore(DbFactory, Microsoft.Extensions.Options.Options.Create(Options), TimeProvider.System, NullLogger<PlateStore>.Instance);
        Queries = new ReadQueries(DbFactory);
        await new DatabaseInitializer(DbFactory, Microsoft.Extensions.Options.Options.Create(Options), Store, NullLogger<DatabaseInitializer>.Instance)
            .StartAsync(CancellationToken.None);
    }

    /// <summary>An account row (AspNetUsers), as the web app's sign-up would store it, for the conversations it owns.</summary>
    public async Task<ChatUser> AddUserAsync(string userName, bool admin = false)
    {
        var user = new Microsoft.AspNetCore.Identity.IdentityUser(userName) { NormalizedUserName = userName.ToUpperInvariant() };
        await using var db = await DbFactory.CreateDbContextAsync();
        db.Users.Add(user);
        await db.SaveChangesAsync();
        return new ChatUser(user.Id, admin);
    }

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(Options.DataDirectory, recursive: true);
        return Task.CompletedTask;
    }

    private sealed class Factory(DbContextOptions<PlateDbContext> options) : IDbContextFactory<PlateDbContext>
    {
        public PlateDbContext CreateDbContext() => new(options);
    }
}
