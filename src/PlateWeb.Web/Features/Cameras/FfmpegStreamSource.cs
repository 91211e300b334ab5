using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using OpenCvSharp;

namespace PlateWeb.Web.Features.Cameras;

/// <summary>
/// An RTSP or HTTP(S) stream (MJPEG, H.264, H.265) decoded by Debian's <c>ffmpeg</c> in a child process, which
/// writes each frame to its standard output as a BMP (its header gives its length, so frames are cut without a
/// parser). OpenCvSharp's official Linux runtime builds FFmpeg without any network protocol (only <c>file</c>:
/// VideoCapture opens files, not URLs), so streams cannot go through it. The process is killed when the source
/// is disposed or the camera stops; it never outlives the app's camera.
/// </summary>
public sealed class FfmpegStreamSource(string url, double framesPerSecond, TimeProvider time, string ffmpeg = "ffmpeg") : IFrameSource
{
    private Process? _process;
    private Stream? _output;
    private readonly Stopwatch _clock = new();

    public bool Paced => false;

    public bool Ended => false;

    public void Open()
    {
        var start = new ProcessStartInfo(ffmpeg)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        List<string> args = ["-hide_banner", "-loglevel", "error", "-nostdin"];
        // A silent server ends the process after 5 s (microseconds) instead of leaving the camera hanging.
        if (url.StartsWith("rtsp", StringComparison.OrdinalIgnoreCase)) args.AddRange(["-rtsp_transport", "tcp", "-timeout", "5000000"]);
        else args.AddRange(["-rw_timeout", "5000000"]);
        args.AddRange(["-i", url, "-an",
            // Twice the analysed rate: the worker still picks its frames, ffmpeg only spares encoding the rest.
            "-vf", string.Create(CultureInfo.InvariantCulture, $"fps={Math.Min(60, framesPerSecond * 2):0.###}"),
            "-c:v", "bmp", "-f", "image2pipe", "pipe:1"]);
        foreach (var a in args) start.ArgumentList.Add(a);
        try
        {
            _process = Process.Start(start) ?? throw new CameraSourceException("ffmpeg could not be started.");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new CameraSourceException("ffmpeg is not installed (scripts/setup.sh installs it).");
        }
        // Its messages may hold the URL with its password: drained, never logged.
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginErrorReadLine();
        _output = _process.StandardOutput.BaseStream;
        _clock.Restart();
    }

    public CameraFrame? Read(CancellationToken ct)
    {
        if (_output is null) return null;
        using var stop = ct.Register(Kill);
        Span<byte> header = stackalloc byte[14];
        if (!ReadExactly(header)) return null;
        if (header[0] != (byte)'B' || header[1] != (byte)'M') return null;
        var size = BinaryPrimitives.ReadInt32LittleEndian(header[2..]);
        if (size <= 14 || size > 200_000_000) return null;
        var bytes = new byte[size];
        header.CopyTo(bytes);
        if (!ReadExactly(bytes.AsSpan(14))) return null;
        var image = Cv2.ImDecode(bytes, ImreadModes.Color);
        if (image.Empty())
        {
            image.Dispose();
            return null;
        }
        return new CameraFrame(image, time.GetUtcNow().UtcDateTime, _clock.Elapsed.TotalMilliseconds);
    }

    private bool ReadExactly(Span<byte> buffer)
    {
        try
        {
            _output!.ReadExactly(buffer);
            return true;
        }
        catch (Exception ex) when (ex is EndOfStreamException or IOException or ObjectDisposedException)
        {
            return false;
        }
    }

    private void Kill()
    {
        try
        {
            if (_process is { HasExited: false }) _process.Kill();
        }
        catch (InvalidOperationException)
        {
        }
    }

    public void Dispose()
    {
        Kill();
        _process?.WaitForExit(2000);
        _process?.Dispose();
        _process = null;
        _output = null;
    }
}
