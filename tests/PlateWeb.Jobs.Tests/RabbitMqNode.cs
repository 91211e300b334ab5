using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace PlateWeb.Jobs.Tests;

/// <summary>
/// A throwaway RabbitMQ node: Debian's rabbitmq-server (its script, not the /usr/sbin wrapper that switches to the
/// rabbitmq user) on a temporary folder, with its own node name, free AMQP and distribution ports, its own epmd port
/// and Erlang cookie (HOME is the folder), so it never meets a system broker or another run's node. Stopped, its
/// epmd ended and its folder removed on dispose, or by a detached watchdog once the test host is gone (kill -9).
/// Installed by scripts/setup.sh (PLATEWEB_WITH_BROWSER=1, as `./plateweb test` runs it).
/// </summary>
public sealed class RabbitMqNode : IAsyncDisposable
{
    private const string Server = "/usr/lib/rabbitmq/bin/rabbitmq-server";
    private const string Ctl = "/usr/lib/rabbitmq/bin/rabbitmqctl";
    private readonly string _folder;
    private readonly int _epmdPort;
    private readonly int _distPort;
    private Process? _process;
    private int _disposed;

    private RabbitMqNode(string folder, int port, int distPort, int epmdPort)
    {
        _folder = folder;
        Port = port;
        _distPort = distPort;
        _epmdPort = epmdPort;
        NodeName = $"plateweb-test-{Guid.NewGuid():N}"[..24] + "@localhost";
    }

    public int Port { get; }

    public string NodeName { get; }

    public string Uri => $"amqp://guest:guest@127.0.0.1:{Port}/";

    public static async Task<RabbitMqNode> StartAsync()
    {
        if (!File.Exists(Server))
        {
            throw new InvalidOperationException($"{Server} is missing: run scripts/setup.sh with PLATEWEB_WITH_BROWSER=1 (./plateweb test does) to install rabbitmq-server.");
        }
        var folder = Directory.CreateTempSubdirectory("plateweb-rabbitmq-").FullName;
        var node = new RabbitMqNode(folder, FreePort(), FreePort(), FreePort());
        await File.WriteAllTextAsync(Path.Combine(folder, "rabbitmq.conf"), $"""
            listeners.tcp.default = 127.0.0.1:{node.Port}
            loopback_users = none
            log.console = false
            log.file.level = warning
            """);
        await File.WriteAllTextAsync(Path.Combine(folder, "enabled_plugins"), "[].");
        try
        {
            await node.StartProcessAsync();
            node.StartWatchdog();
            return node;
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
    }

    /// <summary>A clean stop (as a service restart does), then the same node again on the same folder and ports.</summary>
    public async Task RestartAsync()
    {
        Stop();
        await StartProcessAsync();
    }

    private async Task StartProcessAsync()
    {
        var start = new ProcessStartInfo(Server) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        AddEnvironment(start);
        var process = Process.Start(start) ?? throw new InvalidOperationException("rabbitmq-server did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        // Erlang boots in 5-15 s on a busy machine; the AMQP listener opens last, when the node is ready.
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(250);
            }
            catch (SocketException)
            {
                var log = Directory.Exists(Path.Combine(_folder, "log"))
                    ? string.Join("\n", Directory.EnumerateFiles(Path.Combine(_folder, "log")).Select(f => File.ReadAllText(f)))
                    : "(no log)";
                throw new InvalidOperationException($"rabbitmq-server did not open port {Port} (exited: {process.HasExited}). Log:\n{log}");
            }
        }
    }

    private void AddEnvironment(ProcessStartInfo start)
    {
        start.Environment["HOME"] = _folder;
        start.Environment["RABBITMQ_NODENAME"] = NodeName;
        start.Environment["RABBITMQ_NODE_PORT"] = Port.ToString(CultureInfo.InvariantCulture);
        start.Environment["RABBITMQ_DIST_PORT"] = _distPort.ToString(CultureInfo.InvariantCulture);
        start.Environment["ERL_EPMD_PORT"] = _epmdPort.ToString(CultureInfo.InvariantCulture);
        start.Environment["RABBITMQ_MNESIA_BASE"] = Path.Combine(_folder, "mnesia");
        start.Environment["RABBITMQ_LOG_BASE"] = Path.Combine(_folder, "log");
        start.Environment["RABBITMQ_CONFIG_FILE"] = Path.Combine(_folder, "rabbitmq.conf");
        start.Environment["RABBITMQ_ADVANCED_CONFIG_FILE"] = Path.Combine(_folder, "advanced.config");
        start.Environment["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(_folder, "enabled_plugins");
        start.Environment["RABBITMQ_PID_FILE"] = Path.Combine(_folder, "rabbitmq.pid");
        // Not /etc/rabbitmq/rabbitmq-env.conf: a machine's own settings must not reach the test node.
        start.Environment["RABBITMQ_CONF_ENV_FILE"] = Path.Combine(_folder, "rabbitmq-env.conf");
    }

    private void Stop()
    {
        if (_process is not { } process) return;
        _process = null;
        try
        {
            Run(Ctl, "-n", NodeName, "stop");
        }
        catch (InvalidOperationException)
        {
            // Not answering: killed below.
        }
        if (!process.WaitForExit(TimeSpan.FromSeconds(30))) process.Kill(entireProcessTree: true);
        process.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return ValueTask.CompletedTask;
        try
        {
            Stop();
        }
        finally
        {
            try
            {
                Run("epmd", "-kill");
            }
            catch (InvalidOperationException)
            {
                // No epmd on that port: nothing to end.
            }
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open by the exiting node: left to the temp folder's cleaning.
            }
        }
        return ValueTask.CompletedTask;
    }

    /// <summary>Ends this node's beam (by its pid file) and epmd (by its port) once the test host is gone, however it ended.</summary>
    private void StartWatchdog()
    {
        var pidFile = Path.Combine(_folder, "rabbitmq.pid");
        var script = $"while kill -0 {Environment.ProcessId} 2>/dev/null; do sleep 1; done; "
            + $"[ -f '{pidFile}' ] && kill -9 $(cat '{pidFile}') 2>/dev/null; sleep 1; ERL_EPMD_PORT={_epmdPort} epmd -kill; rm -rf '{_folder}'";
        var start = new ProcessStartInfo("sh") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"setsid -f sh -c \"{script}\" </dev/null >/dev/null 2>&1");
        using var watchdog = Process.Start(start);
        watchdog?.WaitForExit(TimeSpan.FromSeconds(10));
    }

    private void Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        AddEnvironment(start);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{program} did not finish in 60 s.");
        }
        if (process.ExitCode != 0) throw new InvalidOperationException($"{program} failed ({process.ExitCode}): {error.Result}{output.Result}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
