using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using PlateWeb.Cli.Commands;
using PlateWeb.Data;
using PlateWeb.Data.Storage;
using PlateWeb.Data.Tests;
using PlateWeb.Recognition.Detection;
using PlateWeb.Recognition.Grammar;
using PlateWeb.Recognition.Pipeline;
using Xunit.Abstractions;

namespace PlateWeb.Cli.Tests.EndToEnd;

/// <summary>`platectl migrate-data` from a SQLite data folder into a new database on a throwaway PostgreSQL cluster.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class MigrateDataTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly IReadOnlyDictionary<string, Func<CliContext, Task<int>>> Verbs = new Dictionary<string, Func<CliContext, Task<int>>>
    {
        ["migrate-data"] = MigrateDataCommand.RunAsync,
        ["keys"] = AdminCommands.KeysAsync,
    };

    private readonly string _root = Directory.CreateTempSubdirectory("plateweb-migrate-").FullName;
    private readonly string _database = "plateweb_cli_migrate_" + Guid.NewGuid().ToString("N");
    private PostgresCluster _cluster = null!;
    private string _target = string.Empty;

    private string Data => Path.Combine(_root, "data");

    private string From => "sqlite:" + Path.Combine(Data, "plateweb.db");

    private string To => "postgres:" + _target;

    public async Task InitializeAsync()
    {
        _cluster = await PostgresCluster.SharedAsync();
        _target = await _cluster.CreateDatabaseAsync(_database);
    }

    public async Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        await _cluster.DropDatabaseAsync(_database);
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task MigrateData_ThenVerifyAfterTampering_PrintsOkThenMismatch()
    {
        await SeedAsync(5);

        var copy = await Run("migrate-data", "--from", From, "--to", To, "--batch-size", "2");
        await using (var connection = new NpgsqlConnection(_target))
        {
            await connection.OpenAsync();
            await using var tamper = new NpgsqlCommand("""UPDATE "ApiKeys" SET "Name" = 'edited'""", connection);
            await tamper.ExecuteNonQueryAsync();
        }
        var verify = await Run("migrate-data", "--verify", "--from", From, "--to", To);

        Assert.Equal(0, copy.Code);
        Assert.Contains("PlateReads: 5/5 rows (100 %)", copy.Error, StringComparison.Ordinal);
        Assert.Contains("Image files were not copied", copy.Error, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^Images\s+5\s+5\s+OK$", copy.Out);
        Assert.Matches(@"(?m)^PlateSummaries\s+5\s+5\s+OK$", copy.Out);
        Assert.DoesNotContain("MISMATCH", copy.Out, StringComparison.Ordinal);
        Assert.Equal(1, verify.Code);
        Assert.Matches(@"(?m)^ApiKeys\s+1\s+1\s+MISMATCH$", verify.Out);
        Assert.Matches(@"(?m)^PlateReads\s+5\s+5\s+OK$", verify.Out);
        Assert.DoesNotContain("Copying", verify.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MigrateData_StoppedByBatches_ExitsThreeThenAResumeFinishes()
    {
        await SeedAsync(3);

        var stopped = await Run("migrate-data", "--from", From, "--to", To, "--batch-size", "1", "--batches", "2");
        var resumed = await Run("migrate-data", "--from", From, "--to", To, "--batch-size", "1");

        Assert.Equal(MigrateDataCommand.Incomplete, stopped.Code);
        Assert.Contains("run the same command again", stopped.Error, StringComparison.Ordinal);
        Assert.Equal(0, resumed.Code);
        Assert.Matches(@"(?m)^PlateReads\s+3\s+3\s+OK$", resumed.Out);
    }

    [Fact]
    public async Task MigrateData_WrongSchemeMissingFileOrNoServer_SaysWhichWithoutThePassword()
    {
        var scheme = await Run("migrate-data", "--from", "mysql:plates", "--to", To);
        var noTo = await Run("migrate-data", "--from", From);
        var missing = await Run("migrate-data", "--from", From, "--to", To);
        await SeedAsync(1);
        var closed = new NpgsqlConnectionStringBuilder(_target) { Port = FreePort(), Password = "hunter2", Timeout = 5 }.ConnectionString;
        var noServer = await Run("migrate-data", "--from", From, "--to", "postgres:" + closed);

        Assert.Equal((2, 2, 1, 1), (scheme.Code, noTo.Code, missing.Code, noServer.Code));
        Assert.Contains("--from must be sqlite:PATH, not mysql:", scheme.Error, StringComparison.Ordinal);
        Assert.Contains("give --to postgres:CONNECTION-STRING", noTo.Error, StringComparison.Ordinal);
        Assert.Contains("does not exist", missing.Error, StringComparison.Ordinal);
        Assert.Contains("Cannot connect to PostgreSQL database", noServer.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", noServer.Error, StringComparison.Ordinal);
    }

    /// <summary>Images with one read each, stored as the web app stores uploads, and one API key.</summary>
    private async Task SeedAsync(int images)
    {
        var options = new DataOptions { DataDirectory = Data };
        var data = await StandaloneData.OpenAsync(options, NullLoggerFactory.Instance, default);
        for (var i = 0; i < images; i++)
        {
            var text = $"AB{i:000}CD";
            byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, (byte)i, 7];
            await data.Store.StoreAsync(png, $"{i}.png", 10, 10, [Read(text)], default);
        }
        Assert.Equal(0, (await Run("keys", "--data", Data, "create", "camera")).Code);
    }

    private static PlateRead Read(string text) => new(
        text, text, 0.9f, [.. text.Select(_ => 0.9f)], [new PlateCandidate(text, 0.9f, "FR-SIV")],
        new Quad(new PointF(1, 2), new PointF(30, 2), new PointF(30, 12), new PointF(1, 12)),
        "FR", "FR-SIV", 0.9f, "French SIV format", text, []);

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private Task<(int Code, string Out, string Error)> Run(params string[] args) =>
        ConsoleCapture.RunCliAsync(Verbs, output, args);
}
