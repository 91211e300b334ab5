using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PlateWeb.Data;
using PlateWeb.Data.Sightings;
using PlateWeb.Recognition.Synthesis;
using PlateWeb.Web.Features.Cameras;

namespace PlateWeb.Web.Tests.Cameras;

/// <summary>
/// Cameras over RTSP for real: videos rendered here, served by GStreamer's RTSP server (<see cref="RtspServer"/>,
/// Motion-JPEG over RTP, HTTP Basic credentials) and read by the camera worker through Debian's ffmpeg, as an
/// IP camera is; recognised, joined into passes and stored in a real SQLite file.
/// </summary>
[Collection(LiveVideoCollection.Name)]
public sealed class CameraRtspTests : IDisposable
{
    private const string User = "gate-user";
    private const string Secret = "rtsp-Secret-7Kq2";
    private static readonly string[] Expected = ["AB-123-CD", "GH-456-JK", "LM-789-NP"];
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("plateweb-rtsp-tests-");

    private static string WithCredentials(string url) => url.Replace("rtsp://", $"rtsp://{User}:{Secret}@", StringComparison.Ordinal);

    [Fact]
    public async Task Rtsp_ServedWithCredentials_OnePassPerVehicleVotedSecretNeverShown()
    {
        var video = Path.Combine(_dir.FullName, "lane.avi");
        LaneVideo.WriteAvi(video, CameraHost.ThreeVehicles, new LaneVideoSpec(GapFrames: 30));
        var port = FfmpegServer.FreePort();
        // The server refuses other credentials: passes prove the camera's own reached it.
        using var server = await RtspServer.StartAsync(video, port, once: true, User, Secret);
        await using var host = new CameraHost(CameraStreamTests.Camera("Gate", WithCredentials(server.Url)));
        using var sightings = host.Services.GetRequiredService<SightingBus>().Subscribe("test");
        var id = await host.CameraIdAsync("Gate");

        // Under load (the whole suite on two cores) the reader falls behind the live stream: generous limits.
        var passes = await CameraHost.WaitForAsync(host.PassesAsync, p => p.Count >= 3, 300);
        // The server exits once it has sent the whole video (a minute at its own pace).
        await CameraHost.WaitForAsync(() => Task.FromResult(server.HasExited), exited => exited, 120);
        // The stream is over: any pass still open would be stored by now.
        await Task.Delay(1500);
        passes = await host.PassesAsync();

        Assert.True(Expected.SequenceEqual(passes.Select(p => p.Text)),
            $"passes: {string.Join(", ", passes.Select(p => $"{p.Text} ({p.FrameCount} frames)"))}\n{Diagnosis(host, id, server)}");
        Assert.All(passes, p => Assert.Equal(id, p.CameraId));
        Assert.All(passes, p => Assert.Equal("right", p.Direction));
        Assert.All(passes, p => Assert.True(p.FrameCount >= 2, $"{p.Text}: {p.FrameCount} frames"));
        var factory = host.Services.GetRequiredService<IDbContextFactory<PlateDbContext>>();
        await using (var db = await factory.CreateDbContextAsync())
        {
            var reads = await db.Reads.AsNoTracking().Include(r => r.Image).OrderBy(r => r.Id).ToListAsync();
            Assert.Equal(passes.Select(p => p.BestReadId), reads.Select(r => (long?)r.Id));
            Assert.All(reads, r => Assert.Equal(id, r.CameraId));

            // The page shows the URL without its credentials; the stored one is protected.
            var camera = await db.Cameras.AsNoTracking().SingleAsync(c => c.Id == id);
            Assert.Equal($"rtsp://***@127.0.0.1:{port}/cam", camera.SourceDisplay);
            Assert.DoesNotContain(Secret, camera.ProtectedSource, StringComparison.Ordinal);
        }
        var published = new List<PlateSighting>();
        while (sightings.Reader.TryRead(out var s)) published.Add(s);
        Assert.Equal(Expected, published.Select(s => s.Text));
        Assert.Equal(passes.Select(p => (long?)p.Id), published.Select(s => s.PassId));

        // Since the server left, the camera has been failing to reconnect: those messages are checked too.
        var status = host.Status(id);
        Assert.DoesNotContain(Secret, status.Reason ?? "", StringComparison.Ordinal);
        Assert.DoesNotContain(host.Logs.Entries, e => (e.Message + e.Exception).Contains(Secret, StringComparison.Ordinal));
        Assert.DoesNotContain(host.Logs.Entries, e => (e.Message + e.Exception).Contains(User, StringComparison.Ordinal));
        Assert.True(status.FramesStill > 0, "still frames between vehicles are not read");
    }

    [Fact]
    public async Task Rtsp_ServerKilledAndRestartedOnSamePort_ReconnectsAndReadsOn()
    {
        var first = Path.Combine(_dir.FullName, "first.avi");
        var second = Path.Combine(_dir.FullName, "second.avi");
        // The first video goes on for 20 s after its vehicle, so the server is killed in the middle of its stream.
        WriteAvi(first, LaneVideo.Frames([CameraHost.ThreeVehicles[0]], new LaneVideoSpec(GapFrames: 15))
            .Concat(LaneVideo.Frames([], new LaneVideoSpec(GapFrames: 200))));
        LaneVideo.WriteAvi(second, [CameraHost.ThreeVehicles[1]], new LaneVideoSpec(GapFrames: 15));
        var port = FfmpegServer.FreePort();
        var server = await RtspServer.StartAsync(first, port, once: true, User, Secret);
        // Repeats of a vehicle join its pass (Cameras:PassRepeatSeconds): the second server serves its video to every
        // connection, as a real camera never stops.
        await using var host = new CameraHost(new Dictionary<string, string>(CameraStreamTests.Camera("Gate", WithCredentials(server.Url)))
        {
            ["Cameras:PassRepeatSeconds"] = "3600",
        });
        var id = await host.CameraIdAsync("Gate");
        try
        {
            var passes = await CameraHost.WaitForAsync(host.PassesAsync, p => p.Count >= 1, 120);
            Assert.True(passes.Count == 1, $"{passes.Count} passes\n{Diagnosis(host, id, server)}");
            Assert.Equal(["AB-123-CD"], passes.Select(p => p.Text));
            // Killed while it streams; on a machine so loaded that the video ended first, its end is the same drop.

            // The camera goes away in the middle of its stream.
            server.Dispose();
            var down = await CameraHost.WaitForAsync(() => Task.FromResult(host.Status(id)),
                s => s.State is CameraState.Reconnecting or CameraState.Error, 30);
            Assert.True(down.State is CameraState.Reconnecting or CameraState.Error, down.State.ToString());
            Assert.False(string.IsNullOrEmpty(down.Reason));

            // Not once: a first session to it that the camera loses (a CI run on two loaded cores: its one vehicle sent,
            // no pass, then 120 s of refused connections to a server gone) is followed by another.
            server = await RtspServer.StartAsync(second, port, once: false, User, Secret);
            passes = await CameraHost.WaitForAsync(host.PassesAsync, p => p.Count >= 2, 120);
            Assert.True(passes.Count == 2, $"{passes.Count} passes\n{Diagnosis(host, id, server)}");
            Assert.Equal(["AB-123-CD", "GH-456-JK"], passes.Select(p => p.Text));
            Assert.DoesNotContain(host.Logs.Entries, e => (e.Message + e.Exception).Contains(Secret, StringComparison.Ordinal));
        }
        finally
        {
            server.Dispose();
        }
    }

    // The server's errors, then the camera's status and log lines.
    private static string Diagnosis(CameraHost host, int id, RtspServer server) => $"server{(server.HasExited ? " (exited)" : "")}: {server.Errors}\n{host.Diagnosis(id)}";

    private static void WriteAvi(string path, IEnumerable<LaneFrame> frames)
    {
        var spec = new LaneVideoSpec();
        using var writer = new OpenCvSharp.VideoWriter(path, OpenCvSharp.FourCC.MJPG, spec.Fps, new OpenCvSharp.Size(spec.Width, spec.Height));
        foreach (var frame in frames)
        {
            using (frame) writer.Write(frame.Image);
        }
    }

    public void Dispose() => _dir.Delete(recursive: true);
}
