using Microsoft.EntityFrameworkCore;
using PlateWeb.Data.Entities;

namespace PlateWeb.Data;

public sealed class PlateDbContext(DbContextOptions<PlateDbContext> options) : DbContext(options)
{
    public DbSet<StoredImage> Images => Set<StoredImage>();

    public DbSet<PlateReadEntity> Reads => Set<PlateReadEntity>();

    public DbSet<Conversation> Conversations => Set<Conversation>();

    public DbSet<ChatMessage> ChatMessages => Set<ChatMessage>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(PlateDbContext).Assembly);
}
