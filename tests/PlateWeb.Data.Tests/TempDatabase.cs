using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PlateWeb.Data.Storage;

namespace PlateWeb.Data.Tests;

/// <summary>
/// A real database migrated like the app does at start-up, with a temporary data folder for the images: a new SQLite
/// file, or (<see cref="TempDatabase(PostgresDatabase)"/>) the test class's PostgreSQL database, emptied.
/// </summary>
public sealed class TempDatabase : IAsyncLifetime
{
    private readonly PostgresDatabase? _postgres;

    /// <summary>A new SQLite file.</summary>
    public TempDatabase()
    {
    }

    /// <summary>The class's PostgreSQL database, emptied before the test.</summary>
    public TempDatabase(PostgresDatabase postgres)
    {
        _postgres = postgres;
        Options.Provider = DatabaseProvider.Postgres;
        Options.ConnectionString = postgres.ConnectionString;
    }

    public DataOptions Options { get; } = new()
    {
        DataDirectory = Path.Combine(Path.GetTempPath(), "plateweb-data-tests-" + Guid.NewGuid().ToString("N")),
    };

    public bool IsPostgres => _postgres is not null;

    public IDbContextFactory<PlateDbContext> DbFactory { get; private set; } = null!;

    public PlateStore Store { get; private set; } = null!;

    public ReadQueries Queries { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (_postgres is not null) await _postgres.ResetAsync();
        DbFactory = new Factory(PlateDatabase.Options(Options));
        Store = new PlateStore(DbFactory, Microsoft.Extensions.Options.Options.Create(Options), TimeProvider.System, NullLogger<PlateStore>.Instance);
        Queries = new ReadQueries(DbFactory);
        await new DatabaseInitializer(DbFactory, Microsoft.Extensions.Options.Options.Create(Options), Store, NullLogger<DatabaseInitializer>.Instance)
            .StartAsync(CancellationToken.None);
    }

    /// <summary>Options for a context of this database, for a test that adds its own (a logger, say).</summary>
    public DbContextOptionsBuilder<PlateDbContext> OptionsBuilder() =>
        (DbContextOptionsBuilder<PlateDbContext>)new DbContextOptionsBuilder<PlateDbContext>().UsePlateDatabase(Options);

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
        if (_postgres is null) SqliteConnection.ClearAllPools();
        if (Directory.Exists(Options.DataDirectory)) Directory.Delete(Options.DataDirectory, recursive: true);
        return Task.CompletedTask;
    }

    private sealed class Factory(DbContextOptions<PlateDbContext> options) : IDbContextFactory<PlateDbContext>
    {
        public PlateDbContext CreateDbContext() => new(options);
    }
}
