using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PlateWeb.Data.Migrations
{
    /// <inheritdoc />
    public partial class CorrectionsReadAgain : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CorrectedBy",
                table: "PlateReads",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "OcrCountry",
                table: "PlateReads",
                type: "TEXT",
                maxLength: 8,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "OcrExplanation",
                table: "PlateReads",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "OcrFormat",
                table: "PlateReads",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            // Corrections made before: the engine's reading was never replaced, so it is what is kept aside.
            migrationBuilder.Sql(
                "UPDATE PlateReads SET OcrCountry = Country, OcrFormat = Format, OcrExplanation = Explanation WHERE CorrectedText IS NOT NULL;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "CorrectedBy",
                table: "PlateReads");

            migrationBuilder.DropColumn(
                name: "OcrCountry",
                table: "PlateReads");

            migrationBuilder.DropColumn(
                name: "OcrExplanation",
                table: "PlateReads");

            migrationBuilder.DropColumn(
                name: "OcrFormat",
                table: "PlateReads");
        }
    }
}
