using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using PlateWeb.Data.Entities;
using PlateWeb.Data.Postgres;

namespace PlateWeb.Data;

/// <summary>The history, its audit, the API keys and the accounts (ASP.NET Core Identity) in one SQLite or PostgreSQL database (<see cref="PlateDatabase"/>).</summary>
public sealed class PlateDbContext(DbContextOptions<PlateDbContext> options) : IdentityDbContext<IdentityUser>(options), IDataProtectionKeyContext
{
    /// <summary>
    /// The ASP.NET data-protection key ring when several web nodes share the database (Scale:Mode=Shared): cookies,
    /// antiforgery tokens and protected camera credentials made by one node are read by every other.
    /// </summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<StoredImage> Images => Set<StoredImage>();

    public DbSet<PlateReadEntity> Reads => Set<PlateReadEntity>();

    /// <summary>One row per distinct plate, kept by triggers on PlateReads (<see cref="Storage.PlateSummaryIndex"/>); read only.</summary>
    public DbSet<PlateSummary> PlateSummaries => Set<PlateSummary>();

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    public DbSet<Conversation> Conversations => Set<Conversation>();

    public DbSet<ChatMessage> ChatMessages => Set<ChatMessage>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    /// <summary>Reads marked "not a plate": hidden from the history, the chat and the exports, kept for training.</summary>
    public DbSet<NotAPlateMark> NotAPlateMarks => Set<NotAPlateMark>();

    public DbSet<Watchlist> Watchlists => Set<Watchlist>();

    public DbSet<WatchlistEntry> WatchlistEntries => Set<WatchlistEntry>();

    public DbSet<AlertRule> AlertRules => Set<AlertRule>();

    public DbSet<AlertDelivery> AlertDeliveries => Set<AlertDelivery>();

    public DbSet<Camera> Cameras => Set<Camera>();

    public DbSet<VehiclePass> VehiclePasses => Set<VehiclePass>();

    /// <summary>The `platectl worker` processes that announced themselves (<see cref="Workers.WorkerDirectory"/>).</summary>
    public DbSet<WorkerHeartbeat> WorkerHeartbeats => Set<WorkerHeartbeat>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        if (Database.IsNpgsql()) PostgresModel.ConfigureConventions(configurationBuilder);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(PlateDbContext).Assembly);
        if (Database.IsNpgsql()) PostgresModel.OnModelCreating(modelBuilder);
    }
}
