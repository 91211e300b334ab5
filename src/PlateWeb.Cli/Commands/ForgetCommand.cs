using System.CommandLine;
using PlateWeb.Data.Storage;
using static PlateWeb.Cli.CliOptions;

namespace PlateWeb.Cli.Commands;

/// <summary>
/// `platectl forget [--data DIR] [--yes] TEXT`: lists every stored read of a plate (confusion-tolerant)
/// and, with --yes, deletes them, the images the plate appears in and what the chat holds about it.
/// `platectl export-plate [--data DIR] --out FILE.zip TEXT`: everything stored about one plate.
/// </summary>
public static class ForgetCommand
{
    private static readonly Option<bool> Yes = Switch("--yes", "Delete, not only list.");
    private static readonly Option<string> Out = Text("--out", "FILE.zip", "The archive to write.");

    public static CliVerb ForgetVerb { get; } = new("List, then with --yes delete, every read and image of a plate.", [DataFolder(), Yes]);

    public static CliVerb ExportPlateVerb { get; } = new("Everything stored about one plate: JSON and images.", [DataFolder(), Out]);

    public static async Task<int> ForgetAsync(CliContext ctx)
    {
        if (ctx.Positional.Count != 1)
        {
            Console.Error.WriteLine("platectl forget: give one plate text, for example: platectl forget AB-123-CD");
            return 2;
        }
        var text = ctx.Positional[0];
        var loggers = ctx.Loggers;
        var data = await StandaloneData.OpenAsync(ctx.DataOptions(), loggers, CancellationToken.None);
        try
        {
            var matches = await data.Privacy.FindAsync(text, CancellationToken.None);
            foreach (var m in matches)
            {
                Console.WriteLine($"read {m.ReadId}\timage {m.ImageId}\t{m.CorrectedText ?? m.Text}\t{m.CreatedAt:yyyy-MM-dd HH:mm}Z\t{m.FileName}");
            }
            if (matches.Count == 0)
            {
                Console.Error.WriteLine($"No stored read matches {text}.");
                return 0;
            }
            if (!ctx.Parse.GetValue(Yes))
            {
                Console.Error.WriteLine($"{matches.Count} reads match. Run again with --yes to delete them, the images they appear in and the chat messages about the plate.");
                return 0;
            }
            var result = await data.Privacy.ForgetAsync(text, beforeCommit: null, CancellationToken.None, $"platectl ({Environment.UserName})");
            Console.Error.WriteLine(
                $"Forgot {text}: {result.Reads} reads and {result.Images} images deleted ({result.Files} files), "
                + $"{result.ChatMessages} chat messages and {result.Conversations} conversations about it.");
            return 0;
        }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine("platectl forget: " + ex.Message);
            return 2;
        }
    }

    public static async Task<int> ExportPlateAsync(CliContext ctx)
    {
        if (ctx.Positional.Count != 1 || ctx.Parse.GetValue(Out) is not { } outPath)
        {
            Console.Error.WriteLine("platectl export-plate: usage: platectl export-plate --out FILE.zip TEXT");
            return 2;
        }
        var loggers = ctx.Loggers;
        var data = await StandaloneData.OpenAsync(ctx.DataOptions(), loggers, CancellationToken.None);
        try
        {
            int count;
            await using (var file = File.Create(outPath))
            {
                count = await data.Privacy.ExportAsync(ctx.Positional[0], file, CancellationToken.None);
            }
            Console.Error.WriteLine($"Wrote {count} reads of {ctx.Positional[0]} to {outPath}.");
            return 0;
        }
        catch (ArgumentException ex)
        {
            File.Delete(outPath);
            Console.Error.WriteLine("platectl export-plate: " + ex.Message);
            return 2;
        }
    }
}
