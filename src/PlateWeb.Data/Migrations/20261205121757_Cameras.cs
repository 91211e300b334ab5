using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PlateWeb.Data.Migrations
{
    /// <inheritdoc />
    public partial class Cameras : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "CameraId",
                table: "PlateReads",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "CameraId",
                table: "Images",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "CapturedAt",
                table: "Images",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "Cameras",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ProtectedSource = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    SourceDisplay = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    AfterRead = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    RoiX = table.Column<float>(type: "REAL", nullable: true),
                    RoiY = table.Column<float>(type: "REAL", nullable: true),
                    RoiWidth = table.Column<float>(type: "REAL", nullable: true),
                    RoiHeight = table.Column<float>(type: "REAL", nullable: true),
                    FramesPerSecond = table.Column<double>(type: "REAL", nullable: false),
                    CountryHint = table.Column<string>(type: "TEXT", maxLength: 8, nullable: true),
                    RetentionDays = table.Column<int>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Cameras", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "VehiclePasses",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CameraId = table.Column<int>(type: "INTEGER", nullable: false),
                    StartedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    EndedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    NormalizedText = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Confidence = table.Column<float>(type: "REAL", nullable: false),
                    CharConfidencesJson = table.Column<string>(type: "TEXT", nullable: false),
                    ReadsJson = table.Column<string>(type: "TEXT", nullable: false),
                    FrameCount = table.Column<int>(type: "INTEGER", nullable: false),
                    Direction = table.Column<string>(type: "TEXT", maxLength: 8, nullable: true),
                    BestImageId = table.Column<long>(type: "INTEGER", nullable: true),
                    BestReadId = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_VehiclePasses", x => x.Id);
                    table.ForeignKey(
                        name: "FK_VehiclePasses_Cameras_CameraId",
                        column: x => x.CameraId,
                        principalTable: "Cameras",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_VehiclePasses_Images_BestImageId",
                        column: x => x.BestImageId,
                        principalTable: "Images",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_VehiclePasses_PlateReads_BestReadId",
                        column: x => x.BestReadId,
                        principalTable: "PlateReads",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PlateReads_CameraId_CreatedAt",
                table: "PlateReads",
                columns: new[] { "CameraId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Images_CameraId",
                table: "Images",
                column: "CameraId");

            migrationBuilder.CreateIndex(
                name: "IX_Cameras_Name",
                table: "Cameras",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_VehiclePasses_BestImageId",
                table: "VehiclePasses",
                column: "BestImageId");

            migrationBuilder.CreateIndex(
                name: "IX_VehiclePasses_BestReadId",
                table: "VehiclePasses",
                column: "BestReadId");

            migrationBuilder.CreateIndex(
                name: "IX_VehiclePasses_CameraId_EndedAt",
                table: "VehiclePasses",
                columns: new[] { "CameraId", "EndedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_VehiclePasses_NormalizedText",
                table: "VehiclePasses",
                column: "NormalizedText");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "VehiclePasses");

            migrationBuilder.DropTable(
                name: "Cameras");

            migrationBuilder.DropIndex(
                name: "IX_PlateReads_CameraId_CreatedAt",
                table: "PlateReads");

            migrationBuilder.DropIndex(
                name: "IX_Images_CameraId",
                table: "Images");

            migrationBuilder.DropColumn(
                name: "CameraId",
                table: "PlateReads");

            migrationBuilder.DropColumn(
                name: "CameraId",
                table: "Images");

            migrationBuilder.DropColumn(
                name: "CapturedAt",
                table: "Images");
        }
    }
}
