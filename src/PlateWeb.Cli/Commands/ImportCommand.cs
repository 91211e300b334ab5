using System.CommandLine;
using Microsoft.Extensions.Logging;
using PlateWeb.Data.Storage;
using PlateWeb.Jobs.UseCases;
using PlateWeb.Recognition.Imaging;
using PlateWeb.Recognition.Pipeline;
using static PlateWeb.Cli.CliOptions;

namespace PlateWeb.Cli.Commands;

/// <summary>`platectl import [--data DIR] PATH...`: recognises images and stores them exactly as an upload is stored.</summary>
public static class ImportCommand
{
    public static CliVerb Verb { get; } = new("Read images and store them as the web app stores uploads.", [DataFolder(), .. Engine()]);

    public static async Task<int> RunAsync(CliContext ctx)
    {
        var files = ImageFiles.Expand(ctx.Positional).ToList();
        if (files.Count == 0)
        {
            Console.Error.WriteLine("platectl import: give at least one image file or folder.");
            return 2;
        }

        var loggers = ctx.Loggers;
        var data = await StandaloneData.OpenAsync(ctx.DataOptions(), loggers, CancellationToken.None);
        using var recognizer = new PlateRecognizer(ctx.RecognitionOptions(), loggers.CreateLogger<PlateRecognizer>());
        var ingest = new ImageIngest(recognizer, data.Store);
        var progress = new ProgressBar("import", files.Count);
        int stored = 0, known = 0, failed = 0;
        foreach (var file in files)
        {
            string line;
            try
            {
                var bytes = await File.ReadAllBytesAsync(file);
                var ingested = await ingest.IngestAsync(bytes, file, onStage: null, CancellationToken.None);
                if (ingested.AlreadyStored)
                {
                    known++;
                    line = $"already stored as image {ingested.Image.Id}";
                }
                else
                {
                    stored++;
                    var plates = ingested.Image.Reads.Count == 0 ? "no plate" : string.Join(", ", ingested.Image.Reads.Select(r => r.Text));
                    line = $"stored as image {ingested.Image.Id}: {plates}";
                }
            }
            catch (Exception ex) when (ex is ImageInputException or IOException or UnauthorizedAccessException)
            {
                failed++;
                line = "error: " + ex.Message;
            }
            Console.WriteLine($"{file}\t{line}");
            progress.Advance(Path.GetFileName(file));
        }
        Console.Error.WriteLine($"platectl import: {stored} stored, {known} already stored, {failed} failed (data in {ctx.DataOptions().DataDirectory})");
        return failed == files.Count ? 1 : 0;
    }
}
