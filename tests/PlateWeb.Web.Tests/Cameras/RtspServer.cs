using System.Diagnostics;
using PlateWeb.Jobs.Hosting;

namespace PlateWeb.Web.Tests.Cameras;

/// <summary>
/// A real RTSP server: GStreamer's (Debian's gir1.2-gst-rtsp-server-1.0, through Debian's Python) serving a
/// Motion-JPEG video file over RTP as an IP camera does, started by <c>rtsp_server.py</c> beside this file on a
/// port the test chose; killed on dispose (this process only). Installed by scripts/setup.sh on the
/// `./plateweb test` path: when it is missing, starting fails with the packages to install.
/// </summary>
public sealed class RtspServer : IDisposable
{
    private const string Python = "/usr/bin/python3";
    private readonly Process _process;
    private readonly List<string> _errors;

    private RtspServer(Process process, List<string> errors, string url)
    {
        _process = process;
        _errors = errors;
        Url = url;
    }

    /// <summary>rtsp://127.0.0.1:PORT/cam, without credentials.</summary>
    public string Url { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>What the server wrote on its standard error, for a failing test's message.</summary>
    public string Errors
    {
        get
        {
            lock (_errors) return string.Join("\n", _errors);
        }
    }

    /// <param name="once">Exit once the first client has been sent the whole video (a camera that reconnects finds nothing).</param>
    /// <param name="user">With <paramref name="password"/>: HTTP Basic credentials the server asks for (others get 401).</param>
    public static async Task<RtspServer> StartAsync(string videoPath, int port, bool once = true, string? user = null, string? password = null)
    {
        var script = Path.Combine(ContentRootLocator.FindRepositoryRoot() ?? throw new InvalidOperationException("PlateWeb.sln not found"),
            "tests", "PlateWeb.Web.Tests", "Cameras", "rtsp_server.py");
        if (!File.Exists(Python))
            throw new InvalidOperationException($"{Python} is missing: run scripts/setup.sh with PLATEWEB_WITH_BROWSER=1 (./plateweb test does) to install GStreamer's RTSP server.");
        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(videoPath);
        start.ArgumentList.Add("--port");
        start.ArgumentList.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (once) start.ArgumentList.Add("--once");
        if (user is not null)
        {
            start.ArgumentList.Add("--user");
            start.ArgumentList.Add(user);
            start.ArgumentList.Add("--password");
            start.ArgumentList.Add(password ?? "");
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start");
        var errors = new List<string>();
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data == "ready") ready.TrySetResult();
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (errors) errors.Add(e.Data);
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new RtspServer(process, errors, $"rtsp://127.0.0.1:{port}/cam");
        // Python and GStreamer start in about a second; a loaded machine may take many.
        var exited = process.WaitForExitAsync();
        var first = await Task.WhenAny(ready.Task, exited, Task.Delay(TimeSpan.FromSeconds(60)));
        if (first == ready.Task) return server;
        if (first == exited)
        {
            // Its standard error may still be arriving.
            await process.WaitForExitAsync();
            var message = $"The RTSP server stopped at start (exit code {process.ExitCode}): {server.Errors}";
            server.Dispose();
            throw new InvalidOperationException(message);
        }
        server.Dispose();
        throw new TimeoutException($"The RTSP server did not listen within 60 s: {server.Errors}");
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
    }
}
