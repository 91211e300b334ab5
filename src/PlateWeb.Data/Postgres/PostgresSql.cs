using PlateWeb.Data.Storage;

namespace PlateWeb.Data.Postgres;

/// <summary>
/// The PostgreSQL SQL of the data layer, in one place (the SQLite SQL is in <see cref="SkeletonIndex"/>,
/// <see cref="PlateSummaryIndex"/> and <see cref="Entities.PlateReadEntity"/>). The PostgreSQL migrations
/// (src/PlateWeb.Data.Postgres) apply it.
/// </summary>
public static class PostgresSql
{
    /// <summary><see cref="Entities.PlateReadEntity.CreatedMinute"/>: minute of the day of "CreatedAt" (a timestamp without time zone, so immutable).</summary>
    public const string CreatedMinute = """(EXTRACT(HOUR FROM "CreatedAt") * 60 + EXTRACT(MINUTE FROM "CreatedAt"))::integer""";

    public const string SummaryFunction = "PlateReads_Summary";

    private const string Effective = """COALESCE(NEW."CorrectedSkeleton", NEW."Skeleton")""";

    /// <summary>
    /// The PlateSummaries triggers, as SQLite's (<see cref="PlateSummaryIndex"/>): one PL/pgSQL function, one row
    /// trigger per event with the same names, and the table filled again from the reads.
    /// </summary>
    public static readonly string CreateSummaryTriggers = $$"""
        CREATE OR REPLACE FUNCTION "{{SummaryFunction}}"() RETURNS trigger LANGUAGE plpgsql AS $body$
        BEGIN
            IF TG_OP IN ('DELETE', 'UPDATE') THEN
                -- One read less for old's plate: first and last come again from the (EffectiveText, CreatedAt) index.
                DELETE FROM "PlateSummaries" WHERE "EffectiveText" = OLD."EffectiveText" AND "Reads" <= 1;
                UPDATE "PlateSummaries" SET "Reads" = "Reads" - 1,
                    "FirstAt" = (SELECT MIN("CreatedAt") FROM "PlateReads" WHERE "EffectiveText" = OLD."EffectiveText"),
                    "LastAt" = (SELECT MAX("CreatedAt") FROM "PlateReads" WHERE "EffectiveText" = OLD."EffectiveText")
                WHERE "EffectiveText" = OLD."EffectiveText";
            END IF;
            IF TG_OP IN ('INSERT', 'UPDATE') THEN
                INSERT INTO "PlateSummaries" AS s ("EffectiveText", "Skeleton", "SkeletonTail", "Reads", "FirstAt", "LastAt")
                VALUES (NEW."EffectiveText", {{Effective}}, substr({{Effective}}, 3), 1, NEW."CreatedAt", NEW."CreatedAt")
                ON CONFLICT ("EffectiveText") DO UPDATE SET "Reads" = s."Reads" + 1,
                    "FirstAt" = LEAST(s."FirstAt", excluded."FirstAt"), "LastAt" = GREATEST(s."LastAt", excluded."LastAt");
            END IF;
            RETURN NULL;
        END
        $body$;
        CREATE TRIGGER "{{PlateSummaryIndex.InsertTrigger}}" AFTER INSERT ON "PlateReads"
            FOR EACH ROW EXECUTE FUNCTION "{{SummaryFunction}}"();
        CREATE TRIGGER "{{PlateSummaryIndex.DeleteTrigger}}" AFTER DELETE ON "PlateReads"
            FOR EACH ROW EXECUTE FUNCTION "{{SummaryFunction}}"();
        CREATE TRIGGER "{{PlateSummaryIndex.UpdateTrigger}}" AFTER UPDATE OF "EffectiveText", "Skeleton", "CorrectedSkeleton", "CreatedAt" ON "PlateReads"
            FOR EACH ROW EXECUTE FUNCTION "{{SummaryFunction}}"();
        DELETE FROM "PlateSummaries";
        INSERT INTO "PlateSummaries"("EffectiveText", "Skeleton", "SkeletonTail", "Reads", "FirstAt", "LastAt")
        SELECT "EffectiveText", MAX(COALESCE("CorrectedSkeleton", "Skeleton")), substr(MAX(COALESCE("CorrectedSkeleton", "Skeleton")), 3),
            COUNT(*), MIN("CreatedAt"), MAX("CreatedAt")
        FROM "PlateReads" GROUP BY "EffectiveText";
        """;

    public static readonly string DropSummaryTriggers = $"""
        DROP TRIGGER IF EXISTS "{PlateSummaryIndex.UpdateTrigger}" ON "PlateReads";
        DROP TRIGGER IF EXISTS "{PlateSummaryIndex.DeleteTrigger}" ON "PlateReads";
        DROP TRIGGER IF EXISTS "{PlateSummaryIndex.InsertTrigger}" ON "PlateReads";
        DROP FUNCTION IF EXISTS "{SummaryFunction}"();
        """;

    /// <summary>
    /// Serialises the storing of one image hash until the transaction ends, as SQLite's write lock (BEGIN IMMEDIATE)
    /// does for every write: two uploads of the same bytes then find each other's row instead of failing on the
    /// unique index. Parameter {0}: the hash.
    /// </summary>
    public const string LockImageHash = "SELECT pg_advisory_xact_lock(hashtext({0}))";
}
