// The labelling aid: runs the team's pretrained plate reader (../shared/plate-data/labelling-aid,
// fast-plate-ocr's cct_xs_v1_global, MIT) over plate crops, through ONNX Runtime.
//
//   label-aid propose CROPS_DIR OUT.tsv [--min-prob P]   texts for unlabelled crops (tools/plateweb_tools/reader/README.md)
//   label-aid score CROPS_DIR                            the aid's exact-read rate on a labelled folder
//   label-aid check CROPS_DIR OUT.tsv [--min-prob P]     labels the aid contradicts with confidence (doubtful)
//
// Only training tools may load this model: the product never does (see the crate README of plate-data).
using System.Globalization;
using System.Text;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using OpenCvSharp;
using PlateWeb.Recognition.Grammar;

const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_";
const int InW = 128, InH = 64;

if (args.Length < 2 || (args[0] is "propose" or "check" && args.Length < 3)) return Usage();
var model = Environment.GetEnvironmentVariable("PLATEWEB_LABEL_AID")
    ?? Path.Combine(FindRoot(), "..", "shared", "plate-data", "labelling-aid", "cct_xs_v1_global.onnx");
if (!File.Exists(model))
{
    Console.Error.WriteLine($"label-aid: no model at {model} (set PLATEWEB_LABEL_AID)");
    return 2;
}
using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
using var session = new InferenceSession(model, options);
var inputName = session.InputMetadata.Keys.First();
var grammar = new PlateGrammar();

switch (args[0])
{
    case "propose":
    {
        var minProb = OptionValue("--min-prob", 0.9f);
        var files = ImagesIn(args[1]);
        using var outFile = new StreamWriter(args[2], false, new UTF8Encoding(false));
        outFile.WriteLine("file\ttext\tmin_prob\tformat\tcountry\tkept");
        int kept = 0;
        foreach (var (path, i) in files.Select((p, i) => (p, i)))
        {
            var (text, slotMin) = Read(path);
            // Confident and of a specific European format: the aid's proposals that a model may learn from.
            var match = grammar.Match(text).FirstOrDefault(m => !m.Format.IsGeneric && m.Format.Country is not ("US" or "BR"));
            var keep = slotMin >= minProb && match is not null;
            kept += keep ? 1 : 0;
            outFile.WriteLine(string.Join('\t', Path.GetFileName(path), text, slotMin.ToString("0.000", CultureInfo.InvariantCulture),
                match?.Format.Id ?? "", match?.Format.Country ?? "", keep ? "1" : "0"));
            if (i % 100 == 99) Console.Error.Write($"\r{i + 1}/{files.Count}");
        }
        Console.Error.WriteLine();
        Console.WriteLine($"{kept} of {files.Count} crops kept (every slot at least {minProb:0.00}, a specific European format)");
        return 0;
    }
    case "score":
    {
        var labels = File.ReadLines(Path.Combine(args[1], "labels.tsv")).Skip(1).Select(l => l.Split('\t')).ToList();
        int right = 0;
        foreach (var l in labels)
        {
            var (text, _) = Read(Path.Combine(args[1], l[0]));
            right += text == l[^1] ? 1 : 0;
        }
        Console.WriteLine($"{right} of {labels.Count} read exactly ({100.0 * right / Math.Max(1, labels.Count):0.0} %)");
        return 0;
    }
    case "check":
    {
        // A label is doubtful when the aid reads another text, sure of every slot, that fits a specific format of
        // the label's own country: a look-alike the labeller took for another (the Brazilian crops' 5th place, an
        // old plate's digit labelled as a Mercosul letter). Training and validation skip doubtful crops; nothing
        // is relabelled (the aid's texts are not the truth either).
        var minProb = OptionValue("--min-prob", 0.9f);
        var labels = File.ReadLines(Path.Combine(args[1], "labels.tsv")).Skip(1).Select(l => l.Split('\t')).ToList();
        using var outFile = new StreamWriter(args[2], false, new UTF8Encoding(false));
        outFile.WriteLine("file\tlabel\taid\tmin_prob\tdoubtful");
        int doubtful = 0;
        foreach (var (l, i) in labels.Select((l, i) => (l, i)))
        {
            var (text, slotMin) = Read(Path.Combine(args[1], l[0]));
            var label = l[^1];
            var country = grammar.Match(label).Where(m => !m.Format.IsGeneric).Select(m => m.Format.Country).FirstOrDefault();
            var fits = country is not null && grammar.Match(text).Any(m => !m.Format.IsGeneric && m.Format.Country == country);
            var doubt = text != label && slotMin >= minProb && fits;
            doubtful += doubt ? 1 : 0;
            outFile.WriteLine(string.Join('\t', l[0], label, text, slotMin.ToString("0.000", CultureInfo.InvariantCulture), doubt ? "1" : "0"));
            if (i % 100 == 99) Console.Error.Write($"\r{i + 1}/{labels.Count}");
        }
        Console.Error.WriteLine();
        Console.WriteLine($"{doubtful} of {labels.Count} labels doubtful (the aid reads another text of the same country, every slot at least {minProb:0.00})");
        return 0;
    }
    default:
        return Usage();
}

(string Text, float SlotMin) Read(string path)
{
    using var bgr = Cv2.ImRead(path, ImreadModes.Color);
    if (bgr.Empty()) return ("", 0f);
    using var resized = new Mat();
    Cv2.Resize(bgr, resized, new Size(InW, InH), 0, 0, InterpolationFlags.Linear);
    using var rgb = new Mat();
    Cv2.CvtColor(resized, rgb, ColorConversionCodes.BGR2RGB);
    rgb.GetArray(out Vec3b[] pixels);
    var input = new DenseTensor<byte>([1, InH, InW, 3]);
    var span = input.Buffer.Span;
    for (var p = 0; p < pixels.Length; p++)
    {
        span[3 * p] = pixels[p].Item0;
        span[3 * p + 1] = pixels[p].Item1;
        span[3 * p + 2] = pixels[p].Item2;
    }
    using var results = session.Run([NamedOnnxValue.CreateFromTensor(inputName, input)]);
    var output = results.First().AsTensor<float>();
    var slots = output.Dimensions[1];
    var sb = new StringBuilder();
    var slotMin = 1f;
    for (var s = 0; s < slots; s++)
    {
        var best = 0;
        for (var k = 1; k < Alphabet.Length; k++) if (output[0, s, k] > output[0, s, best]) best = k;
        slotMin = Math.Min(slotMin, output[0, s, best]);
        if (Alphabet[best] != '_') sb.Append(Alphabet[best]);
    }
    return (sb.ToString(), slotMin);
}

List<string> ImagesIn(string dir) => Directory.EnumerateFiles(dir)
    .Where(f => f.EndsWith(".jpg", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".png", StringComparison.OrdinalIgnoreCase))
    .Order(StringComparer.Ordinal).ToList();

float OptionValue(string name, float fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? float.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

static string FindRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "PlateWeb.sln"))) return dir.FullName;
    }
    return Directory.GetCurrentDirectory();
}

static int Usage()
{
    Console.Error.WriteLine("usage: label-aid propose CROPS_DIR OUT.tsv [--min-prob P] | label-aid score CROPS_DIR | label-aid check CROPS_DIR OUT.tsv [--min-prob P]");
    return 2;
}
