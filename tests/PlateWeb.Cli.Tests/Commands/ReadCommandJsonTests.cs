using System.Text.Json;
using PlateWeb.Cli.Commands;
using PlateWeb.Recognition.Detection;
using PlateWeb.Recognition.Grammar;
using PlateWeb.Recognition.Pipeline;

namespace PlateWeb.Cli.Tests.Commands;

public sealed class ReadCommandJsonTests
{
    internal static PlateRead Plate(string text, float confidence, Quad quad, string? country = "FR", params string[] alternatives) => new(
        text, text, confidence, text.Select(_ => confidence).ToArray(),
        new[] { text }.Concat(alternatives).Select((t, i) => new PlateCandidate(t, confidence / (i + 1), null)).ToArray(),
        quad, country, country is null ? null : country + "-TEST", 0.9f, "a test plate", text, []);

    internal static Quad Box(float x, float y, float w, float h) =>
        new(new PointF(x, y), new PointF(x + w, y), new PointF(x + w, y + h), new PointF(x, y + h));

    internal static RecognitionResult Result(IReadOnlyList<PlateRead> plates, IReadOnlyList<CandidateTrace>? trace = null) =>
        new(960, 640, plates, new StageTimings(1.25, 10.5, 30.75, 42.5), trace ?? plates.Select(p =>
            new CandidateTrace(p.Quad, p.Text.Length, 0.8f, p.RawText, p.Confidence, true, $"read as {p.Text}")).ToArray());

    [Fact]
    public void JsonLine_WithPlates_HasDocumentedShape()
    {
        var quad = new Quad(new PointF(10.04f, 20.06f), new PointF(110.5f, 21f), new PointF(111f, 50.25f), new PointF(9.5f, 49.75f));
        var result = Result([Plate("AB123CD", 0.87654f, quad, "FR", "AB123C0", "A8123CD") with { ReadBy = PlateRead.PlateReader, OtherReader = PlateRead.Agrees },
            Plate("XYZ789", 0.5f, Box(300, 300, 80, 20), country: null)]);

        var line = ReadCommand.JsonLine("/some/folder/car.jpg", result, null, 123.456);

        Assert.DoesNotContain('\n', line);
        using var doc = JsonDocument.Parse(line);
        var root = doc.RootElement;
        Assert.Equal(JsonValueKind.Object, root.ValueKind);
        Assert.Equal("car.jpg", root.GetProperty("file").GetString());
        Assert.Equal(123.5, root.GetProperty("ms").GetDouble());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("error").ValueKind);

        var plates = root.GetProperty("plates");
        Assert.Equal(2, plates.GetArrayLength());
        var first = plates[0];
        Assert.Equal("AB123CD", first.GetProperty("text").GetString());
        Assert.Equal(0.877, first.GetProperty("confidence").GetDouble(), 6);
        Assert.Equal(["AB123CD", "AB123C0", "A8123CD"], first.GetProperty("candidates").EnumerateArray().Select(c => c.GetString()!).ToArray());
        Assert.Equal("FR", first.GetProperty("country").GetString());
        Assert.Equal("plate-reader", first.GetProperty("read_by").GetString());
        Assert.Equal("agrees", first.GetProperty("other_reader").GetString());
        Assert.Equal(JsonValueKind.Null, plates[1].GetProperty("other_reader").ValueKind);

        var points = first.GetProperty("quad");
        Assert.Equal(4, points.GetArrayLength());
        Assert.All(points.EnumerateArray(), p =>
        {
            Assert.Equal(2, p.GetArrayLength());
            Assert.All(p.EnumerateArray(), v => Assert.Equal(JsonValueKind.Number, v.ValueKind));
        });
        Assert.Equal([10.0, 20.1], points[0].EnumerateArray().Select(v => v.GetDouble()).ToArray());
        Assert.Equal([110.5, 21.0], points[1].EnumerateArray().Select(v => v.GetDouble()).ToArray());

        Assert.Equal(JsonValueKind.Null, plates[1].GetProperty("country").ValueKind);
        Assert.Equal(10.5, root.GetProperty("timings").GetProperty("detect").GetDouble());
    }

    [Fact]
    public void JsonLine_WithError_HasMessageAndNoPlates()
    {
        var line = ReadCommand.JsonLine("broken.png", null, "The PNG file is truncated: its data ends before the image does.", 0.04);

        using var doc = JsonDocument.Parse(line);
        var root = doc.RootElement;
        Assert.Equal("broken.png", root.GetProperty("file").GetString());
        Assert.Equal("The PNG file is truncated: its data ends before the image does.", root.GetProperty("error").GetString());
        Assert.Equal(0, root.GetProperty("plates").GetArrayLength());
        Assert.Equal(0.0, root.GetProperty("ms").GetDouble());
        Assert.False(root.TryGetProperty("timings", out _));
    }

    [Fact]
    public void JsonLine_NoPlateFound_HasEmptyPlatesAndNullError()
    {
        var line = ReadCommand.JsonLine("empty-road.jpg", Result([]), null, 12);

        using var doc = JsonDocument.Parse(line);
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("error").ValueKind);
        Assert.Equal(JsonValueKind.Array, doc.RootElement.GetProperty("plates").ValueKind);
        Assert.Equal(0, doc.RootElement.GetProperty("plates").GetArrayLength());
    }
}
