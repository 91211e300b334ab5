using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PlateWeb.Data.Entities;

namespace PlateWeb.Data.Configurations;

internal sealed class CameraConfiguration : IEntityTypeConfiguration<Camera>
{
    public void Configure(EntityTypeBuilder<Camera> builder)
    {
        builder.ToTable("Cameras");
        builder.Property(c => c.Name).HasMaxLength(100).IsRequired();
        builder.HasIndex(c => c.Name).IsUnique();
        builder.Property(c => c.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.AfterRead).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.ProtectedSource).HasMaxLength(4000).IsRequired();
        builder.Property(c => c.SourceDisplay).HasMaxLength(2000).IsRequired();
        builder.Property(c => c.CountryHint).HasMaxLength(8);
    }
}

internal sealed class VehiclePassConfiguration : IEntityTypeConfiguration<VehiclePass>
{
    public void Configure(EntityTypeBuilder<VehiclePass> builder)
    {
        builder.ToTable("VehiclePasses");
        builder.Property(p => p.Text).HasMaxLength(32).IsRequired();
        builder.Property(p => p.NormalizedText).HasMaxLength(32).IsRequired();
        builder.Property(p => p.Direction).HasMaxLength(8);
        builder.HasOne(p => p.Camera).WithMany().HasForeignKey(p => p.CameraId).OnDelete(DeleteBehavior.Cascade);
        // The image and read of the best frame may be deleted from History; the pass stays.
        builder.HasOne<StoredImage>().WithMany().HasForeignKey(p => p.BestImageId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<PlateReadEntity>().WithMany().HasForeignKey(p => p.BestReadId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(p => new { p.CameraId, p.EndedAt });
        builder.HasIndex(p => p.NormalizedText);
    }
}
