using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PlateWeb.Data.Migrations
{
    /// <inheritdoc />
    public partial class ConversationOwners : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "OwnerId",
                table: "Conversations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Conversations_OwnerId_UpdatedAt",
                table: "Conversations",
                columns: new[] { "OwnerId", "UpdatedAt" });

            migrationBuilder.AddForeignKey(
                name: "FK_Conversations_AspNetUsers_OwnerId",
                table: "Conversations",
                column: "OwnerId",
                principalTable: "AspNetUsers",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Conversations_AspNetUsers_OwnerId",
                table: "Conversations");

            migrationBuilder.DropIndex(
                name: "IX_Conversations_OwnerId_UpdatedAt",
                table: "Conversations");

            migrationBuilder.DropColumn(
                name: "OwnerId",
                table: "Conversations");
        }
    }
}
