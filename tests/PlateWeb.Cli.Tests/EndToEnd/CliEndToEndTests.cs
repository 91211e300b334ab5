using System.Text.Json;
using PlateWeb.Cli.Commands;
using PlateWeb.Recognition.Synthesis;
using Xunit.Abstractions;

namespace PlateWeb.Cli.Tests.EndToEnd;

[Collection(ConsoleCollection.Name)]
public sealed class CliEndToEndTests : IDisposable
{
    private const string DebianEng = "/usr/share/tesseract-ocr/5/tessdata/eng.traineddata";

    private static readonly IReadOnlyDictionary<string, Func<CliContext, Task<int>>> Verbs = new Dictionary<string, Func<CliContext, Task<int>>>
    {
        ["read"] = ReadCommand.RunAsync,
        ["eval"] = EvalCommand.RunAsync,
        ["reader-data"] = ReaderDataCommand.RunAsync,
    };

    private readonly ITestOutputHelper _output;
    private readonly string _root = Directory.CreateTempSubdirectory("plateweb-cli-").FullName;

    public CliEndToEndTests(ITestOutputHelper output)
    {
        _output = output;
        // A tessdata folder whose "plate" model is the English one: the engine runs without the
        // fallback warning, and the test does not depend on a plate model being installed.
        PlateTessdata = Directory.CreateDirectory(Path.Combine(_root, "tessdata")).FullName;
        File.Copy(DebianEng, Path.Combine(PlateTessdata, "plate.traineddata"));
    }

    private string PlateTessdata { get; }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static SceneSpec SceneOf(string printed, string band = "F", int seed = 5) =>
        new(960, 640, [new ScenePlacement(new SyntheticPlate(printed, PlateStyle.Eu, band), 480, 380, 420)], 0.6f, 3, seed);

    /// <summary>Renders the scene to a file; returns its true plate text and outline bounds.</summary>
    private static (string Text, (float X, float Y, float W, float H) Box) WriteScene(string path, SceneSpec spec)
    {
        using var scene = PlateRenderer.RenderScene(spec);
        File.WriteAllBytes(path, scene.Encode(Path.GetExtension(path)));
        return (scene.Truth[0].Text, scene.Truth[0].Quad.Bounds);
    }

    private Task<(int Code, string Out, string Error)> Run(params string[] args) =>
        ConsoleCapture.RunCliAsync(Verbs, _output, args);

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();

    private string ImagesFolder()
    {
        var dir = Directory.CreateDirectory(Path.Combine(_root, "images")).FullName;
        WriteScene(Path.Combine(dir, "a-fr.png"), SceneOf("GH-456-JK"));
        WriteScene(Path.Combine(dir, "b-de.jpg"), SceneOf("M-AB 1234", "D"));
        File.WriteAllBytes(Path.Combine(dir, "c-corrupt.jpg"), [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, .. "JFIF"u8, 0x00, 0x01, 0x02]);
        File.WriteAllText(Path.Combine(dir, "notes.txt"), "not an image, and not listed by extension");
        return dir;
    }

    [Fact]
    public async Task Read_JsonlFolder_PrintsOneJsonObjectPerImage()
    {
        var dir = ImagesFolder();

        var (code, stdout, _) = await Run("read", "--jsonl", dir, "--tessdata", PlateTessdata);

        Assert.Equal(0, code);
        var lines = Lines(stdout);
        Assert.Equal(3, lines.Length);
        var docs = lines.Select(l => JsonDocument.Parse(l)).ToArray();
        try
        {
            Assert.All(docs, d => Assert.Equal(JsonValueKind.Object, d.RootElement.ValueKind));
            Assert.Equal(["a-fr.png", "b-de.jpg", "c-corrupt.jpg"], docs.Select(d => d.RootElement.GetProperty("file").GetString()!).ToArray());

            var (fr, de, corrupt) = (docs[0].RootElement, docs[1].RootElement, docs[2].RootElement);
            Assert.Equal(JsonValueKind.Null, fr.GetProperty("error").ValueKind);
            Assert.Equal(JsonValueKind.Null, de.GetProperty("error").ValueKind);
            Assert.Contains("GH456JK", fr.GetProperty("plates").EnumerateArray().Select(p => p.GetProperty("text").GetString()));
            Assert.Contains("MAB1234", de.GetProperty("plates").EnumerateArray().Select(p => p.GetProperty("text").GetString()));

            Assert.Equal(JsonValueKind.String, corrupt.GetProperty("error").ValueKind);
            Assert.Contains("truncated", corrupt.GetProperty("error").GetString(), StringComparison.Ordinal);
            Assert.Equal(0, corrupt.GetProperty("plates").GetArrayLength());
        }
        finally
        {
            foreach (var d in docs) d.Dispose();
        }
    }

    // Without a plate model the engine warns that it falls back to "eng"; that warning must not land
    // in the JSONL stream that other tools parse. CLI bug: CliContext.LoggerFactory() uses AddSimpleConsole,
    // which writes to standard output, so the first stdout line is "warn: PlateWeb.Recognition.Pipeline.PlateRecognizer[1105891260]
    // No plate model 'plate' found; using Tesseract's general model eng from /usr/share/tesseract-ocr/5/tessdata".
    [Fact]
    public async Task Read_JsonlWithFallbackModel_StdoutIsOnlyJson()
    {
        var dir = ImagesFolder();
        var emptyTessdata = Directory.CreateDirectory(Path.Combine(_root, "empty-tessdata")).FullName;

        var (_, stdout, _) = await Run("read", "--jsonl", dir, "--tessdata", emptyTessdata);

        var lines = Lines(stdout);
        Assert.All(lines, l => Assert.StartsWith("{", l, StringComparison.Ordinal));
        Assert.Equal(3, lines.Length);
    }

    [Fact]
    public async Task Read_Why_TellsEachRegionsFateUnderItsImage()
    {
        var dir = ImagesFolder();

        var (code, stdout, _) = await Run("read", "--why", Path.Combine(dir, "a-fr.png"), "--tessdata", PlateTessdata);

        Assert.Equal(0, code);
        var lines = Lines(stdout);
        Assert.StartsWith("a-fr.png: GH-456-JK", lines[0], StringComparison.Ordinal);
        var regions = lines.Skip(1).ToArray();
        Assert.NotEmpty(regions);
        Assert.All(regions, l => Assert.Matches(@"^  region \d+ \(\d+ characters, detection \d\.\d\d\): (kept|dropped), ", l));
        Assert.Contains(regions, l => l.Contains(": kept, read as GH456JK (FR-SIV)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Read_OnlyCorruptFile_FailsWithErrorLine()
    {
        var file = Path.Combine(_root, "broken.png");
        File.WriteAllBytes(file, "not a png at all"u8.ToArray());

        var (code, stdout, _) = await Run("read", "--jsonl", file, "--tessdata", PlateTessdata);

        Assert.Equal(1, code);
        using var doc = JsonDocument.Parse(Assert.Single(Lines(stdout)));
        Assert.Equal("broken.png", doc.RootElement.GetProperty("file").GetString());
        Assert.Contains("not an image", doc.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eval_TinyBench_PrintsTableAndWritesResults()
    {
        var set = Directory.CreateDirectory(Path.Combine(_root, "bench", "tiny-eu")).FullName;
        var outDir = Path.Combine(_root, "eval-out");
        var truthLines = new List<string>();
        foreach (var (name, spec) in new[] { ("fr.png", SceneOf("GH-456-JK", seed: 8)), ("de.png", SceneOf("M-AB 1234", "D", seed: 9)) })
        {
            var (text, box) = WriteScene(Path.Combine(set, name), spec);
            truthLines.Add(FormattableString.Invariant($"{name}\t{box.X:0}\t{box.Y:0}\t{box.W:0}\t{box.H:0}\t{text}"));
        }
        File.WriteAllLines(Path.Combine(set, "ground-truth.txt"), truthLines);

        var (code, stdout, _) = await Run("eval", Path.Combine(_root, "bench"), "--out", outDir, "--tessdata", PlateTessdata);

        Assert.Equal(0, code);
        Assert.Contains("| set | images | plates |", stdout, StringComparison.Ordinal);
        Assert.Contains("| tiny-eu | 2 | 2 |", stdout, StringComparison.Ordinal);

        var results = File.ReadAllLines(Path.Combine(outDir, "results.jsonl"));
        Assert.Equal(2, results.Length);
        Assert.All(results, l =>
        {
            using var doc = JsonDocument.Parse(l);
            Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("error").ValueKind);
        });
        var failures = File.ReadAllText(Path.Combine(outDir, "failures.md"));
        Assert.StartsWith("# Failures by cause", failures, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(outDir, "report.md")));
        // Both plates read: the reliability diagram has the set's one panel.
        using var diagram = OpenCvSharp.Cv2.ImRead(Path.Combine(outDir, "reliability.png"));
        Assert.Equal((ReliabilityDiagram.PanelWidth, ReliabilityDiagram.PanelHeight), (diagram.Width, diagram.Height));
    }

    [Fact]
    public async Task ReaderData_BenchCropsAndRenderedPlates_WritesLabelledWindows()
    {
        var set = Directory.CreateDirectory(Path.Combine(_root, "reader-bench", "tiny")).FullName;
        var (text, box) = WriteScene(Path.Combine(set, "fr.png"), SceneOf("GH-456-JK", seed: 8));
        File.WriteAllLines(Path.Combine(set, "fr.txt"), [FormattableString.Invariant($"fr.png\t{box.X:0}\t{box.Y:0}\t{box.W:0}\t{box.H:0}\t{text}")]);
        // A folder of plate crops with a labels file, as ../shared/plate-data lays them out.
        var crops = Directory.CreateDirectory(Path.Combine(_root, "crops")).FullName;
        using (var scene = PlateRenderer.RenderScene(SceneOf("KL-789-MN", seed: 9)))
        {
            var b = scene.Truth[0].Quad.Bounds;
            using var crop = new OpenCvSharp.Mat(scene.Image, new OpenCvSharp.Rect((int)b.X - 6, (int)b.Y - 4, (int)b.Width + 12, (int)b.Height + 8));
            crop.ImWrite(Path.Combine(crops, "kl.png"));
        }
        File.WriteAllLines(Path.Combine(crops, "labels.tsv"), ["file\ttext", "kl.png\tKL789MN"]);
        var outDir = Path.Combine(_root, "reader-data");

        var bench = await Run("reader-data", set, "--region", "eu", "--out", outDir);
        var labelled = await Run("reader-data", crops, "--region", "eu", "--source", "crops", "--out", outDir);
        var rendered = await Run("reader-data", "--rendered", "3", "--source", "rendered", "--out", outDir);

        Assert.Equal((0, 0, 0), (bench.Code, labelled.Code, rendered.Code));
        Assert.Contains("bench-tiny: 1 plates", bench.Out, StringComparison.Ordinal);
        var rows = File.ReadAllLines(Path.Combine(outDir, "labels.tsv")).Skip(1).Select(l => l.Split('\t')).ToList();
        Assert.Contains(rows, r => r[1] == text && r[2] == "eu" && r[3] == "bench-tiny");
        Assert.Contains(rows, r => r[1] == "KL789MN" && r[3] == "crops");
        Assert.Equal(3, rows.Count(r => r[3] == "rendered"));
        // The reader's 48 × 192 window with a quarter of it as margin on each side.
        using var window = OpenCvSharp.Cv2.ImRead(Path.Combine(outDir, rows[0][0]), OpenCvSharp.ImreadModes.Unchanged);
        Assert.Equal((72, 288, 1), (window.Rows, window.Cols, window.Channels()));
    }
}
