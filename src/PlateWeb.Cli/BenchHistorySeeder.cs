using System.Globalization;
using Microsoft.Data.Sqlite;
using PlateWeb.Data.Entities;
using PlateWeb.Recognition.Grammar;

namespace PlateWeb.Cli;

/// <summary>A plate the seeder wrote, to search for it afterwards.</summary>
public sealed record SeededPlate(long ReadId, string Text);

/// <summary>
/// Fills a migrated PlateWeb database with made-up reads of several countries' formats, fast (one
/// transaction of prepared inserts, as EF Core would write the rows), for `platectl bench-history`.
/// Two reads per image, dates over the past year, one read in fifty corrected.
/// </summary>
public static class BenchHistorySeeder
{
    private const string Letters = "ABCDEFGHJKLMNPRSTVWXYZ";
    private const string Digits = "0123456789";

    // Country, format id, pattern (L letter, D digit, anything else printed as is), share of the reads.
    private static readonly (string Country, string Format, string Pattern, int Weight)[] Formats =
    [
        ("FR", "FR-SIV", "LL-DDD-LL", 40), ("DE", "DE", "L-LL DDDD", 15), ("IT", "IT", "LL DDD LL", 10),
        ("ES", "ES", "DDDD LLL", 10), ("GB", "GB", "LLDD LLL", 8), ("NL", "NL", "DD-LLL-D", 5),
        ("US", "US-CA", "DLLLDDD", 7), ("BR", "BR-MERCOSUL", "LLLDLDD", 5),
    ];

    public static async Task<IReadOnlyList<SeededPlate>> SeedAsync(string databasePath, int reads, int seed, CancellationToken ct)
    {
        var random = new Random(seed);
        var now = DateTime.UtcNow;
        var samples = new List<SeededPlate>();
        await using var connection = new SqliteConnection($"Data Source={databasePath}");
        await connection.OpenAsync(ct);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(ct);

        await using var image = connection.CreateCommand();
        image.Transaction = transaction;
        image.CommandText = """
            INSERT INTO Images (Id, Sha256, SizeBytes, Width, Height, UploadedAt, StoredPath, OriginalFileName, NoPlateFound)
            VALUES ($id, $sha, 250000, 1920, 1080, $at, $path, $name, 0)
            """;
        var imageParameters = new[] { "$id", "$sha", "$at", "$path", "$name" }.Select(n => image.Parameters.Add(n, SqliteType.Text)).ToArray();

        await using var read = connection.CreateCommand();
        read.Transaction = transaction;
        read.CommandText = """
            INSERT INTO PlateReads (Id, ImageId, Text, NormalizedText, Skeleton, Confidence, Quad, Country, Format, Explanation,
                                    RawText, CandidatesJson, CorrectedText, CorrectedSkeleton, CorrectedAt, CreatedAt, EffectiveText)
            VALUES ($id, $image, $text, $normalized, $skeleton, $confidence, '[812.5,601,1108,603.2,1107.6,668,811.9,666]', $country, $format,
                    NULL, $normalized, $candidates, $corrected, $correctedSkeleton, $correctedAt, $at, $effective)
            """;
        var p = new[] { "$id", "$image", "$text", "$normalized", "$skeleton", "$confidence", "$country", "$format", "$candidates", "$corrected", "$correctedSkeleton", "$correctedAt", "$at", "$effective" }
            .ToDictionary(n => n, n => read.Parameters.Add(n, SqliteType.Text));

        var totalWeight = Formats.Sum(f => f.Weight);
        DateTime createdAt = now;
        for (var i = 1; i <= reads; i++)
        {
            ct.ThrowIfCancellationRequested();
            var imageId = (i + 1) / 2;
            if (i % 2 == 1)
            {
                createdAt = now.AddSeconds(-random.NextDouble() * 365 * 24 * 3600);
                var sha = imageId.ToString("x64", CultureInfo.InvariantCulture);
                imageParameters[0].Value = imageId;
                imageParameters[1].Value = sha;
                imageParameters[2].Value = Format(createdAt);
                imageParameters[3].Value = $"images/{sha[..2]}/{sha}.jpg";
                imageParameters[4].Value = $"car-{imageId}.jpg";
                await image.ExecuteNonQueryAsync(ct);
            }

            var pick = random.Next(totalWeight);
            var format = Formats.First(f => (pick -= f.Weight) < 0);
            var text = Render(format.Pattern, random);
            var normalized = PlateGrammar.Normalize(text);
            var corrected = random.Next(50) == 0 ? Render(format.Pattern, random) : null;
            p["$id"].Value = i;
            p["$image"].Value = imageId;
            p["$text"].Value = text;
            p["$normalized"].Value = normalized;
            p["$skeleton"].Value = PlateGrammar.Skeleton(text);
            p["$confidence"].Value = Math.Round(0.3 + 0.7 * random.NextDouble(), 3);
            p["$country"].Value = format.Country;
            p["$format"].Value = format.Format;
            p["$candidates"].Value = $"[{{\"Text\":\"{normalized}\",\"Score\":0.8,\"Format\":\"{format.Format}\"}}]";
            p["$corrected"].Value = (object?)corrected ?? DBNull.Value;
            p["$correctedSkeleton"].Value = corrected is null ? DBNull.Value : PlateGrammar.Skeleton(corrected);
            p["$correctedAt"].Value = corrected is null ? DBNull.Value : Format(createdAt.AddMinutes(5));
            p["$effective"].Value = PlateReadEntity.EffectiveTextOf(normalized, corrected);
            p["$at"].Value = Format(createdAt);
            await read.ExecuteNonQueryAsync(ct);
            if (i % Math.Max(1, reads / 40) == 0) samples.Add(new SeededPlate(i, text));
        }
        await transaction.CommitAsync(ct);
        return samples;
    }

    /// <summary>The text EF Core's SQLite provider writes for a DateTime.</summary>
    private static string Format(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);

    private static string Render(string pattern, Random random) => string.Create(pattern.Length, (pattern, random), static (span, state) =>
    {
        for (var i = 0; i < span.Length; i++)
        {
            span[i] = state.pattern[i] switch
            {
                'L' => Letters[state.random.Next(Letters.Length)],
                'D' => Digits[state.random.Next(Digits.Length)],
                var c => c,
            };
        }
    });
}
