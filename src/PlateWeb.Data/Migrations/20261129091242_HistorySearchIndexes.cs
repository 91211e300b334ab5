using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PlateWeb.Data.Migrations
{
    /// <inheritdoc />
    public partial class HistorySearchIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_PlateReads_CorrectedSkeleton",
                table: "PlateReads");

            migrationBuilder.DropIndex(
                name: "IX_PlateReads_CreatedAt",
                table: "PlateReads");

            migrationBuilder.DropIndex(
                name: "IX_PlateReads_Skeleton",
                table: "PlateReads");

            migrationBuilder.CreateIndex(
                name: "IX_PlateReads_Country_CreatedAt_Confidence_Text_CorrectedText",
                table: "PlateReads",
                columns: new[] { "Country", "CreatedAt", "Confidence", "Text", "CorrectedText" });

            migrationBuilder.CreateIndex(
                name: "IX_PlateReads_CreatedAt_Confidence_Country_Text_CorrectedText",
                table: "PlateReads",
                columns: new[] { "CreatedAt", "Confidence", "Country", "Text", "CorrectedText" });

            // Not expressible in the EF model: the trigram full-text index over the skeletons, with its
            // triggers, filled from the rows already there (see SkeletonIndex).
            migrationBuilder.Sql(PlateWeb.Data.Storage.SkeletonIndex.CreateSql);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(PlateWeb.Data.Storage.SkeletonIndex.DropSql);

            migrationBuilder.DropIndex(
                name: "IX_PlateReads_Country_CreatedAt_Confidence_Text_CorrectedText",
                table: "PlateReads");

            migrationBuilder.DropIndex(
                name: "IX_PlateReads_CreatedAt_Confidence_Country_Text_CorrectedText",
                table: "PlateReads");

            migrationBuilder.CreateIndex(
                name: "IX_PlateReads_CorrectedSkeleton",
                table: "PlateReads",
                column: "CorrectedSkeleton");

            migrationBuilder.CreateIndex(
                name: "IX_PlateReads_CreatedAt",
                table: "PlateReads",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_PlateReads_Skeleton",
                table: "PlateReads",
                column: "Skeleton");
        }
    }
}
