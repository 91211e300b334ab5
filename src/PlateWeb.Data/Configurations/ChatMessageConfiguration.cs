using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PlateWeb.Data.Entities;

namespace PlateWeb.Data.Configurations;

internal sealed class ChatMessageConfiguration : IEntityTypeConfiguration<ChatMessage>
{
    public void Configure(EntityTypeBuilder<ChatMessage> builder)
    {
        builder.ToTable("ChatMessages");
        // "User" / "Assistant" rather than 0 / 1: the table stays readable with the sqlite3 shell.
        builder.Property(m => m.Role).HasConversion<string>().HasMaxLength(16);
        builder.Property(m => m.Text).IsRequired();
        builder.Property(m => m.SourcesJson).IsRequired();
        builder.HasIndex(m => new { m.ConversationId, m.CreatedAt });
    }
}
