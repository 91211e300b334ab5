using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PlateWeb.Data.Migrations
{
    /// <inheritdoc />
    public partial class ApiKeyScopes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Scopes",
                table: "ApiKeys",
                type: "INTEGER",
                nullable: false,
                // The keys made before scopes keep what they could do: read, upload, delete and chat
                // (ApiKeyScopes.All, written out so this migration stays what it was).
                defaultValue: 15);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Scopes",
                table: "ApiKeys");
        }
    }
}
