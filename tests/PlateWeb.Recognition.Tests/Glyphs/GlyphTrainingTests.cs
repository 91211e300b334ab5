using System.Diagnostics;
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

    private static async Task<string> RunPythonAsync(params string[] args)
    {
        var psi = new ProcessStartInfo("/usr/bin/python3")
        {
            WorkingDirectory = ToolDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["OMP_WAIT_POLICY"] = "PASSIVE";
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start /usr/bin/python3");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"python3 {string.Join(' ', args)} ran for more than 5 minutes:\n{await stdout}");
        }
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"python3 {string.Join(' ', args)} exited with {process.ExitCode}:\n{await stdout}\n{await stderr}");
        }
        return await stdout;
    }

    public void Dispose() => _dir.Delete(recursive: true);
}
