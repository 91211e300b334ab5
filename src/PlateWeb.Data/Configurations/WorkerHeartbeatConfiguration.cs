using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PlateWeb.Data.Entities;
using PlateWeb.Data.Workers;

namespace PlateWeb.Data.Configurations;

internal sealed class WorkerHeartbeatConfiguration : IEntityTypeConfiguration<WorkerHeartbeat>
{
    public void Configure(EntityTypeBuilder<WorkerHeartbeat> builder)
    {
        builder.ToTable("WorkerHeartbeats");
        builder.Property(w => w.Name).HasMaxLength(WorkerDirectory.MaxNameLength).IsRequired();
        builder.Property(w => w.Host).HasMaxLength(WorkerDirectory.MaxNameLength).IsRequired();
        builder.Property(w => w.Version).HasMaxLength(WorkerDirectory.MaxVersionLength).IsRequired();
        // The About page and /health list the most recently seen first; old rows are pruned by it.
        builder.HasIndex(w => w.LastSeenAt);
    }
}
