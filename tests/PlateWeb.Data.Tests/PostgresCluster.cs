using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace PlateWeb.Data.Tests;

/// <summary>
/// A throwaway PostgreSQL server for the tests: <c>initdb</c> and <c>pg_ctl</c> (Debian's postgresql package) on a
/// temporary folder, listening on a free localhost port, trusted local access, durability off (a test database is
/// never recovered). One cluster serves the whole test run (<see cref="SharedAsync"/>); it is stopped and its
/// folder removed when the run ends or its process is killed (<see cref="StartWatchdog"/>), and what a watchdog
/// could not remove is cleaned up by the next run (<see cref="SweepAbandoned"/>). PostgreSQL refuses to run as root: as root, its programs run as the postgres user.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    private const string FolderPrefix = "plateweb-pg-";
    private const string OwnerFile = "owner.pid";
    private static readonly Lazy<Task<PostgresCluster>> Shared = new(StartSharedAsync);

    private readonly string _bin;
    private int _stopped;

    private PostgresCluster(string bin, string folder, int port)
    {
        _bin = bin;
        Folder = folder;
        Port = port;
    }

    /// <summary>Holds the cluster (data/), its log and the socket.</summary>
    public string Folder { get; }

    public int Port { get; }

    private string DataFolder => Path.Combine(Folder, "data");

    /// <summary>The run's cluster, started on first use.</summary>
    public static Task<PostgresCluster> SharedAsync() => Shared.Value;

    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = "postgres", Database = database, Pooling = true }.ConnectionString;

    /// <summary>An empty database named <paramref name="name"/>; its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string name)
    {
        await using (var connection = new NpgsqlConnection(ConnectionString("postgres")))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        return ConnectionString(name);
    }

    public async Task DropDatabaseAsync(string name)
    {
        NpgsqlConnection.ClearPool(new NpgsqlConnection(ConnectionString(name)));
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    /// <summary>initdb, settings, pg_ctl start (waits until it accepts connections).</summary>
    /// <exception cref="InvalidOperationException">PostgreSQL's programs are missing, or the server did not start.</exception>
    public static async Task<PostgresCluster> StartAsync()
    {
        var bin = FindBinaries();
        SweepAbandoned(bin);
        var folder = Directory.CreateTempSubdirectory(FolderPrefix).FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, OwnerFile), Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (IsRoot) Run("chown", "postgres:postgres", folder);
        var cluster = new PostgresCluster(bin, folder, FreePort());
        try
        {
            cluster.RunPostgres("initdb", "-D", cluster.DataFolder, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync");
            await File.AppendAllTextAsync(Path.Combine(cluster.DataFolder, "postgresql.conf"), $"""

                listen_addresses = '127.0.0.1'
                port = {cluster.Port}
                unix_socket_directories = '{folder}'
                max_connections = 300
                fsync = off
                synchronous_commit = off
                full_page_writes = off
                """);
            cluster.RunPostgres("pg_ctl", "-D", cluster.DataFolder, "-l", Path.Combine(folder, "server.log"), "-w", "-t", "60", "start");
            cluster.StartWatchdog();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops the server (immediate: nothing to keep) and removes the folder.</summary>
    public ValueTask DisposeAsync()
    {
        Stop();
        return ValueTask.CompletedTask;
    }

    private void Stop()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1) return;
        NpgsqlConnection.ClearAllPools();
        StopFolder(_bin, Folder);
    }

    /// <summary>
    /// A shell, detached from this process (setsid), that stops the server and removes the folder once this process
    /// is gone: the test host may be killed (a hang, Ctrl+C, kill -9) or may exit before ProcessExit handlers finish.
    /// </summary>
    private void StartWatchdog()
    {
        var stop = IsRoot ? $"runuser -u postgres -- '{_bin}/pg_ctl'" : $"'{_bin}/pg_ctl'";
        var script = $"while kill -0 {Environment.ProcessId} 2>/dev/null; do sleep 1; done; "
            + $"{stop} -D '{DataFolder}' -m immediate -w stop; rm -rf '{Folder}'";
        Run("sh", "-c", $"setsid -f sh -c \"{script}\" </dev/null >/dev/null 2>&1");
    }

    private static async Task<PostgresCluster> StartSharedAsync()
    {
        var cluster = await StartAsync();
        // The run's end: xUnit v2 has no assembly fixture, and a test class must not stop what the others use.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.Stop();
        return cluster;
    }

    /// <summary>
    /// Clusters left by a test run that was killed (its process is gone): stopped and removed. Best effort; a folder
    /// whose owner still runs is another run's.
    /// </summary>
    private static void SweepAbandoned(string bin)
    {
        foreach (var folder in Directory.EnumerateDirectories(Path.GetTempPath(), FolderPrefix + "*"))
        {
            try
            {
                var owner = File.Exists(Path.Combine(folder, OwnerFile)) ? File.ReadAllText(Path.Combine(folder, OwnerFile)).Trim() : null;
                if (owner is null || Directory.Exists($"/proc/{owner}")) continue;
                StopFolder(bin, folder);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                // Another run's sweep got there first, or the folder is not ours to remove.
            }
        }
    }

    private static void StopFolder(string bin, string folder)
    {
        var data = Path.Combine(folder, "data");
        try
        {
            if (File.Exists(Path.Combine(data, "postmaster.pid")))
            {
                RunAs(Path.Combine(bin, "pg_ctl"), "-D", data, "-m", "immediate", "-w", "stop");
            }
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }
        Directory.Delete(folder, recursive: true);
    }

    private void RunPostgres(string program, params string[] arguments) => RunAs(Path.Combine(_bin, program), arguments);

    private static bool IsRoot => Environment.UserName == "root";

    private static void RunAs(string program, params string[] arguments)
    {
        if (IsRoot) Run("runuser", ["-u", "postgres", "--", program, .. arguments]);
        else Run(program, arguments);
    }

    private static void Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{Path.GetFileName(program)} did not finish in 2 minutes.");
        }
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(program)} {string.Join(' ', arguments)} failed ({process.ExitCode}): {error.Result}{output.Result}");
        }
    }

    /// <summary>The newest /usr/lib/postgresql/N/bin (Debian's layout), else the folder of initdb on PATH.</summary>
    private static string FindBinaries()
    {
        const string debian = "/usr/lib/postgresql";
        var candidates = Directory.Exists(debian)
            ? Directory.EnumerateDirectories(debian).Select(d => Path.Combine(d, "bin"))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
            : Enumerable.Empty<string>();
        var path = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries);
        return candidates.Concat(path).FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")))
            ?? throw new InvalidOperationException(
                "PostgreSQL's initdb and pg_ctl were not found (in /usr/lib/postgresql/*/bin or on PATH): the PostgreSQL half of the "
                + "data tests needs Debian's postgresql package (apt-get install postgresql; `./plateweb test` installs it through scripts/setup.sh).");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
