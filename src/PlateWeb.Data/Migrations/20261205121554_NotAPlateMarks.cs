using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PlateWeb.Data.Migrations
{
    /// <inheritdoc />
    public partial class NotAPlateMarks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "NotAPlateMarks",
                columns: table => new
                {
                    ReadId = table.Column<long>(type: "INTEGER", nullable: false),
                    MarkedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    MarkedBy = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NotAPlateMarks", x => x.ReadId);
                    table.ForeignKey(
                        name: "FK_NotAPlateMarks_PlateReads_ReadId",
                        column: x => x.ReadId,
                        principalTable: "PlateReads",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "NotAPlateMarks");
        }
    }
}
