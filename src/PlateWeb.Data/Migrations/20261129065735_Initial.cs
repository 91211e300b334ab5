using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PlateWeb.Data.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Images",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    SizeBytes = table.Column<long>(type: "INTEGER", nullable: false),
                    Width = table.Column<int>(type: "INTEGER", nullable: false),
                    Height = table.Column<int>(type: "INTEGER", nullable: false),
                    UploadedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    StoredPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    OriginalFileName = table.Column<string>(type: "TEXT", maxLength: 260, nullable: false),
                    NoPlateFound = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Images", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PlateReads",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ImageId = table.Column<long>(type: "INTEGER", nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    NormalizedText = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Skeleton = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Confidence = table.Column<float>(type: "REAL", nullable: false),
                    Quad = table.Column<string>(type: "TEXT", nullable: false),
                    Country = table.Column<string>(type: "TEXT", maxLength: 8, nullable: true),
                    Format = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    Explanation = table.Column<string>(type: "TEXT", nullable: true),
                    RawText = table.Column<string>(type: "TEXT", nullable: false),
                    CandidatesJson = table.Column<string>(type: "TEXT", nullable: false),
                    CorrectedText = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    CorrectedSkeleton = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    CorrectedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PlateReads", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PlateReads_Images_ImageId",
                        column: x => x.ImageId,
                        principalTable: "Images",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Images_Sha256",
                table: "Images",
                column: "Sha256",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Images_UploadedAt",
                table: "Images",
                column: "UploadedAt");

            migrationBuilder.CreateIndex(
                name: "IX_PlateReads_CorrectedSkeleton",
                table: "PlateReads",
                column: "CorrectedSkeleton");

            migrationBuilder.CreateIndex(
                name: "IX_PlateReads_Country",
                table: "PlateReads",
                column: "Country");

            migrationBuilder.CreateIndex(
                name: "IX_PlateReads_CreatedAt",
                table: "PlateReads",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_PlateReads_ImageId",
                table: "PlateReads",
                column: "ImageId");

            migrationBuilder.CreateIndex(
                name: "IX_PlateReads_NormalizedText",
                table: "PlateReads",
                column: "NormalizedText");

            migrationBuilder.CreateIndex(
                name: "IX_PlateReads_Skeleton",
                table: "PlateReads",
                column: "Skeleton");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PlateReads");

            migrationBuilder.DropTable(
                name: "Images");
        }
    }
}
