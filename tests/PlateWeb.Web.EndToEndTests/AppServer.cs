using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;

namespace PlateWeb.Web.EndToEndTests;

/// <summary>
/// The real PlateWeb.Web, started as people start it (<c>dotnet PlateWeb.Web.dll --urls …</c>) from the
/// build of this test's configuration: real OpenCV, Tesseract and SQLite, on a free localhost port and a
/// temporary data folder (PLATEWEB_DATA), stopped and deleted on dispose.
/// </summary>
public sealed class AppServer : IAsyncDisposable
{
    public const string AdminUser = "e2e-admin";

    public const string AdminPassword = "e2e admin password";

    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private AppServer(Process process, Uri baseAddress, string dataDirectory)
    {
        _process = process;
        BaseAddress = baseAddress;
        DataDirectory = dataDirectory;
    }

    public Uri BaseAddress { get; }

    public string DataDirectory { get; }

    /// <summary>What the app wrote so far, for a failing test's message.</summary>
    public string Log
    {
        get
        {
            lock (_log) return _log.ToString();
        }
    }

    /// <param name="prepare">Run on the new data folder before the app starts (a seeded history).</param>
    /// <param name="settings">More PLATEWEB_ settings, by configuration key ("Redis:Connection"), for a scale-out node.</param>
    public static async Task<AppServer> StartAsync(Func<string, Task>? prepare = null, IReadOnlyDictionary<string, string>? settings = null)
    {
        var root = RepositoryRoot();
        var configuration = typeof(AppServer).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "Configuration").Value!;
        var dll = Path.Combine(root, "src", "PlateWeb.Web", "bin", configuration, "net10.0", "PlateWeb.Web.dll");
        if (!File.Exists(dll)) throw new FileNotFoundException("Build src/PlateWeb.Web first (the test project references it).", dll);

        var data = Directory.CreateTempSubdirectory("plateweb-e2e-").FullName;
        if (prepare is not null) await prepare(data);
        var baseAddress = new Uri($"http://127.0.0.1:{FreePort()}/");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(baseAddress.ToString().TrimEnd('/'));
        start.Environment["PLATEWEB_DATA"] = data;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["PLATEWEB_Upload__Workers"] = "1";
        // An unattended install: the admin account comes from the environment.
        start.Environment["PLATEWEB_Auth__AdminUser"] = AdminUser;
        start.Environment["PLATEWEB_Auth__AdminPassword"] = AdminPassword;
        // The chat runs on a tiny real GGUF written here (nonsense answers, real LLamaSharp streaming), with room
        // for long answers so that Stop has something to stop.
        var model = Path.Combine(data, "tiny-chat.gguf");
        PlateWeb.Chat.Tests.Model.TinyLlamaGguf.Write(model);
        start.Environment["PLATEWEB_Chat__ModelPath"] = model;
        start.Environment["PLATEWEB_Chat__ContextSize"] = "32768";
        // A long answer (the tiny model writes about 1 500 tokens a second): the chat test must catch it running.
        start.Environment["PLATEWEB_Chat__MaxTokens"] = "30000";
        // The tiny test model talks in loops; the chat test needs a long answer to watch and stop.
        start.Environment["PLATEWEB_Chat__StopLoops"] = "false";
        // One core for the model: the server and the browser keep the other, so Stop is seen at once.
        start.Environment["PLATEWEB_Chat__Threads"] = "1";
        start.Environment["PLATEWEB_Chat__LoadAtStart"] = "true";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment["PLATEWEB_" + key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var server = new AppServer(process, baseAddress, data);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await server.WaitUntilServingAsync(TimeSpan.FromSeconds(90));
        return server;
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_log) _log.AppendLine(line);
    }

    private async Task WaitUntilServingAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"PlateWeb.Web exited with {_process.ExitCode}:\n{Log}");
            try
            {
                if ((await http.GetAsync(new Uri("about", UriKind.Relative))).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Listening, still starting.
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"PlateWeb.Web did not answer within {timeout.TotalSeconds} s:\n{Log}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PlateWeb.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("PlateWeb.sln not found above " + AppContext.BaseDirectory);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            // Bounded: a pipe held open by something else must not hold the whole test run.
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await _process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                Console.Error.WriteLine($"AppServer: PlateWeb.Web ({_process.Id}) has not ended 30 s after it was killed");
            }
        }
        _process.Dispose();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by the dying process: the temporary folder is left behind.
        }
    }
}
