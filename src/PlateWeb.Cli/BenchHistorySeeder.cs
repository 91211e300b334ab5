using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;
using PlateWeb.Data.Entities;
using PlateWeb.Recognition.Grammar;

namespace PlateWeb.Cli;

/// <summary>A plate the seeder wrote, to search for it afterwards.</summary>
public sealed record SeededPlate(long ReadId, string Text);

/// <summary>
/// Fills a migrated PlateWeb database with made-up reads of several countries' formats, fast (SQLite: one
/// transaction of prepared inserts, as EF Core would write the rows; PostgreSQL: binary COPY), for `platectl bench-history`.
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

        foreach (var row in Rows(reads, seed))
        {
            ct.ThrowIfCancellationRequested();
            if (row.NewImage)
            {
                imageParameters[0].Value = row.ImageId;
                imageParameters[1].Value = row.Sha;
                imageParameters[2].Value = Format(row.CreatedAt);
                imageParameters[3].Value = row.StoredPath;
                imageParameters[4].Value = row.FileName;
                await image.ExecuteNonQueryAsync(ct);
            }
            p["$id"].Value = row.Id;
            p["$image"].Value = row.ImageId;
            p["$text"].Value = row.Text;
            p["$normalized"].Value = row.Normalized;
            p["$skeleton"].Value = row.Skeleton;
            p["$confidence"].Value = row.Confidence;
            p["$country"].Value = row.Country;
            p["$format"].Value = row.Format;
            p["$candidates"].Value = row.CandidatesJson;
            p["$corrected"].Value = (object?)row.Corrected ?? DBNull.Value;
            p["$correctedSkeleton"].Value = (object?)row.CorrectedSkeleton ?? DBNull.Value;
            p["$correctedAt"].Value = row.CorrectedAt is { } correctedAt ? Format(correctedAt) : DBNull.Value;
            p["$effective"].Value = row.Effective;
            p["$at"].Value = Format(row.CreatedAt);
            await read.ExecuteNonQueryAsync(ct);
            if (row.Sample) samples.Add(new SeededPlate(row.Id, row.Text));
        }
        await transaction.CommitAsync(ct);
        return samples;
    }

    /// <summary>
    /// The same reads into a migrated PostgreSQL database, with binary COPY (the summary triggers fire for each
    /// row as they do for inserts), then the identities moved past the seeded ids, and VACUUM ANALYZE.
    /// </summary>
    public static async Task<IReadOnlyList<SeededPlate>> SeedPostgresAsync(string connectionString, int reads, int seed, CancellationToken ct)
    {
        var samples = new List<SeededPlate>();
        var rows = Rows(reads, seed).ToList();
        // No command timeout: a million rows through the summary triggers take minutes.
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { CommandTimeout = 0 }.ConnectionString);
        await connection.OpenAsync(ct);
        await using (var images = await connection.BeginBinaryImportAsync("""
            COPY "Images" ("Id", "Sha256", "SizeBytes", "Width", "Height", "UploadedAt", "StoredPath", "OriginalFileName", "NoPlateFound") FROM STDIN (FORMAT BINARY)
            """, ct))
        {
            foreach (var row in rows.Where(r => r.NewImage))
            {
                await images.StartRowAsync(ct);
                await images.WriteAsync(row.ImageId, NpgsqlDbType.Bigint, ct);
                await images.WriteAsync(row.Sha, NpgsqlDbType.Varchar, ct);
                await images.WriteAsync(250_000L, NpgsqlDbType.Bigint, ct);
                await images.WriteAsync(1920, NpgsqlDbType.Integer, ct);
                await images.WriteAsync(1080, NpgsqlDbType.Integer, ct);
                await images.WriteAsync(Unzoned(row.CreatedAt), NpgsqlDbType.Timestamp, ct);
                await images.WriteAsync(row.StoredPath, NpgsqlDbType.Varchar, ct);
                await images.WriteAsync(row.FileName, NpgsqlDbType.Varchar, ct);
                await images.WriteAsync(false, NpgsqlDbType.Boolean, ct);
            }
            await images.CompleteAsync(ct);
        }
        float[] quad = [812.5f, 601, 1108, 603.2f, 1107.6f, 668, 811.9f, 666];
        await using (var copy = await connection.BeginBinaryImportAsync("""
            COPY "PlateReads" ("Id", "ImageId", "Text", "NormalizedText", "Skeleton", "Confidence", "Quad", "Country", "Format", "Explanation",
                               "RawText", "CandidatesJson", "CorrectedText", "CorrectedSkeleton", "CorrectedAt", "CreatedAt", "EffectiveText") FROM STDIN (FORMAT BINARY)
            """, ct))
        {
            foreach (var row in rows)
            {
                ct.ThrowIfCancellationRequested();
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(row.Id, NpgsqlDbType.Bigint, ct);
                await copy.WriteAsync(row.ImageId, NpgsqlDbType.Bigint, ct);
                await copy.WriteAsync(row.Text, NpgsqlDbType.Varchar, ct);
                await copy.WriteAsync(row.Normalized, NpgsqlDbType.Varchar, ct);
                await copy.WriteAsync(row.Skeleton, NpgsqlDbType.Varchar, ct);
                await copy.WriteAsync((float)row.Confidence, NpgsqlDbType.Real, ct);
                await copy.WriteAsync(quad, NpgsqlDbType.Array | NpgsqlDbType.Real, ct);
                await copy.WriteAsync(row.Country, NpgsqlDbType.Varchar, ct);
                await copy.WriteAsync(row.Format, NpgsqlDbType.Varchar, ct);
                await copy.WriteNullAsync(ct);
                await copy.WriteAsync(row.Normalized, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(row.CandidatesJson, NpgsqlDbType.Text, ct);
                await WriteOrNullAsync(copy, row.Corrected, NpgsqlDbType.Varchar, ct);
                await WriteOrNullAsync(copy, row.CorrectedSkeleton, NpgsqlDbType.Varchar, ct);
                await WriteOrNullAsync(copy, row.CorrectedAt is { } at ? Unzoned(at) : (DateTime?)null, NpgsqlDbType.Timestamp, ct);
                await copy.WriteAsync(Unzoned(row.CreatedAt), NpgsqlDbType.Timestamp, ct);
                await copy.WriteAsync(row.Effective, NpgsqlDbType.Varchar, ct);
                if (row.Sample) samples.Add(new SeededPlate(row.Id, row.Text));
            }
            await copy.CompleteAsync(ct);
        }
        await using var after = new NpgsqlCommand("""
            SELECT setval(pg_get_serial_sequence('"Images"', 'Id'), (SELECT MAX("Id") FROM "Images"));
            SELECT setval(pg_get_serial_sequence('"PlateReads"', 'Id'), (SELECT MAX("Id") FROM "PlateReads"));
            """, connection);
        await after.ExecuteNonQueryAsync(ct);
        // What autovacuum does soon after a load: statistics, and the visibility map that lets counts read only indexes.
        await using var vacuum = new NpgsqlCommand("VACUUM ANALYZE", connection) { CommandTimeout = 0 };
        await vacuum.ExecuteNonQueryAsync(ct);
        return samples;
    }

    /// <summary>A UTC time as the PostgreSQL model stores it: "timestamp without time zone", which Npgsql refuses a Kind=Utc value for.</summary>
    private static DateTime Unzoned(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Unspecified);

    private static async Task WriteOrNullAsync<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type, CancellationToken ct)
    {
        if (value is null) await copy.WriteNullAsync(ct);
        else await copy.WriteAsync(value, type, ct);
    }

    private sealed record Row(
        long Id, long ImageId, bool NewImage, string Sha, string StoredPath, string FileName, string Text, string Normalized, string Skeleton,
        double Confidence, string Country, string Format, string CandidatesJson, string? Corrected, string? CorrectedSkeleton,
        DateTime? CorrectedAt, string Effective, DateTime CreatedAt, bool Sample);

    /// <summary>The seeded history, the same for every engine and seed: two reads per image, one in fifty corrected.</summary>
    private static IEnumerable<Row> Rows(int reads, int seed)
    {
        var random = new Random(seed);
        var now = DateTime.UtcNow;
        var totalWeight = Formats.Sum(f => f.Weight);
        var createdAt = now;
        for (var i = 1; i <= reads; i++)
        {
            var imageId = (i + 1) / 2;
            if (i % 2 == 1) createdAt = now.AddSeconds(-random.NextDouble() * 365 * 24 * 3600);
            var sha = imageId.ToString("x64", CultureInfo.InvariantCulture);
            var pick = random.Next(totalWeight);
            var format = Formats.First(f => (pick -= f.Weight) < 0);
            var text = Render(format.Pattern, random);
            var normalized = PlateGrammar.Normalize(text);
            var corrected = random.Next(50) == 0 ? Render(format.Pattern, random) : null;
            yield return new Row(
                i, imageId, i % 2 == 1, sha, $"images/{sha[..2]}/{sha}.jpg", $"car-{imageId}.jpg", text, normalized, PlateGrammar.Skeleton(text),
                Math.Round(0.3 + 0.7 * random.NextDouble(), 3), format.Country, format.Format,
                $"[{{\"Text\":\"{normalized}\",\"Score\":0.8,\"Format\":\"{format.Format}\"}}]",
                corrected, corrected is null ? null : PlateGrammar.Skeleton(corrected), corrected is null ? null : createdAt.AddMinutes(5),
                PlateReadEntity.EffectiveTextOf(normalized, corrected), createdAt, i % Math.Max(1, reads / 40) == 0);
        }
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
