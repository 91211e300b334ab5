using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Npgsql.EntityFrameworkCore.PostgreSQL.Infrastructure;
using PlateWeb.Data.Entities;

namespace PlateWeb.Data.Postgres;

/// <summary>
/// How the model differs on PostgreSQL from the SQLite one that the configurations describe: the same tables and
/// indexes, plus what SQLite did implicitly (binary text order, times without zones) and the trigram indexes that
/// replace FTS5. The SQL it needs is in <see cref="PostgresSql"/>.
/// </summary>
internal static class PostgresModel
{
    /// <summary>The assembly that holds the PostgreSQL migrations (src/PlateWeb.Data.Postgres).</summary>
    public const string MigrationsAssembly = "PlateWeb.Data.Postgres";

    /// <summary>Npgsql options: our migrations assembly.</summary>
    public static void Configure(NpgsqlDbContextOptionsBuilder npgsql) => npgsql.MigrationsAssembly(MigrationsAssembly);

    public static void ConfigureConventions(ModelConfigurationBuilder builder)
    {
        // SQLite compares text byte by byte (BINARY): plate order, GROUP BY, prefix ranges and the case-sensitive
        // matches rely on it. "C" is PostgreSQL's byte order, whatever locale the cluster was made with.
        builder.Properties<string>().UseCollation("C");
        // SQLite keeps a time as the text it was given and gives it back with Kind Unspecified; the app stores UTC.
        // "timestamp without time zone" keeps the same value, and Npgsql refuses a Kind=Utc DateTime for it, so the
        // kind is dropped on the way in (and nothing is shifted by the server's TimeZone).
        builder.Properties<DateTime>().HaveColumnType("timestamp without time zone").HaveConversion<UnspecifiedKind>();
        builder.Properties<DateTime?>().HaveColumnType("timestamp without time zone").HaveConversion<UnspecifiedKind>();
    }

    public static void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasPostgresExtension("pg_trgm");
        var reads = modelBuilder.Entity<PlateReadEntity>();
        // PostgreSQL 15 has only stored generated columns.
        reads.Property(r => r.CreatedMinute).HasComputedColumnSql(PostgresSql.CreatedMinute, stored: true);
        // In place of the ReadSkeletons FTS5 table: the tolerant search's LIKE '%…%' patterns (LIKE ANY) are
        // answered from these trigram indexes, one per skeleton column.
        reads.HasIndex(r => r.Skeleton, "IX_PlateReads_Skeleton_Trigram").HasMethod("gin").HasOperators("gin_trgm_ops");
        reads.HasIndex(r => r.CorrectedSkeleton, "IX_PlateReads_CorrectedSkeleton_Trigram").HasMethod("gin").HasOperators("gin_trgm_ops");
    }

    private sealed class UnspecifiedKind() : ValueConverter<DateTime, DateTime>(
        v => DateTime.SpecifyKind(v, DateTimeKind.Unspecified),
        v => DateTime.SpecifyKind(v, DateTimeKind.Unspecified));
}
