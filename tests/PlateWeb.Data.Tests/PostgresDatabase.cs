using Npgsql;

namespace PlateWeb.Data.Tests;

/// <summary>
/// One database on the run's <see cref="PostgresCluster"/> for one test class (a class fixture); migrated by the first
/// test's <see cref="TempDatabase"/> and emptied again before each test (<see cref="ResetAsync"/>), dropped with the class.
/// </summary>
public sealed class PostgresDatabase : IAsyncLifetime
{
    private readonly string _name = "plateweb_tests_" + Guid.NewGuid().ToString("N");
    private PostgresCluster? _cluster;

    public string ConnectionString { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        _cluster = await PostgresCluster.SharedAsync();
        ConnectionString = await _cluster.CreateDatabaseAsync(_name);
    }

    /// <summary>Every table empty and every identity back to 1, as a new SQLite file; the migrations history stays.</summary>
    public async Task ResetAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var truncate = new NpgsqlCommand("""
            DO $$
            DECLARE tables text;
            BEGIN
                SELECT string_agg(format('%I', tablename), ', ') INTO tables FROM pg_tables
                WHERE schemaname = 'public' AND tablename <> '__EFMigrationsHistory';
                IF tables IS NOT NULL THEN EXECUTE 'TRUNCATE ' || tables || ' RESTART IDENTITY CASCADE'; END IF;
            END $$;
            """, connection);
        await truncate.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null) await _cluster.DropDatabaseAsync(_name);
    }
}
