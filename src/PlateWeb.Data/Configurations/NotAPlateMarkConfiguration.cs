using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PlateWeb.Data.Entities;

namespace PlateWeb.Data.Configurations;

internal sealed class NotAPlateMarkConfiguration : IEntityTypeConfiguration<NotAPlateMark>
{
    public void Configure(EntityTypeBuilder<NotAPlateMark> builder)
    {
        builder.HasKey(m => m.ReadId);
        // A deleted read takes its mark with it.
        builder.HasOne(m => m.Read).WithOne().HasForeignKey<NotAPlateMark>(m => m.ReadId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(m => m.MarkedBy).HasMaxLength(128);
    }
}
