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
        builder.HasOne<Camera>().WithMany().HasForeignKey(i => i.CameraId).OnDelete(DeleteBehavior.SetNull);
        builder.HasMany(i => i.Reads)
            .WithOne(r => r.Image)
            .HasForeignKey(r => r.ImageId)
            .OnDelete(DeleteBehavior.Cascade);
    }
}
