using System.CommandLine;
using PlateWeb.Recognition.Synthesis;
using static PlateWeb.Cli.CliOptions;

namespace PlateWeb.Cli.Commands;

/// <summary>`platectl sample [--out DIR]`: writes the sample scenes rendered by the project, for a first try.</summary>
public static class SampleCommand
{
    private static readonly Option<string> Out = Text("--out", "DIR", "The output folder (default samples).");

    public static CliVerb Verb { get; } = new("Write sample plate pictures rendered by the project.", [Out]);

    public static Task<int> RunAsync(CliContext ctx)
    {
        var outDir = ctx.Parse.GetValue(Out) ?? Path.Combine(Environment.CurrentDirectory, "samples");
        Directory.CreateDirectory(outDir);
        foreach (var (name, spec) in PlateRenderer.Samples())
        {
            using var scene = PlateRenderer.RenderScene(spec);
            var path = Path.Combine(outDir, name);
            File.WriteAllBytes(path, scene.Encode(Path.GetExtension(name)));
            Console.WriteLine($"{path}\t{string.Join(",", scene.Truth.Select(t => t.Text))}");
        }
        return Task.FromResult(0);
    }
}
