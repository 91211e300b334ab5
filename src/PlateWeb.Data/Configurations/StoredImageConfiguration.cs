using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PlateWeb.Data.Entities;

namespace PlateWeb.Data.Configurations;

internal sealed class StoredImageConfiguration : IEntityTypeConfiguration<StoredImage>
{
    public void Configure(EntityTypeBuilder<StoredImage> builder)
    {
        builder.ToTable("Images");
        builder.Property(i => i.Sha256).HasMaxLength(64).IsRequired();
        builder.HasIndex(i => i.Sha256).IsUnique();
        builder.Property(i => i.StoredPath).HasMaxLength(200).IsRequired();
        builder.Property(i => i.OriginalFileName).HasMaxLength(260).IsRequired();
        builder.HasIndex(i => i.UploadedAt);
        // No foreign key on CameraId here nor on reads: adding one makes SQLite rebuild the table, which would drop
        // the skeleton index's triggers; CameraStore.DeleteAsync clears the column itself.
        builder.HasIndex(i => i.CameraId);
        builder.HasMany(i => i.Reads)
            .WithOne(r => r.Image)
            .HasForeignKey(r => r.ImageId)
            .OnDelete(DeleteBehavior.Cascade);
    }
}
