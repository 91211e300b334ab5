namespace PlateWeb.Web.Tests.Cameras;

/// <summary>
/// Tests that read a live stream (ffmpeg's HTTP server, the RTSP server) run alone, after the others: a live stream
/// does not wait for a slow reader, so beside other tests on two cores it loses whole vehicles to frame dropping (a CI
/// run lost two of three).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LiveVideoCollection
{
    public const string Name = "Live video";
}
