using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PlateWeb.Data.Migrations
{
    /// <inheritdoc />
    public partial class EffectiveTextAndLastQuery : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "EffectiveText",
                table: "PlateReads",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "");

            // The reads stored before: their effective text as the chat computed it in each query until now
            // (the SQL is written out, not taken from the entity, so this migration stays what it was).
            migrationBuilder.Sql(
                """UPDATE "PlateReads" SET "EffectiveText" = COALESCE(replace(replace(replace("CorrectedText", '-', ''), ' ', ''), '.', ''), "NormalizedText");""");

            migrationBuilder.AddColumn<string>(
                name: "LastQuery",
                table: "Conversations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_PlateReads_EffectiveText_CreatedAt",
                table: "PlateReads",
                columns: new[] { "EffectiveText", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_PlateReads_Skeleton_CorrectedSkeleton_EffectiveText",
                table: "PlateReads",
                columns: new[] { "Skeleton", "CorrectedSkeleton", "EffectiveText" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_PlateReads_EffectiveText_CreatedAt",
                table: "PlateReads");

            migrationBuilder.DropIndex(
                name: "IX_PlateReads_Skeleton_CorrectedSkeleton_EffectiveText",
                table: "PlateReads");

            migrationBuilder.DropColumn(
                name: "EffectiveText",
                table: "PlateReads");

            migrationBuilder.DropColumn(
                name: "LastQuery",
                table: "Conversations");
        }
    }
}
