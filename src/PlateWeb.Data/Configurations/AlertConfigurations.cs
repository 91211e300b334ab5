using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PlateWeb.Data.Entities;

namespace PlateWeb.Data.Configurations;

internal sealed class WatchlistConfiguration : IEntityTypeConfiguration<Watchlist>
{
    public void Configure(EntityTypeBuilder<Watchlist> builder)
    {
        builder.ToTable("Watchlists");
        builder.Property(w => w.Name).HasMaxLength(80).IsRequired();
        builder.HasIndex(w => w.Name).IsUnique();
        builder.Property(w => w.Tolerance).HasConversion<string>().HasMaxLength(32);
        builder.HasMany(w => w.Entries).WithOne(e => e.Watchlist).HasForeignKey(e => e.WatchlistId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class WatchlistEntryConfiguration : IEntityTypeConfiguration<WatchlistEntry>
{
    public void Configure(EntityTypeBuilder<WatchlistEntry> builder)
    {
        builder.ToTable("WatchlistEntries");
        builder.Property(e => e.Pattern).HasMaxLength(20).IsRequired();
        builder.Property(e => e.Label).HasMaxLength(120);
        builder.HasIndex(e => new { e.WatchlistId, e.Pattern });
    }
}

internal sealed class AlertRuleConfiguration : IEntityTypeConfiguration<AlertRule>
{
    public void Configure(EntityTypeBuilder<AlertRule> builder)
    {
        builder.ToTable("AlertRules");
        builder.Property(r => r.Name).HasMaxLength(80).IsRequired();
        builder.Property(r => r.Trigger).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.CameraIds).HasMaxLength(400);
        builder.Property(r => r.TimeZone).HasMaxLength(64);
        builder.Property(r => r.WebhookUrl).HasMaxLength(2000);
        // A list used by a rule cannot be deleted from under it: the page says so.
        builder.HasOne(r => r.Watchlist).WithMany().HasForeignKey(r => r.WatchlistId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AlertDeliveryConfiguration : IEntityTypeConfiguration<AlertDelivery>
{
    public void Configure(EntityTypeBuilder<AlertDelivery> builder)
    {
        builder.ToTable("AlertDeliveries");
        builder.Property(d => d.RuleName).HasMaxLength(80).IsRequired();
        builder.Property(d => d.Channel).HasConversion<string>().HasMaxLength(16);
        builder.Property(d => d.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(d => d.Target).HasMaxLength(2000).IsRequired();
        builder.Property(d => d.Error).HasMaxLength(500);
        // The deliveries page lists newest first; no foreign key: the log outlives rules and reads.
        builder.HasIndex(d => d.CreatedAt);
    }
}
