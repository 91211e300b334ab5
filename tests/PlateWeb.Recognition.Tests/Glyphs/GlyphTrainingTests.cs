using System.Text.Json;
using OpenCvSharp;
using PlateWeb.Recognition.Glyphs;

namespace PlateWeb.Recognition.Tests.Glyphs;

/// <summary>
/// tools/glyphs end to end on a tiny run: PyTorch trains and exports ONNX, OpenCV's DNN module
/// loads the file and computes what PyTorch computed for the same glyphs.
/// </summary>
public sealed class GlyphTrainingTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("plate-glyphs-train-");
    private static readonly string ToolDirectory = Path.Combine(RepositoryFiles.Root, "tools", "glyphs");

    [Fact]
    public async Task TinyRun_ExportedNetwork_ComputesInOpenCvWhatPyTorchComputes()
    {
        var onnx = Path.Combine(_dir.FullName, "tiny.onnx");
        var dump = Path.Combine(_dir.FullName, "dump");

        await RunPythonAsync("train.py", "--per-class", "4", "--epochs", "1", "--out", onnx, "--dump", dump);

        using var classifier = new GlyphClassifier(onnx, weight: 0.5f);
        using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dump, "expected.json")));
        var items = doc.RootElement.EnumerateArray().ToList();
        Assert.Equal(GlyphClassifier.Classes.Length, items.Count);
        var images = items.Select(i => Cv2.ImRead(Path.Combine(dump, i.GetProperty("file").GetString()!), ImreadModes.Grayscale)).ToList();
        try
        {
            var probs = classifier.Classify(images);
            for (var i = 0; i < items.Count; i++)
            {
                var expected = items[i].GetProperty("probs").EnumerateArray().Select(e => e.GetSingle()).ToArray();
                var maxDiff = expected.Zip(probs[i], (a, b) => Math.Abs(a - b)).Max();
                Assert.True(maxDiff < 1e-4, $"glyph {i}: probabilities differ by up to {maxDiff}");
            }
        }
        finally
        {
            foreach (var m in images) m.Dispose();
        }
    }

    [Fact]
    public async Task PythonUnitTests_Pass()
    {
        var output = await RunPythonAsync("-m", "unittest", "discover", "-s", "tests");
        Assert.NotNull(output);
    }

    private static Task<string> RunPythonAsync(params string[] args) => PythonTool.RunAsync(ToolDirectory, args);

    public void Dispose() => _dir.Delete(recursive: true);
}
