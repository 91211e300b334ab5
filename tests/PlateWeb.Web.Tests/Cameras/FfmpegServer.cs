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

    private FfmpegServer(Process process, string url)
    {
        _process = process;
        Url = url;
    }

    public string Url { get; }

    public bool HasExited => _process.HasExited;

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <param name="format">"mpjpeg" (multipart Motion-JPEG, what most IP cameras serve) or "mpegts" (H.264 re-encoded).</param>
    public static async Task<FfmpegServer> StartAsync(string videoPath, int port, string format = "mpjpeg")
    {
        var url = $"http://127.0.0.1:{port}/lane";
        var start = new ProcessStartInfo("ffmpeg")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        string[] codec = format == "mpegts" ? ["-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "10"] : ["-c", "copy"];
        foreach (var a in (string[])["-hide_banner", "-loglevel", "error", "-re", "-i", videoPath, .. codec, "-f", format, "-listen", "1", url])
        {
            start.ArgumentList.Add(a);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("ffmpeg did not start");
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        // Listening takes ffmpeg a moment; the camera would reconnect anyway, but a test should not wait for that.
        for (var i = 0; i < 50; i++)
        {
            if (IPGlobalPropertiesListens(port)) break;
            await Task.Delay(100);
        }
        return new FfmpegServer(process, url);
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
