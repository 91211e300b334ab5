using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PlateWeb.Data.Migrations
{
    /// <inheritdoc />
    public partial class ChatGroundingIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "CreatedMinute",
                table: "PlateReads",
                type: "INTEGER",
                nullable: false,
                computedColumnSql: "CAST(substr(\"CreatedAt\", 12, 2) AS INTEGER) * 60 + CAST(substr(\"CreatedAt\", 15, 2) AS INTEGER)",
                stored: false);

            migrationBuilder.CreateTable(
                name: "PlateSummaries",
                columns: table => new
                {
                    EffectiveText = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Skeleton = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    SkeletonTail = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Reads = table.Column<int>(type: "INTEGER", nullable: false),
                    FirstAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LastAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PlateSummaries", x => x.EffectiveText);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PlateReads_CorrectedSkeleton_EffectiveText",
                table: "PlateReads",
                columns: new[] { "CorrectedSkeleton", "EffectiveText" },
                filter: "\"CorrectedSkeleton\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_PlateReads_Country_CreatedMinute_CreatedAt",
                table: "PlateReads",
                columns: new[] { "Country", "CreatedMinute", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_PlateReads_CreatedMinute_CreatedAt_Confidence",
                table: "PlateReads",
                columns: new[] { "CreatedMinute", "CreatedAt", "Confidence" });

            migrationBuilder.CreateIndex(
                name: "IX_PlateSummaries_FirstAt_LastAt_EffectiveText",
                table: "PlateSummaries",
                columns: new[] { "FirstAt", "LastAt", "EffectiveText" });

            migrationBuilder.CreateIndex(
                name: "IX_PlateSummaries_LastAt_EffectiveText",
                table: "PlateSummaries",
                columns: new[] { "LastAt", "EffectiveText" });

            migrationBuilder.CreateIndex(
                name: "IX_PlateSummaries_Reads_LastAt_EffectiveText",
                table: "PlateSummaries",
                columns: new[] { "Reads", "LastAt", "EffectiveText" });

            migrationBuilder.CreateIndex(
                name: "IX_PlateSummaries_Skeleton",
                table: "PlateSummaries",
                column: "Skeleton");

            migrationBuilder.CreateIndex(
                name: "IX_PlateSummaries_SkeletonTail",
                table: "PlateSummaries",
                column: "SkeletonTail");

            // The triggers that keep PlateSummaries in step with PlateReads, and the summaries of the reads already
            // there (see PlateSummaryIndex).
            migrationBuilder.Sql(PlateWeb.Data.Storage.PlateSummaryIndex.CreateSql);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(PlateWeb.Data.Storage.PlateSummaryIndex.DropSql);

            migrationBuilder.DropTable(
                name: "PlateSummaries");

            migrationBuilder.DropIndex(
                name: "IX_PlateReads_CorrectedSkeleton_EffectiveText",
                table: "PlateReads");

            migrationBuilder.DropIndex(
                name: "IX_PlateReads_Country_CreatedMinute_CreatedAt",
                table: "PlateReads");

            migrationBuilder.DropIndex(
                name: "IX_PlateReads_CreatedMinute_CreatedAt_Confidence",
                table: "PlateReads");

            migrationBuilder.DropColumn(
                name: "CreatedMinute",
                table: "PlateReads");
        }
    }
}
