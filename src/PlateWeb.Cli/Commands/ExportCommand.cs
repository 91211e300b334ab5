using System.CommandLine;
using System.Text;
using System.Text.Json;
using PlateWeb.Data.Storage;
using PlateWeb.Data.Time;
using static PlateWeb.Cli.CliOptions;

namespace PlateWeb.Cli.Commands;

/// <summary>`platectl export [--data DIR] [--csv|--json] [--out FILE] [--time-zone ZONE]`: the whole stored history, times in
/// ZONE (an IANA id; UTC when not given) with their offset, without the reads marked "not a plate".
/// `platectl export --rejected [--out FILE]`: only those, one JSON object a line, as labelled examples for the reader's training.</summary>
public static class ExportCommand
{
    private static readonly Option<bool> Csv = Switch("--csv", "CSV (the default).");
    private static readonly Option<bool> Json = Switch("--json", "JSON.");
    private static readonly Option<bool> Rejected = Switch("--rejected", "Only the reads marked \"not a plate\", one JSON line each.");
    private static readonly Option<string> Out = Text("--out", "FILE", "The output file (default standard output).");
    private static readonly Option<string> TimeZone = Text("--time-zone", "ZONE", "Times with the offset of ZONE (an IANA id).", "UTC");

    public static CliVerb Verb { get; } = new("Write the stored history (CSV by default).", [DataFolder(), Csv, Json, Rejected, Out, TimeZone]);

    public static async Task<int> RunAsync(CliContext ctx)
    {
        if (ctx.Parse.GetValue(Rejected))
        {
            if (ctx.Parse.GetValue(Csv) || ctx.Parse.GetValue(Json))
            {
                Console.Error.WriteLine("platectl export: --rejected writes JSON lines; leave out --csv and --json.");
                return 2;
            }
            return await RejectedAsync(ctx);
        }

        if (ctx.Parse.GetValue(Csv) && ctx.Parse.GetValue(Json))
        {
            Console.Error.WriteLine("platectl export: choose --csv or --json, not both.");
            return 2;
        }

        var zoneId = ctx.Parse.GetValue(TimeZone)!;
        if (!ZoneTime.TryFind(zoneId, out var zone))
        {
            Console.Error.WriteLine($"platectl export: --time-zone '{zoneId}' is not a time zone: give an IANA id such as Europe/Paris or UTC.");
            return 2;
        }

        var loggers = ctx.Loggers;
        var data = await StandaloneData.OpenAsync(ctx.DataOptions(), loggers, CancellationToken.None);
        var rows = data.Queries.ExportAsync(new ReadQuery(Sort: ReadSort.CreatedAt, Descending: false), CancellationToken.None);
        var outPath = ctx.Parse.GetValue(Out);
        await using var stream = outPath is null ? Console.OpenStandardOutput() : File.Create(outPath);
        if (ctx.Parse.GetValue(Json))
        {
            await JsonSerializer.SerializeAsync(stream, ExportedRead.InZone(rows, zone, CancellationToken.None), new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true });
        }
        else
        {
            await using var writer = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true);
            await HistoryCsv.WriteAsync(writer, rows, zone, CancellationToken.None);
        }
        return 0;
    }

    private static readonly JsonSerializerOptions Line = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// One line per read marked "not a plate": where its picture is (id, SHA-256, path under the data folder, size),
    /// the quad of the text the engine took for a plate, the text it read and the label, so a training script can
    /// cut the region from the picture itself.
    /// </summary>
    private static async Task<int> RejectedAsync(CliContext ctx)
    {
        var loggers = ctx.Loggers;
        var data = await StandaloneData.OpenAsync(ctx.DataOptions(), loggers, CancellationToken.None);
        var outPath = ctx.Parse.GetValue(Out);
        await using var stream = outPath is null ? Console.OpenStandardOutput() : File.Create(outPath);
        await using var writer = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true) { NewLine = "\n" };
        var count = 0;
        await foreach (var read in data.Bulk.RejectedAsync(CancellationToken.None))
        {
            await writer.WriteLineAsync(JsonSerializer.Serialize(new
            {
                label = "not_a_plate",
                readId = read.ReadId,
                imageId = read.ImageId,
                imageSha256 = read.ImageSha256,
                image = read.ImagePath.Replace('\\', '/'),
                imageWidth = read.ImageWidth,
                imageHeight = read.ImageHeight,
                text = read.Text,
                quad = read.Quad,
                markedAt = read.MarkedAt.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
            }, Line));
            count++;
        }
        await writer.FlushAsync();
        if (outPath is not null) Console.Error.WriteLine($"platectl export: {count} reads marked not a plate written.");
        return 0;
    }
}
