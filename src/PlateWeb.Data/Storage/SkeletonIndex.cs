using Microsoft.EntityFrameworkCore;

namespace PlateWeb.Data.Storage;

/// <summary>
/// The ReadSkeletons table: an SQLite FTS5 index with the trigram tokenizer over PlateReads.Skeleton
/// and CorrectedSkeleton (external content, kept in step by three triggers). It finds the reads that
/// contain a given run of three or more skeleton characters without reading every row, which a
/// LIKE '%…%' on the table has to do.
/// </summary>
public static class SkeletonIndex
{
    public const string Table = "ReadSkeletons";
    public const string InsertTrigger = "PlateReads_SkeletonIndex_Insert";
    public const string DeleteTrigger = "PlateReads_SkeletonIndex_Delete";
    public const string UpdateTrigger = "PlateReads_SkeletonIndex_Update";

    /// <summary>Trigram: a run shorter than this cannot be looked up.</summary>
    public const int MinRun = 3;

    public static readonly string CreateSql = $"""
        CREATE VIRTUAL TABLE "{Table}" USING fts5(Skeleton, CorrectedSkeleton, content='PlateReads', content_rowid='Id', tokenize='trigram');
        CREATE TRIGGER "{InsertTrigger}" AFTER INSERT ON "PlateReads" BEGIN
            INSERT INTO "{Table}"(rowid, Skeleton, CorrectedSkeleton) VALUES (new."Id", new."Skeleton", new."CorrectedSkeleton");
        END;
        CREATE TRIGGER "{DeleteTrigger}" AFTER DELETE ON "PlateReads" BEGIN
            INSERT INTO "{Table}"("{Table}", rowid, Skeleton, CorrectedSkeleton) VALUES ('delete', old."Id", old."Skeleton", old."CorrectedSkeleton");
        END;
        CREATE TRIGGER "{UpdateTrigger}" AFTER UPDATE OF "Skeleton", "CorrectedSkeleton" ON "PlateReads" BEGIN
            INSERT INTO "{Table}"("{Table}", rowid, Skeleton, CorrectedSkeleton) VALUES ('delete', old."Id", old."Skeleton", old."CorrectedSkeleton");
            INSERT INTO "{Table}"(rowid, Skeleton, CorrectedSkeleton) VALUES (new."Id", new."Skeleton", new."CorrectedSkeleton");
        END;
        INSERT INTO "{Table}"("{Table}") VALUES ('rebuild');
        """;

    public static readonly string DropSql = $"""
        DROP TRIGGER IF EXISTS "{UpdateTrigger}";
        DROP TRIGGER IF EXISTS "{DeleteTrigger}";
        DROP TRIGGER IF EXISTS "{InsertTrigger}";
        DROP TABLE IF EXISTS "{Table}";
        """;

    /// <summary>
    /// Creates the index and its triggers when they are missing: a later migration that rebuilds
    /// PlateReads (SQLite alters most columns by copying the table) drops triggers with the old table.
    /// </summary>
    /// <returns>True when they had to be created again.</returns>
    public static async Task<bool> EnsureAsync(PlateDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var present = await db.Database.SqlQuery<int>($"""
            SELECT COUNT(*) AS "Value" FROM sqlite_master
            WHERE name IN ({Table}, {InsertTrigger}, {DeleteTrigger}, {UpdateTrigger})
            """).SingleAsync(ct);
        if (present == 4) return false;
#pragma warning disable EF1003 // Constant SQL of this class, no user input.
        await db.Database.ExecuteSqlRawAsync(DropSql + CreateSql, ct);
#pragma warning restore EF1003
        return true;
    }

    /// <summary>
    /// An FTS5 query that every read matching one of <paramref name="patterns"/> (the LIKE patterns of
    /// <see cref="ReadQueries.SearchPatterns"/>: %run% or %left_right%) also matches: each pattern
    /// gives its longest run of literal characters, and the runs are OR-ed. Null when some pattern has
    /// no run of <see cref="MinRun"/> characters (the index cannot narrow such a search).
    /// The result is a superset; the LIKE patterns still decide.
    /// </summary>
    public static string? MatchQuery(IEnumerable<string> patterns)
    {
        var runs = new List<string>();
        foreach (var pattern in patterns)
        {
            var longest = pattern.Split('%', '_').MaxBy(run => run.Length) ?? string.Empty;
            if (longest.Length < MinRun) return null;
            runs.Add(longest);
        }
        // A run that holds a shorter one adds nothing to an OR.
        var needed = runs.Distinct(StringComparer.Ordinal)
            .Where(run => !runs.Any(other => other.Length < run.Length && run.Contains(other, StringComparison.Ordinal)))
            .ToList();
        // Skeletons hold only A-Z and 0-9, so a run never needs escaping inside the quotes.
        return needed.Count == 0 ? null : string.Join(" OR ", needed.Select(run => $"\"{run}\""));
    }
}
