using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using PlateWeb.Data.Storage;

using static PlateWeb.Data.Tests.TestReads;

namespace PlateWeb.Data.Tests;

/// <summary>
/// PostgreSQL only: the tolerant search is answered from the pg_trgm indexes that stand in for SQLite's FTS5 table
/// (SkeletonIndexTests covers that one): the plan of the History's own queries, not a copy of their SQL.
/// </summary>
public sealed class PostgresSearchTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    private readonly TempDatabase _db = new(database);

    public Task InitializeAsync() => _db.InitializeAsync();

    public Task DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task Search_ReadsTheTrigramIndex_NotTheTable_AndFindsTheTwinSpelling()
    {
        var plates = Enumerable.Range(0, 300).Select(i => $"AB{i:000}CD").ToList();
        for (var i = 0; i < plates.Count; i++) await _db.Store.StoreAsync(FakePng(i), $"{i}.png", 10, 10, [Read(plates[i], plates[i])], default);
        var plans = new PlanCapture();
        var queries = new ReadQueries(new PlanFactory(_db.OptionsBuilder().AddInterceptors(plans).Options));
        await using (var db = await _db.DbFactory.CreateDbContextAsync())
        {
            await db.Database.ExecuteSqlRawAsync("ANALYZE");
        }

        var page = await queries.SearchAsync(new ReadQuery("A8I23C0"), default);

        Assert.Equal(["AB123CD"], page.Items.Select(r => r.Text));
        Assert.NotEmpty(plans.Plans);
        // CorrectedSkeleton, null here, is answered from its trigram index or from the partial index of corrected reads.
        Assert.All(plans.Plans, plan =>
        {
            Assert.DoesNotContain("Seq Scan on \"PlateReads\"", plan, StringComparison.Ordinal);
            Assert.Contains("IX_PlateReads_Skeleton_Trigram", plan, StringComparison.Ordinal);
        });
    }

    /// <summary>EXPLAINs each query on reads that holds a LIKE ANY, with the query's own parameters, before it runs.</summary>
    private sealed class PlanCapture : DbCommandInterceptor
    {
        public List<string> Plans { get; } = [];

        public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            if (!command.CommandText.Contains("LIKE ANY", StringComparison.Ordinal)) return result;
            await using var explain = command.Connection!.CreateCommand();
            explain.Transaction = command.Transaction;
            // A test table is small enough to read whole; at 100 000 reads PostgreSQL picks these indexes itself
            // (docs/PERFORMANCE.md). Off for this EXPLAIN only: the query itself runs as planned.
            explain.CommandText = "SET enable_seqscan = off; EXPLAIN " + command.CommandText;
            foreach (var parameter in command.Parameters.Cast<ICloneable>()) explain.Parameters.Add(parameter.Clone());
            var lines = new List<string>();
            await using (var reader = await explain.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken)) lines.Add(reader.GetString(0));
            }
            Plans.Add(string.Join('\n', lines));
            await using var reset = command.Connection.CreateCommand();
            reset.Transaction = command.Transaction;
            reset.CommandText = "RESET enable_seqscan";
            await reset.ExecuteNonQueryAsync(cancellationToken);
            return result;
        }
    }

    private sealed class PlanFactory(DbContextOptions<PlateDbContext> options) : IDbContextFactory<PlateDbContext>
    {
        public PlateDbContext CreateDbContext() => new(options);
    }
}
