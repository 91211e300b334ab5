using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace PlateWeb.Web.Tests.Cameras;

/// <summary>
/// Debian's ffmpeg serving a video file over HTTP to one client (<c>-listen 1</c>) at its own pace (<c>-re</c>), as
/// an IP camera serves Motion-JPEG; killed on dispose (this process only).
/// </summary>
public sealed class FfmpegServer : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _errors;

    private FfmpegServer(Process process, List<string> errors, string url)
    {
        _process = process;
        _errors = errors;
        Url = url;
    }

    public string Url { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>What ffmpeg wrote on its standard error (and its exit code once it stopped), for a failing test's message.</summary>
    public string Errors
    {
        get
        {
            string exit;
            try
            {
                exit = _process.HasExited ? $"\nexit code {_process.ExitCode}" : "";
            }
            catch (InvalidOperationException)
            {
                exit = "\n(stopped by the test)";
            }
            lock (_errors) return string.Join("\n", _errors) + exit;
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <param name="format">"mpjpeg" (multipart Motion-JPEG, what most IP cameras serve) or "mpegts" (H.264 re-encoded).</param>
    /// <param name="loop">Plays the video over and over until disposed, as a camera never stops.</param>
    public static async Task<FfmpegServer> StartAsync(string videoPath, int port, string format = "mpjpeg", bool loop = false)
    {
        var url = $"http://127.0.0.1:{port}/lane";
        var start = new ProcessStartInfo("ffmpeg")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        string[] codec = format == "mpegts" ? ["-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "10"] : ["-c", "copy"];
        string[] repeat = loop ? ["-stream_loop", "-1"] : [];
        foreach (var a in (string[])["-hide_banner", "-loglevel", "error", "-re", .. repeat, "-i", videoPath, .. codec, "-f", format, "-listen", "1", url])
        {
            start.ArgumentList.Add(a);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("ffmpeg did not start");
        var errors = new List<string>();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (errors) errors.Add(e.Data);
        };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        // Listening takes ffmpeg a moment; the camera would reconnect anyway, but a test should not wait for that.
        for (var i = 0; i < 50; i++)
        {
            if (IPGlobalPropertiesListens(port)) break;
            await Task.Delay(100);
        }
        return new FfmpegServer(process, errors, url);
    }

    private static bool IPGlobalPropertiesListens(int port) =>
        System.Net.NetworkInformation.IPGlobalProperties.GetIPGlobalProperties().GetActiveTcpListeners().Any(e => e.Port == port);

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(5000);
        }
        _process.Dispose();
    }
}
