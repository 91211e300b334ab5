using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using PlateWeb.Data.Entities;

namespace PlateWeb.Data;

/// <summary>The history, its audit, the API keys and the accounts (ASP.NET Core Identity) in one SQLite database.</summary>
public sealed class PlateDbContext(DbContextOptions<PlateDbContext> options) : IdentityDbContext<IdentityUser>(options)
{
    public DbSet<StoredImage> Images => Set<StoredImage>();

    public DbSet<PlateReadEntity> Reads => Set<PlateReadEntity>();

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    public DbSet<Conversation> Conversations => Set<Conversation>();

    public DbSet<ChatMessage> ChatMessages => Set<ChatMessage>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<Camera> Cameras => Set<Camera>();

    public DbSet<VehiclePass> VehiclePasses => Set<VehiclePass>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(PlateDbContext).Assembly);
    }
}
