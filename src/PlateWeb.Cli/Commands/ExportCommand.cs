using System.Text;
using System.Text.Json;
using PlateWeb.Data.Storage;
using PlateWeb.Data.Time;

namespace PlateWeb.Cli.Commands;

/// <summary>`platectl export [--data DIR] [--csv|--json] [--out FILE] [--time-zone ZONE]`: the whole stored history, times in
/// ZONE (an IANA id; UTC when not given) with their offset.</summary>
public static class ExportCommand
{
    public static async Task<int> RunAsync(CliContext ctx)
    {
        if (ctx.Has("--csv") && ctx.Has("--json"))
        {
            Console.Error.WriteLine("platectl export: choose --csv or --json, not both.");
            return 2;
        }

        var zoneId = ctx.Value("--time-zone") ?? "UTC";
        if (!ZoneTime.TryFind(zoneId, out var zone))
        {
            Console.Error.WriteLine($"platectl export: --time-zone '{zoneId}' is not a time zone: give an IANA id such as Europe/Paris or UTC.");
            return 2;
        }

        using var loggers = ctx.LoggerFactory();
        var data = await StandaloneData.OpenAsync(ctx.DataOptions(), loggers, CancellationToken.None);
        var rows = data.Queries.ExportAsync(new ReadQuery(Sort: ReadSort.CreatedAt, Descending: false), CancellationToken.None);
        var outPath = ctx.Value("--out");
        await using var stream = outPath is null ? Console.OpenStandardOutput() : File.Create(outPath);
        if (ctx.Has("--json"))
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
}
