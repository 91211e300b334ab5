using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PlateWeb.Data.Entities;

namespace PlateWeb.Data.Configurations;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("AuditEntries");
        builder.Property(a => a.User).HasMaxLength(Storage.AuditLog.MaxUserLength).IsRequired();
        builder.Property(a => a.Action).HasConversion<string>().HasMaxLength(32);
        builder.Property(a => a.Detail).HasMaxLength(Storage.AuditLog.MaxDetailLength);
        // The audit page lists newest first.
        builder.HasIndex(a => a.At);
    }
}
