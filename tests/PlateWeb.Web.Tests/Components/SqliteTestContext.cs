using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PlateWeb.Data;
using PlateWeb.Data.Storage;

namespace PlateWeb.Web.Tests.Components;

/// <summary>The shared MudBlazor context plus a real, migrated SQLite store in a temporary folder.</summary>
public abstract class SqliteTestContext : MudTestContext, IAsyncLifetime
{
    private readonly DataOptions _data = new()
    {
        DataDirectory = Path.Combine(Path.GetTempPath(), "plateweb-component-tests-" + Guid.NewGuid().ToString("N")),
    };

    protected SqliteTestContext()
    {
        Services.AddSingleton(Options.Create(_data));
        Services.AddDbContextFactory<PlateDbContext>(o => o.UseSqlite($"Data Source={_data.DatabasePath}"));
        Services.AddSingleton(TimeProvider.System);
        Services.AddSingleton<ILogger<PlateStore>>(NullLogger<PlateStore>.Instance);
        Services.AddSingleton<PlateStore>();
        Services.AddSingleton<ILogger<PlateWeb.Data.Privacy.PlatePrivacy>>(NullLogger<PlateWeb.Data.Privacy.PlatePrivacy>.Instance);
        Services.AddSingleton<PlateWeb.Data.Privacy.PlatePrivacy>();
        Services.AddSingleton<IReadQueries, ReadQueries>();
        Services.AddSingleton<BulkReads>();
    }

    async Task IAsyncLifetime.InitializeAsync()
    {
        Directory.CreateDirectory(_data.DataDirectory);
        await using var db = await Services.GetRequiredService<IDbContextFactory<PlateDbContext>>().CreateDbContextAsync();
        await db.Database.MigrateAsync();
        await AddUserAsync("admin", TestUserId);
    }

    /// <summary>An account row, so that conversations can name it as their owner.</summary>
    protected async Task<ChatUser> AddUserAsync(string userName, string? id = null, bool admin = false)
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<PlateDbContext>>().CreateDbContextAsync();
        var user = new Microsoft.AspNetCore.Identity.IdentityUser(userName) { NormalizedUserName = userName.ToUpperInvariant() };
        if (id is not null) user.Id = id;
        db.Users.Add(user);
        await db.SaveChangesAsync();
        return new ChatUser(user.Id, admin || id == TestUserId);
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_data.DataDirectory, recursive: true);
    }
}
