using Microsoft.EntityFrameworkCore;

namespace PlateWeb.Data.Storage;

/// <summary>
/// The PlateSummaries table (<see cref="Entities.PlateSummary"/>): one row per distinct effective text, kept in step
/// with PlateReads by three triggers, so every writer (the queue, corrections, deletions, forgetting a plate, the
/// retention purge, tools writing SQL) keeps it right without knowing about it. A plate's row goes with its last read.
/// </summary>
public static class PlateSummaryIndex
{
    public const string Table = "PlateSummaries";
    public const string InsertTrigger = "PlateReads_Summary_Insert";
    public const string DeleteTrigger = "PlateReads_Summary_Delete";
    public const string UpdateTrigger = "PlateReads_Summary_Update";

    private const string Effective = """COALESCE(new."CorrectedSkeleton", new."Skeleton")""";

    // One read more for new's plate.
    private static readonly string Add = $"""
            INSERT INTO "{Table}"("EffectiveText", "Skeleton", "SkeletonTail", "Reads", "FirstAt", "LastAt")
            VALUES (new."EffectiveText", {Effective}, substr({Effective}, 3), 1, new."CreatedAt", new."CreatedAt")
            ON CONFLICT("EffectiveText") DO UPDATE SET "Reads" = "Reads" + 1,
                "FirstAt" = min("FirstAt", excluded."FirstAt"), "LastAt" = max("LastAt", excluded."LastAt");
        """;

    // One read less for old's plate: first and last come again from the (EffectiveText, CreatedAt) index.
    private static readonly string Remove = $"""
            DELETE FROM "{Table}" WHERE "EffectiveText" = old."EffectiveText" AND "Reads" <= 1;
            UPDATE "{Table}" SET "Reads" = "Reads" - 1,
                "FirstAt" = (SELECT MIN("CreatedAt") FROM "PlateReads" WHERE "EffectiveText" = old."EffectiveText"),
                "LastAt" = (SELECT MAX("CreatedAt") FROM "PlateReads" WHERE "EffectiveText" = old."EffectiveText")
            WHERE "EffectiveText" = old."EffectiveText";
        """;

    public static readonly string CreateSql = $"""
        CREATE TRIGGER "{InsertTrigger}" AFTER INSERT ON "PlateReads" BEGIN
        {Add}
        END;
        CREATE TRIGGER "{DeleteTrigger}" AFTER DELETE ON "PlateReads" BEGIN
        {Remove}
        END;
        CREATE TRIGGER "{UpdateTrigger}" AFTER UPDATE OF "EffectiveText", "Skeleton", "CorrectedSkeleton", "CreatedAt" ON "PlateReads" BEGIN
        {Remove}
        {Add}
        END;
        DELETE FROM "{Table}";
        INSERT INTO "{Table}"("EffectiveText", "Skeleton", "SkeletonTail", "Reads", "FirstAt", "LastAt")
        SELECT "EffectiveText", MAX(COALESCE("CorrectedSkeleton", "Skeleton")), substr(MAX(COALESCE("CorrectedSkeleton", "Skeleton")), 3),
            COUNT(*), MIN("CreatedAt"), MAX("CreatedAt")
        FROM "PlateReads" GROUP BY "EffectiveText";
        """;

    public static readonly string DropSql = $"""
        DROP TRIGGER IF EXISTS "{UpdateTrigger}";
        DROP TRIGGER IF EXISTS "{DeleteTrigger}";
        DROP TRIGGER IF EXISTS "{InsertTrigger}";
        """;

    /// <summary>
    /// Creates the triggers when they are missing and fills the table again from the reads: a later migration that
    /// rebuilds PlateReads (SQLite alters most columns by copying the table) drops triggers with the old table.
    /// </summary>
    /// <returns>True when they had to be created again.</returns>
    public static async Task<bool> EnsureAsync(PlateDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var present = await db.Database.SqlQuery<int>($"""
            SELECT COUNT(*) AS "Value" FROM sqlite_master
            WHERE type = 'trigger' AND name IN ({InsertTrigger}, {DeleteTrigger}, {UpdateTrigger})
            """).SingleAsync(ct);
        if (present == 3) return false;
#pragma warning disable EF1003 // Constant SQL of this class, no user input.
        await db.Database.ExecuteSqlRawAsync(DropSql + CreateSql, ct);
#pragma warning restore EF1003
        return true;
    }
}
