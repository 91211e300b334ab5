using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PlateWeb.Data.Entities;

namespace PlateWeb.Data.Configurations;

internal sealed class PlateSummaryConfiguration : IEntityTypeConfiguration<PlateSummary>
{
    public void Configure(EntityTypeBuilder<PlateSummary> builder)
    {
        builder.ToTable("PlateSummaries");
        builder.HasKey(p => p.EffectiveText);
        builder.Property(p => p.EffectiveText).HasMaxLength(32);
        builder.Property(p => p.Skeleton).HasMaxLength(32).IsRequired();
        builder.Property(p => p.SkeletonTail).HasMaxLength(32).IsRequired();
        // The one-edit plate lookup: equal skeletons, prefix ranges of the skeleton, equal tails.
        builder.HasIndex(p => p.Skeleton);
        builder.HasIndex(p => p.SkeletonTail);
        // "Not seen since", "new plates", "seen once", "most seen": ranges or orders of these.
        builder.HasIndex(p => p.LastAt);
        builder.HasIndex(p => p.FirstAt);
        builder.HasIndex(p => new { p.Reads, p.LastAt });
    }
}
