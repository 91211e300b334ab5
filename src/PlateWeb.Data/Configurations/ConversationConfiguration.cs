using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PlateWeb.Data.Entities;

namespace PlateWeb.Data.Configurations;

internal sealed class ConversationConfiguration : IEntityTypeConfiguration<Conversation>
{
    public void Configure(EntityTypeBuilder<Conversation> builder)
    {
        builder.ToTable("Conversations");
        builder.Property(c => c.Title).HasMaxLength(Conversation.TitleMaxLength).IsRequired();
        builder.Property(c => c.ContextPlateText).HasMaxLength(32);
        builder.HasIndex(c => c.UpdatedAt);
        // A user's list is one index range, newest activity first.
        builder.HasIndex(c => new { c.OwnerId, c.UpdatedAt });
        // Deleting an account deletes the conversations it started (they are that person's data).
        builder.HasOne<IdentityUser>()
            .WithMany()
            .HasForeignKey(c => c.OwnerId)
            .OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(c => c.Messages)
            .WithOne(m => m.Conversation)
            .HasForeignKey(m => m.ConversationId)
            .OnDelete(DeleteBehavior.Cascade);
    }
}
