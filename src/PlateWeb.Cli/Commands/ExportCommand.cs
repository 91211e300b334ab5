using System.Text;
using System.Text.Json;
using PlateWeb.Data.Storage;

namespace PlateWeb.Cli.Commands;

/// <summary>`platectl export [--data DIR] [--csv|--json] [--out FILE]`: the whole stored history.</summary>
public static class ExportCommand
{
    public static async Task<int> RunAsync(CliContext ctx)
    {
        if (ctx.Has("--csv") && ctx.Has("--json"))
        {
            Console.Error.WriteLine("platectl export: choose --csv or --json, not both.");
            return 2;
        }

        using var loggers = ctx.LoggerFactory();
        var data = await StandaloneData.OpenAsync(ctx.DataOptions(), loggers, CancellationToken.None);
        var rows = data.Queries.ExportAsync(new ReadQuery(Sort: ReadSort.CreatedAt, Descending: false), CancellationToken.None);
        var outPath = ctx.Value("--out");
        await using var stream = outPath is null ? Console.OpenStandardOutput() : File.Create(outPath);
        if (ctx.Has("--json"))
        {
            await JsonSerializer.SerializeAsync(stream, rows, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true });
        }
        else
        {
            await using var writer = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true);
            await HistoryCsv.WriteAsync(writer, rows, CancellationToken.None);
        }
        return 0;
    }
}
