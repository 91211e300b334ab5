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
        // "Not seen since", "new plates", "seen once", "most seen": ranges or orders of these, covering (nearly every
        // plate may be "not seen since Monday" or "seen once": counted in the index, never in the table).
        builder.HasIndex(p => new { p.LastAt, p.EffectiveText });
        builder.HasIndex(p => new { p.FirstAt, p.LastAt, p.EffectiveText });
        builder.HasIndex(p => new { p.Reads, p.LastAt, p.EffectiveText });
    }
}
