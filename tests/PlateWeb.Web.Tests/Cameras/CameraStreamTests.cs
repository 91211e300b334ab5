using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PlateWeb.Data;
using PlateWeb.Data.Entities;
using PlateWeb.Data.Sightings;
using PlateWeb.Recognition.Synthesis;
using PlateWeb.Web.Features.Cameras;

namespace PlateWeb.Web.Tests.Cameras;

/// <summary>
/// Cameras for real: videos rendered here, served over HTTP by Debian's ffmpeg and read through OpenCV's
/// VideoCapture (its FFmpeg back-end), recognised, joined into passes and stored in a real SQLite file.
/// </summary>
[Collection(LiveVideoCollection.Name)]
public sealed class CameraStreamTests : IDisposable
{
    private static readonly string[] Expected = ["AB-123-CD", "GH-456-JK", "LM-789-NP"];
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("plateweb-camera-tests-");

    internal static Dictionary<string, string> Camera(string name, string source, string kind = "Stream") => new()
    {
        ["Cameras:Sources:0:Name"] = name,
        ["Cameras:Sources:0:Source"] = source,
        ["Cameras:Sources:0:Kind"] = kind,
        ["Cameras:Sources:0:FramesPerSecond"] = "5",
        ["Cameras:Sources:0:CountryHint"] = "FR",
    };

    [Theory]
    [InlineData("mpjpeg")]
    [InlineData("mpegts")]
    public async Task Stream_ServedOverHttp_OnePassPerVehicleVotedAndPublished(string format)
    {
        var video = Path.Combine(_dir.FullName, "lane.avi");
        // Three seconds before the first vehicle, as ffmpeg needs a moment to connect; six over MPEG-TS, whose first five
        // seconds the camera's ffmpeg holds back while it probes the stream and then lets out at once, too fast for
        // the worker's rate to take more than one of those frames (a vehicle there would be caught late, or not at all).
        LaneVideo.WriteAvi(video, CameraHost.ThreeVehicles, new LaneVideoSpec(GapFrames: format == "mpegts" ? 60 : 30));
        using var server = await FfmpegServer.StartAsync(video, FfmpegServer.FreePort(), format);
        await using var host = new CameraHost(Camera("Gate", server.Url));
        using var sightings = host.Services.GetRequiredService<SightingBus>().Subscribe("test");
        var id = await host.CameraIdAsync("Gate");

        // Under load (the whole suite on two cores) the reader falls behind the live stream: generous limits.
        var passes = await CameraHost.WaitForAsync(host.PassesAsync, p => p.Count >= 3, 300);
        await CameraHost.WaitForAsync(() => Task.FromResult(server.HasExited), exited => exited, 60);
        // The stream is over: any pass still open would be stored by now.
        await Task.Delay(1500);
        passes = await host.PassesAsync();

        Assert.True(passes.Count > 0, $"server: {server.Errors}\n{host.Diagnosis(id)}");
        Assert.Equal(Expected, passes.Select(p => p.Text));
        Assert.All(passes, p => Assert.Equal(id, p.CameraId));
        Assert.All(passes, p => Assert.Equal("right", p.Direction));
        // H.264 starts at its first key frame, so the first vehicle may be caught late: at least the two reads a pass needs.
        Assert.All(passes, p => Assert.True(p.FrameCount >= 2, $"{p.Text}: {p.FrameCount} frames"));
        var factory = host.Services.GetRequiredService<IDbContextFactory<PlateDbContext>>();
        await using (var db = await factory.CreateDbContextAsync())
        {
            var reads = await db.Reads.AsNoTracking().Include(r => r.Image).OrderBy(r => r.Id).ToListAsync();
            Assert.Equal(passes.Select(p => p.BestReadId), reads.Select(r => (long?)r.Id));
            Assert.All(reads, r => Assert.Equal(id, r.CameraId));
            Assert.All(reads, r => Assert.Equal(id, r.Image!.CameraId));
            Assert.All(reads, r => Assert.NotNull(r.Image!.CapturedAt));
        }
        var published = new List<PlateSighting>();
        while (sightings.Reader.TryRead(out var s)) published.Add(s);
        Assert.Equal(Expected, published.Select(s => s.Text));
        Assert.All(published, s => Assert.Equal("Gate", s.CameraName));
        Assert.Equal(passes.Select(p => (long?)p.Id), published.Select(s => s.PassId));
        var status = host.Status(id);
        Assert.True(status.FramesStill > 0, "still frames between vehicles are not read");
        Assert.True(status.FramesAnalysed < status.FramesRead);
    }

    [Fact]
    public async Task Stream_DropsAndComesBack_ReconnectsAndReadsOn()
    {
        var first = Path.Combine(_dir.FullName, "first.avi");
        var second = Path.Combine(_dir.FullName, "second.avi");
        LaneVideo.WriteAvi(first, [CameraHost.ThreeVehicles[0]], new LaneVideoSpec(GapFrames: 30));
        LaneVideo.WriteAvi(second, [CameraHost.ThreeVehicles[1]], new LaneVideoSpec(GapFrames: 15));
        var port = FfmpegServer.FreePort();
        // Each camera plays its video over and over, as a real one never stops: a vehicle missed while the app starts
        // comes round again, and its repeats join its pass (Cameras:PassRepeatSeconds) instead of making new ones.
        var server = await FfmpegServer.StartAsync(first, port, loop: true);
        await using var host = new CameraHost(new Dictionary<string, string>(Camera("Gate", server.Url)) { ["Cameras:PassRepeatSeconds"] = "3600" });
        var id = await host.CameraIdAsync("Gate");
        try
        {
            var passes = await CameraHost.WaitForAsync(host.PassesAsync, p => p.Count >= 1, 90);
            Assert.True(passes.Count == 1, $"{passes.Count} passes\nserver: {server.Errors}\n{host.Diagnosis(id)}");
            Assert.Equal(["AB-123-CD"], passes.Select(p => p.Text));
            Assert.Equal(CameraState.Connected, host.Status(id).State);

            // The camera goes away in the middle of its stream.
            server.Dispose();
            var down = await CameraHost.WaitForAsync(() => Task.FromResult(host.Status(id)),
                s => s.State is CameraState.Reconnecting or CameraState.Error, 30);
            Assert.True(down.State is CameraState.Reconnecting or CameraState.Error, down.State.ToString());
            Assert.False(string.IsNullOrEmpty(down.Reason));

            server = await FfmpegServer.StartAsync(second, port, loop: true);
            var back = await CameraHost.WaitForAsync(() => Task.FromResult(host.Status(id)), s => s.State == CameraState.Connected, 30);
            Assert.Equal(CameraState.Connected, back.State);
            passes = await CameraHost.WaitForAsync(host.PassesAsync, p => p.Count >= 2, 90);
            Assert.True(passes.Count == 2, $"{passes.Count} passes\nserver: {server.Errors}\n{host.Diagnosis(id)}");
            Assert.Equal(["AB-123-CD", "GH-456-JK"], passes.Select(p => p.Text));
        }
        finally
        {
            server.Dispose();
        }
    }

    [Fact]
    public async Task Folder_SnapshotsPushed_EachReadOnceMovedAndJoinedIntoPasses()
    {
        var folder = _dir.CreateSubdirectory("ftp");
        await using var host = new CameraHost(new Dictionary<string, string>(Camera("Yard", folder.FullName, "Folder"))
        {
            ["Cameras:Sources:0:AfterRead"] = "Move",
        });
        var id = await host.CameraIdAsync("Yard");
        // A camera that sends a snapshot when something moves: three of one car, three of another, then the empty yard.
        var frames = LaneVideo.Frames([new LaneVehicle(new SyntheticPlate("AB-123-CD", PlateStyle.Eu), 3), new LaneVehicle(new SyntheticPlate("GH-456-JK", PlateStyle.Eu), 3)],
            new LaneVideoSpec(GapFrames: 3)).Skip(3).ToList();
        var n = 0;
        foreach (var frame in frames)
        {
            using (frame)
            {
                // Written under another name, then renamed: the way an FTP server finishes an upload.
                var temp = Path.Combine(_dir.FullName, $"snap-{n}.jpg");
                Cv2Write(temp, frame);
                File.Move(temp, Path.Combine(folder.FullName, $"snap-{n++:D3}.jpg"));
            }
        }
        // A file that is not an image: refused with a log line, the others go on.
        await File.WriteAllTextAsync(Path.Combine(folder.FullName, "broken.jpg"), "not a picture");

        var passes = await CameraHost.WaitForAsync(host.PassesAsync, p => p.Count >= 2, 90);
        Assert.Equal(["AB-123-CD", "GH-456-JK"], passes.Select(p => p.Text));
        var done = await CameraHost.WaitForAsync(() => Task.FromResult(folder.GetDirectories("done").SingleOrDefault()?.GetFiles().Length ?? 0),
            c => c == frames.Count + 1, 30);
        Assert.Equal(frames.Count + 1, done);
        Assert.Empty(folder.GetFiles());
        Assert.Equal(frames.Count, host.Status(id).FramesRead);
        Assert.Contains(host.Logs.Entries, e => e.Message.Contains("not a readable image", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Stream_UnreachableWithCredentials_ErrorShownOthersRunSecretNeverKept()
    {
        var folder = _dir.CreateSubdirectory("yard");
        var port = FfmpegServer.FreePort();
        await using var host = new CameraHost(new Dictionary<string, string>(Camera("Gate", $"rtsp://admin:hunter2secret@127.0.0.1:{port}/stream"))
        {
            ["Cameras:Sources:1:Name"] = "Yard",
            ["Cameras:Sources:1:Source"] = folder.FullName,
            ["Cameras:Sources:1:Kind"] = "Folder",
        });
        var gate = await host.CameraIdAsync("Gate");
        var yard = await host.CameraIdAsync("Yard");
        var status = await CameraHost.WaitForAsync(() => Task.FromResult(host.Status(gate)), s => s.State == CameraState.Error, 30);
        Assert.Equal(CameraState.Error, status.State);
        Assert.False(string.IsNullOrEmpty(status.Reason));
        Assert.Equal(CameraState.Connected, host.Status(yard).State);

        var factory = host.Services.GetRequiredService<IDbContextFactory<PlateDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var camera = await db.Cameras.AsNoTracking().SingleAsync(c => c.Id == gate);
        Assert.DoesNotContain("hunter2secret", camera.ProtectedSource, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2secret", camera.SourceDisplay, StringComparison.Ordinal);
        Assert.DoesNotContain("admin", camera.SourceDisplay, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{port}/stream", camera.SourceDisplay, StringComparison.Ordinal);
        Assert.Equal($"rtsp://admin:hunter2secret@127.0.0.1:{port}/stream",
            host.Services.GetRequiredService<CameraSecrets>().Unprotect(camera.ProtectedSource));
        Assert.DoesNotContain(host.Logs.Entries, e => (e.Message + e.Exception).Contains("hunter2secret", StringComparison.Ordinal));
        Assert.Contains(host.Logs.Entries, e => e.Message.Contains($"Camera {gate} cannot be opened", StringComparison.Ordinal));
    }

    private static void Cv2Write(string path, LaneFrame frame) => OpenCvSharp.Cv2.ImWrite(path, frame.Image);

    public void Dispose() => _dir.Delete(recursive: true);
}
