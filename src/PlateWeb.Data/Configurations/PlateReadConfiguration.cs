using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PlateWeb.Data.Entities;
using PlateWeb.Data.Storage;

namespace PlateWeb.Data.Configurations;

internal sealed class PlateReadConfiguration : IEntityTypeConfiguration<PlateReadEntity>
{
    public void Configure(EntityTypeBuilder<PlateReadEntity> builder)
    {
        // The triggers keep the ReadSkeletons full-text index in step (created by the HistorySearchIndexes
        // migration); declaring them stops EF Core from using RETURNING, which SQLite does not allow with them.
        builder.ToTable("PlateReads", table =>
        {
            table.HasTrigger(SkeletonIndex.InsertTrigger);
            table.HasTrigger(SkeletonIndex.DeleteTrigger);
            table.HasTrigger(SkeletonIndex.UpdateTrigger);
            table.HasTrigger(PlateSummaryIndex.InsertTrigger);
            table.HasTrigger(PlateSummaryIndex.DeleteTrigger);
            table.HasTrigger(PlateSummaryIndex.UpdateTrigger);
        });
        builder.Property(r => r.Text).HasMaxLength(32).IsRequired();
        builder.Property(r => r.NormalizedText).HasMaxLength(32).IsRequired();
        builder.Property(r => r.Skeleton).HasMaxLength(32).IsRequired();
        builder.Property(r => r.Country).HasMaxLength(8);
        builder.Property(r => r.Format).HasMaxLength(32);
        builder.Property(r => r.CorrectedText).HasMaxLength(32);
        builder.Property(r => r.CorrectedSkeleton).HasMaxLength(32);
        builder.Property(r => r.CorrectedBy).HasMaxLength(256);
        builder.Property(r => r.OcrCountry).HasMaxLength(8);
        builder.Property(r => r.OcrFormat).HasMaxLength(32);
        // float[] is a primitive collection: EF stores it as a JSON array in one TEXT column.
        builder.Property(r => r.Quad).IsRequired();
        builder.HasIndex(r => r.NormalizedText);
        builder.HasIndex(r => new { r.CameraId, r.CreatedAt });
        builder.Property(r => r.EffectiveText).HasMaxLength(32).IsRequired();
        // The chat's plate aggregates (top plates, seen N times, distinct plates, one plate's reads) group or
        // look up by the effective text; with CreatedAt beside it the grouping reads this index in order, never
        // the table, and needs no sort: measured with `platectl ask-bench`, "plates seen only once" went from
        // ~900 ms to ~60 ms at 100 000 reads (p50; docs/PERFORMANCE.md).
        builder.HasIndex(r => new { r.EffectiveText, r.CreatedAt });
        // The chat's tolerant plate lookup ("AB1Z3CD", one character more or less) tests every skeleton with
        // IN and LIKE '_': a scan of this narrow index rather than of the table ("AB12CD": ~270 ms to ~110 ms, p50).
        builder.HasIndex(r => new { r.Skeleton, r.CorrectedSkeleton, r.EffectiveText });
        // The chat's time-of-day filter ("at night", "after 22:00") reads ranges of this index instead of computing the
        // local hour of every read: "Combien de lectures la nuit ?" over 100 000 reads went from ~73 ms to ~10 ms (p50, docs/PERFORMANCE.md).
        // Virtual: SQLite computes the value when it writes the index entry, and ALTER TABLE can add such a column.
        builder.Property(r => r.CreatedMinute).HasComputedColumnSql(PlateReadEntity.CreatedMinuteSql, stored: false);
        // Confidence rides along, so "below 60 % in the evening" counts in the index. With a country, SQLite (no ANALYZE
        // statistics) prefers the Country index and fetches every row of that country to compute the virtual column:
        // (Country, CreatedMinute, …) makes "German plates between 8 and 9" one index range (~25 ms to ~0.1 ms in SQL).
        builder.HasIndex(r => new { r.CreatedMinute, r.CreatedAt, r.Confidence });
        builder.HasIndex(r => new { r.Country, r.CreatedMinute, r.CreatedAt });
        // Corrected reads are few: "which reads were corrected" and the plate lookup's "CorrectedSkeleton IN (…)" read
        // this partial index instead of every entry of the (Skeleton, CorrectedSkeleton, …) one.
        builder.HasIndex(r => new { r.CorrectedSkeleton, r.EffectiveText }).HasFilter("\"CorrectedSkeleton\" IS NOT NULL");
        // Skeleton search goes through the ReadSkeletons trigram index: a B-tree index on Skeleton
        // cannot serve LIKE '%…%'. The History filters (date range, country, minimum confidence) and the
        // charts (which count the corrected text, else the engine's) read these covering indexes, not the
        // table: measured with `platectl bench-history`, the charts went from ~200 ms to ~20 ms at 100 000 reads.
        builder.HasIndex(r => new { r.CreatedAt, r.Confidence, r.Country, r.Text, r.CorrectedText });
        builder.HasIndex(r => new { r.Country, r.CreatedAt, r.Confidence, r.Text, r.CorrectedText });
        // Narrow, for the country filter's list (SELECT DISTINCT Country).
        builder.HasIndex(r => r.Country);
    }
}
