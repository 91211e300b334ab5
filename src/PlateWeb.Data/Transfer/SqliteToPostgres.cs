using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using PlateWeb.Data.Storage;

namespace PlateWeb.Data.Transfer;

/// <summary>A copy or a check that cannot go on; the message says why in words, without a password.</summary>
public sealed class TransferException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Rows of <paramref name="Table"/> in the target so far, out of <paramref name="Total"/> in the source.</summary>
public sealed record TransferProgress(string Table, long Copied, long Total);

/// <param name="Finished">False when the copy stopped after the batches it was allowed; a later run resumes it.</param>
/// <param name="Copied">Rows this run copied, per table.</param>
public sealed record CopyResult(bool Finished, IReadOnlyDictionary<string, long> Copied);

/// <summary>One table compared: rows on each side and the hash of their rows in key order (<see cref="RowHash"/>).</summary>
public sealed record TableCheck(string Table, long SourceRows, long TargetRows, string SourceHash, string TargetHash)
{
    public bool Ok => SourceRows == TargetRows && SourceHash == TargetHash;
}

/// <summary>
/// Copies a PlateWeb SQLite database into a PostgreSQL one (`platectl migrate-data`): every table of the model, parents
/// before children, in primary-key order and with the same keys, one transaction per batch, so a run that stops leaves
/// a prefix of each table and the next run goes on after the target's highest key. PlateSummaries is not copied: the
/// target's PL/pgSQL triggers build it from the reads as they arrive, as SQLite's triggers built the source's, and
/// <see cref="VerifyAsync"/> compares it like any other table. SQLite's ReadSkeletons (an FTS5 index, not in the model)
/// has no PostgreSQL table: trigram indexes on PlateReads stand in for it. Image files are not copied: rows name them
/// by hash under the data folder's images/, which every PostgreSQL-backed instance must see.
/// </summary>
public sealed class SqliteToPostgres(string sqlitePath, string postgresConnectionString)
{
    public const int DefaultBatchSize = 1000;

    /// <summary>Which source the target is a copy of (<see cref="FingerprintAsync"/>), so that only the same source resumes.</summary>
    public const string MarkerTable = "__PlateWebMigrateData";

    /// <summary>
    /// Migrates the target, then copies what it lacks.
    /// </summary>
    /// <param name="maxBatches">Stop after this many batches (null: copy everything); the next run resumes.</param>
    /// <exception cref="TransferException">The source or the target cannot be used (missing, unreachable, not empty).</exception>
    public Task<CopyResult> CopyAsync(int batchSize, int? maxBatches, IProgress<TransferProgress>? progress, CancellationToken ct) =>
        InWordsAsync(() => CopyCoreAsync(batchSize, maxBatches, progress, ct));

    /// <summary>Per table, rows and hash on both sides, PlateSummaries included. Reads only.</summary>
    /// <exception cref="TransferException">The source or the target cannot be used, or the target was never migrated.</exception>
    public Task<IReadOnlyList<TableCheck>> VerifyAsync(IProgress<TransferProgress>? progress, CancellationToken ct) =>
        InWordsAsync(() => VerifyCoreAsync(progress, ct));

    private async Task<CopyResult> CopyCoreAsync(int batchSize, int? maxBatches, IProgress<TransferProgress>? progress, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        await using var source = await OpenSourceAsync(ct);
        await using var target = await OpenTargetAsync(ct);
        await target.Database.MigrateAsync(ct);
        var tables = TransferTable.InDependencyOrder(target.Model);
        await ClaimTargetAsync(target, tables, await FingerprintAsync(source, tables, ct), ct);

        var copied = new Dictionary<string, long>(StringComparer.Ordinal);
        var batches = 0;
        foreach (var table in tables.Where(t => t.Name != PlateSummaryIndex.Table))
        {
            var total = await table.CountAsync(source, ct);
            var inTarget = await table.CountAsync(target, ct);
            var after = await table.LastKeyAsync(target, ct);
            copied[table.Name] = 0;
            progress?.Report(new TransferProgress(table.Name, inTarget, total));
            while (true)
            {
                if (batches == maxBatches)
                {
                    await ResetSequencesAsync(target, tables, ct);
                    return new CopyResult(false, copied);
                }
                var page = await table.PageAsync(source, after, batchSize, ct);
                if (page.Count == 0) break;
                foreach (var row in page) table.PrepareForPostgres(row);
                target.AddRange(page);
                try
                {
                    await target.SaveChangesAsync(ct);
                }
                catch (DbUpdateException ex)
                {
                    // SQLite does not hold text to its declared length, PostgreSQL does: such a row stops the copy here.
                    throw new TransferException(
                        $"PostgreSQL refused a row of {table.Name} with key {string.Join(", ", table.KeyOf(page[0]))} to {string.Join(", ", table.KeyOf(page[^1]))}: "
                        + $"{(ex.InnerException ?? ex).Message} The rows copied before stay; put that row right in the source, then run again to go on.", ex);
                }
                target.ChangeTracker.Clear();
                batches++;
                after = table.KeyOf(page[^1]);
                copied[table.Name] += page.Count;
                inTarget += page.Count;
                progress?.Report(new TransferProgress(table.Name, inTarget, total));
                if (page.Count < batchSize) break;
            }
        }
        await ResetSequencesAsync(target, tables, ct);
        await target.Database.ExecuteSqlRawAsync($"""UPDATE "{MarkerTable}" SET "FinishedAt" = now() AT TIME ZONE 'UTC'""", ct);
        return new CopyResult(true, copied);
    }

    private async Task<IReadOnlyList<TableCheck>> VerifyCoreAsync(IProgress<TransferProgress>? progress, CancellationToken ct)
    {
        await using var source = await OpenSourceAsync(ct);
        await using var target = await OpenTargetAsync(ct);
        if ((await target.Database.GetPendingMigrationsAsync(ct)).Any())
        {
            throw new TransferException("The PostgreSQL database is not migrated to this version of PlateWeb: run migrate-data without --verify first.");
        }
        var checks = new List<TableCheck>();
        foreach (var table in TransferTable.InDependencyOrder(target.Model))
        {
            var (sourceRows, sourceHash) = await HashAsync(source, table, progress, ct);
            var (targetRows, targetHash) = await HashAsync(target, table, progress: null, ct);
            checks.Add(new TableCheck(table.Name, sourceRows, targetRows, sourceHash, targetHash));
        }
        return checks;
    }

    /// <summary>
    /// A server that goes away mid-copy, or a SQLite file that cannot be read, said in words: every batch before it is
    /// committed, so the message says a rerun goes on. Through EF Core, Npgsql's errors may come wrapped as a
    /// "transient failure".
    /// </summary>
    private async Task<T> InWordsAsync<T>(Func<Task<T>> run)
    {
        try
        {
            return await run();
        }
        catch (Exception ex) when (ex is not TransferException && (ex is NpgsqlException || ex.InnerException is NpgsqlException))
        {
            var npgsql = ex as NpgsqlException ?? (NpgsqlException)ex.InnerException!;
            throw new TransferException($"{DescribeTarget()} failed: {npgsql.Message} What was copied before stays; run again to go on.", ex);
        }
        catch (SqliteException ex)
        {
            throw new TransferException($"Reading {sqlitePath} failed: {ex.Message}", ex);
        }
    }

    /// <summary>Where the target is, for people: host, port and database, never the password.</summary>
    public string DescribeTarget()
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(postgresConnectionString);
            return $"PostgreSQL database {builder.Database ?? "(default)"} on {builder.Host}:{builder.Port}";
        }
        catch (ArgumentException)
        {
            return "PostgreSQL (connection string not understood)";
        }
    }

    private static async Task<(long Rows, string Hash)> HashAsync(PlateDbContext db, TransferTable table, IProgress<TransferProgress>? progress, CancellationToken ct)
    {
        using var hash = new RowHash();
        object?[]? after = null;
        while (true)
        {
            var page = await table.PageAsync(db, after, DefaultBatchSize, ct);
            foreach (var row in page) hash.AddRow(table.ValuesOf(row));
            if (page.Count > 0 || hash.Rows == 0) progress?.Report(new TransferProgress(table.Name, hash.Rows, -1));
            if (page.Count < DefaultBatchSize) break;
            after = table.KeyOf(page[^1]);
        }
        return (hash.Rows, hash.Finish());
    }

    private async Task<PlateDbContext> OpenSourceAsync(CancellationToken ct)
    {
        if (!File.Exists(sqlitePath)) throw new TransferException($"The SQLite database {sqlitePath} does not exist.");
        var connection = new SqliteConnectionStringBuilder { DataSource = sqlitePath, Mode = SqliteOpenMode.ReadOnly }.ConnectionString;
        var db = new PlateDbContext(new DbContextOptionsBuilder<PlateDbContext>().UseSqlite(connection).Options);
        try
        {
            var applied = (await db.Database.GetAppliedMigrationsAsync(ct)).ToList();
            if (applied.Count == 0) throw new TransferException($"{sqlitePath} is not a PlateWeb database (it has no migration history).");
            var pending = (await db.Database.GetPendingMigrationsAsync(ct)).Count();
            if (pending > 0)
            {
                // Read-only: the source is never written. The app migrates its database when it starts.
                throw new TransferException(
                    $"{sqlitePath} is from an older PlateWeb ({pending} migrations to apply): start this version of PlateWeb on it once (it migrates its database at start-up), then copy it.");
            }
            return db;
        }
        catch (SqliteException ex)
        {
            await db.DisposeAsync();
            throw new TransferException($"{sqlitePath} cannot be read as a SQLite database: {ex.Message}", ex);
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }
    }

    private async Task<PlateDbContext> OpenTargetAsync(CancellationToken ct)
    {
        try
        {
            _ = new NpgsqlConnectionStringBuilder(postgresConnectionString);
        }
        catch (ArgumentException ex)
        {
            throw new TransferException($"The PostgreSQL connection string is not valid ({ex.Message}); write it as Host=…;Database=…;Username=…;Password=…", ex);
        }
        try
        {
            // Npgsql directly: through EF Core the refusal comes wrapped as a "transient failure".
            await using var connection = new NpgsqlConnection(postgresConnectionString);
            await connection.OpenAsync(ct);
        }
        catch (NpgsqlException ex)
        {
            throw new TransferException($"Cannot connect to {DescribeTarget()}: {ex.Message}", ex);
        }
        return new PlateDbContext(PlateDatabase.Options(new DataOptions { Provider = DatabaseProvider.Postgres, ConnectionString = postgresConnectionString }));
    }

    /// <summary>
    /// What identifies the source whatever its path: the first row of each table. A resumed run finds the same, since a
    /// copy appends after the target's last key and the first rows are the first to arrive.
    /// </summary>
    private static async Task<string> FingerprintAsync(PlateDbContext source, IReadOnlyList<TransferTable> tables, CancellationToken ct)
    {
        using var hash = new RowHash();
        foreach (var table in tables)
        {
            var first = await table.PageAsync(source, null, 1, ct);
            hash.AddRow([table.Name, .. first.SelectMany(table.ValuesOf)]);
        }
        return hash.Finish();
    }

    /// <summary>An empty target becomes this source's copy; a non-empty one must already be, or nothing is written.</summary>
    private async Task ClaimTargetAsync(PlateDbContext target, IReadOnlyList<TransferTable> tables, string fingerprint, CancellationToken ct)
    {
        await target.Database.ExecuteSqlRawAsync($"""
            CREATE TABLE IF NOT EXISTS "{MarkerTable}" ("Source" text NOT NULL, "StartedAt" timestamp without time zone NOT NULL, "FinishedAt" timestamp without time zone)
            """, ct);
#pragma warning disable EF1002 // Constant table name.
        var marker = await target.Database.SqlQueryRaw<string>($"""SELECT "Source" AS "Value" FROM "{MarkerTable}" """).FirstOrDefaultAsync(ct);
#pragma warning restore EF1002
        foreach (var table in tables)
        {
            var rows = await table.CountAsync(target, ct);
            if (rows == 0) continue;
            if (marker == fingerprint) return;
            throw new TransferException(marker is null
                ? $"{DescribeTarget()} already holds data ({rows} rows in {table.Name}) that migrate-data did not copy: give an empty database."
                : $"{DescribeTarget()} holds a copy of another SQLite database ({rows} rows in {table.Name}): give an empty database, or the same source to resume.");
        }
        await target.Database.ExecuteSqlRawAsync($"""DELETE FROM "{MarkerTable}" """, ct);
        await target.Database.ExecuteSqlAsync($"""INSERT INTO "__PlateWebMigrateData" ("Source", "StartedAt") VALUES ({fingerprint}, now() AT TIME ZONE 'UTC')""", ct);
    }

    /// <summary>
    /// Rows were inserted with their keys, which does not move PostgreSQL's identity sequences: without this the next
    /// insert would be given key 1 and fail on the primary key.
    /// </summary>
    private static async Task ResetSequencesAsync(PlateDbContext target, IReadOnlyList<TransferTable> tables, CancellationToken ct)
    {
        foreach (var table in tables.Where(t => t.IdentityColumn is not null))
        {
            var column = "\"" + table.IdentityColumn + "\"";
#pragma warning disable EF1002 // Names from the model, never from input.
            await target.Database.ExecuteSqlRawAsync(
                $"SELECT setval(pg_get_serial_sequence('{table.QuotedName}', '{table.IdentityColumn}'), COALESCE(MAX({column}), 0) + 1, false) FROM {table.QuotedName}", ct);
#pragma warning restore EF1002
        }
    }

}
