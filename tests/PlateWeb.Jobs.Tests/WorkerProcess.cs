using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.Json;

namespace PlateWeb.Jobs.Tests;

/// <summary>A real `platectl worker` (dotnet platectl.dll worker), configured through PLATEWEB_ variables as in production.</summary>
public sealed class WorkerProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<JsonElement> _jobs = new();
    private readonly StringBuilder _log = new();

    private WorkerProcess(Process process) => _process = process;

    public int Id => _process.Id;

    /// <summary>The JSON lines printed so far, one per job finished.</summary>
    public IReadOnlyList<JsonElement> Jobs => [.. _jobs];

    public int Recognised => Jobs.Count(j => j.GetProperty("recognised").GetBoolean());

    public string Log
    {
        get
        {
            lock (_log) return _log.ToString();
        }
    }

    public bool HasExited => _process.HasExited;

    public static WorkerProcess Start(JobWorld world, params string[] arguments)
    {
        var root = JobWorld.RepositoryRoot();
        var configuration = typeof(WorkerProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "Configuration").Value!;
        var dll = Path.Combine(root, "src", "PlateWeb.Cli", "bin", configuration, "net10.0", "platectl.dll");
        if (!File.Exists(dll)) throw new FileNotFoundException("Build src/PlateWeb.Cli first (the test project references it).", dll);
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("worker");
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["PLATEWEB_DATA"] = world.DataDirectory;
        foreach (var (key, value) in world.Settings.Where(s => s.Key.StartsWith("Queue:", StringComparison.Ordinal)))
        {
            start.Environment["PLATEWEB_" + key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var worker = new WorkerProcess(process);
        process.OutputDataReceived += (_, e) =>
        {
            if (string.IsNullOrWhiteSpace(e.Data)) return;
            try
            {
                worker._jobs.Enqueue(JsonDocument.Parse(e.Data).RootElement.Clone());
            }
            catch (JsonException)
            {
                worker.Append(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) => worker.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return worker;
    }

    /// <summary>Waits until the worker says it consumes (its log line), so that jobs published next are shared.</summary>
    public async Task WaitUntilConsumingAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Log.Contains("Consuming ", StringComparison.Ordinal))
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"platectl worker did not start consuming (exited: {_process.HasExited}). Log:\n{Log}");
            }
            await Task.Delay(200);
        }
    }

    /// <summary>SIGKILL: no chance to acknowledge, close the channel or finish a job.</summary>
    public void KillHard()
    {
        _process.Kill(entireProcessTree: false);
        _process.WaitForExit(10_000);
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_log) _log.AppendLine(line);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
        _process.Dispose();
    }
}
