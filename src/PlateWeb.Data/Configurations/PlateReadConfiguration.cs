using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PlateWeb.Data.Entities;

namespace PlateWeb.Data.Configurations;

internal sealed class PlateReadConfiguration : IEntityTypeConfiguration<PlateReadEntity>
{
    public void Configure(EntityTypeBuilder<PlateReadEntity> builder)
    {
        builder.ToTable("PlateReads");
        builder.Property(r => r.Text).HasMaxLength(32).IsRequired();
        builder.Property(r => r.NormalizedText).HasMaxLength(32).IsRequired();
        builder.Property(r => r.Skeleton).HasMaxLength(32).IsRequired();
        builder.Property(r => r.Country).HasMaxLength(8);
        builder.Property(r => r.Format).HasMaxLength(32);
        builder.Property(r => r.CorrectedText).HasMaxLength(32);
        builder.Property(r => r.CorrectedSkeleton).HasMaxLength(32);
        // float[] is a primitive collection: EF stores it as a JSON array in one TEXT column.
        builder.Property(r => r.Quad).IsRequired();
        builder.HasIndex(r => r.NormalizedText);
        builder.HasIndex(r => r.Skeleton);
        builder.HasIndex(r => r.CorrectedSkeleton);
        builder.HasIndex(r => r.CreatedAt);
        builder.HasIndex(r => r.Country);
    }
}
