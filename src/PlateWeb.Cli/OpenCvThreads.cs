using OpenCvSharp;

namespace PlateWeb.Cli;

/// <summary>Limits the threads OpenCV's parallel loops use, until disposed (the setting is process-wide).</summary>
public sealed class OpenCvThreads : IDisposable
{
    private readonly int _previous;

    private OpenCvThreads(int threads)
    {
        _previous = Cv2.GetNumThreads();
        Cv2.SetNumThreads(threads);
    }

    public static OpenCvThreads Limit(int threads) => new(threads);

    public void Dispose() => Cv2.SetNumThreads(_previous);
}
