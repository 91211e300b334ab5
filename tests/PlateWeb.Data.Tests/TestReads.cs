using PlateWeb.Recognition.Detection;
using PlateWeb.Recognition.Grammar;
using PlateWeb.Recognition.Pipeline;

namespace PlateWeb.Data.Tests;

/// <summary>Stand-ins for what the engine returns, for tests of the store itself.</summary>
internal static class TestReads
{
    /// <summary>Bytes that start like a PNG (the store names the file by its sniffed format); distinct per seed.</summary>
    public static byte[] FakePng(int seed) => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, (byte)seed, (byte)(seed >> 8), (byte)seed];

    public static PlateRead Read(string text, string display, float confidence = 0.9f, string country = "FR") => new(
        text, display, confidence, [.. text.Select(_ => confidence)], [new PlateCandidate(text, confidence, "FR-SIV")],
        new Quad(new PointF(1, 2), new PointF(30, 2), new PointF(30, 12), new PointF(1, 12)),
        country, "FR-SIV", 0.9f, "French SIV format", text, []);
}
