using System.CommandLine;
using PlateWeb.Data.Storage;
using static PlateWeb.Cli.CliOptions;

namespace PlateWeb.Cli.Commands;

/// <summary>
/// `platectl keys create NAME [--scopes read,upload,delete,chat,admin] | list | revoke ID`: API keys for unattended installs and scripts.
/// `platectl check [--data DIR] [--repair]`: the data folder's integrity, as it is (no migration, no sweep);
/// with --repair, first deletes orphan files older than <see cref="PlateStore.OrphanSafeAge"/>.
/// </summary>
public static class AdminCommands
{
    private const string DefaultScopes = "read,upload,chat";
    private static readonly Option<string> Scopes = Text("--scopes", "read,upload,delete,chat,admin", "The new key's scopes.", DefaultScopes);
    private static readonly Option<bool> Repair = Switch("--repair", "Delete orphan files older than an hour.");

    public static CliVerb KeysVerb { get; } = new("API keys: create NAME, list, revoke ID.", [DataFolder(), Scopes]);

    public static CliVerb CheckVerb { get; } = new("Database integrity, rows without file, orphan files.", [DataFolder(), Repair]);


    public static async Task<int> KeysAsync(CliContext ctx)
    {
        var loggers = ctx.Loggers;
        var action = ctx.Positional.Count > 0 ? ctx.Positional[0] : "list";
        var data = await StandaloneData.OpenAsync(ctx.DataOptions(), loggers, CancellationToken.None);
        var keys = data.ApiKeys;
        switch (action)
        {
            case "create" when ctx.Positional.Count == 2:
                // As on the API keys page, delete is given only when asked for.
                if (ApiKeyStore.Parse(ctx.Parse.GetValue(Scopes)!) is not { } scopes)
                {
                    Console.Error.WriteLine("platectl keys: --scopes takes a comma-separated list of read, upload, delete, chat, admin (or all: every one but admin).");
                    return 2;
                }
                try
                {
                    var created = await keys.CreateAsync(ctx.Positional[1], scopes, CancellationToken.None);
                    Console.WriteLine(created.Secret);
                    Console.Error.WriteLine($"Key {created.Key.Id} '{created.Key.Name}' created with scopes {ApiKeyStore.Format(scopes)}. Send it in the X-Api-Key header; it is shown only now.");
                    return 0;
                }
                catch (ArgumentException ex)
                {
                    Console.Error.WriteLine("platectl keys: " + ex.Message);
                    return 2;
                }
            case "list":
                foreach (var k in await keys.ListAsync(CancellationToken.None))
                {
                    var state = k.RevokedAt is { } r ? $"revoked {r:yyyy-MM-dd}" : "active";
                    Console.WriteLine($"{k.Id}\t{k.Name}\t{k.Prefix}…\t{ApiKeyStore.Format(k.Scopes)}\tcreated {k.CreatedAt:yyyy-MM-dd}\t{state}\tlast used {k.LastUsedAt?.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture) ?? "never"}");
                }
                return 0;
            case "revoke" when ctx.Positional.Count == 2 && long.TryParse(ctx.Positional[1], out var id):
                if (await keys.RevokeAsync(id, CancellationToken.None))
                {
                    Console.Error.WriteLine($"Key {id} revoked.");
                    return 0;
                }
                Console.Error.WriteLine($"platectl keys: no active key {id}.");
                return 1;
            default:
                Console.Error.WriteLine("platectl keys: usage: platectl keys create NAME [--scopes read,upload,delete,chat,admin] | list | revoke ID");
                return 2;
        }
    }

    public static async Task<int> CheckAsync(CliContext ctx)
    {
        var options = ctx.DataOptions();
        if (!File.Exists(options.DatabasePath))
        {
            Console.Error.WriteLine($"platectl check: no database at {options.DatabasePath}.");
            return 2;
        }
        var safeMinutes = PlateStore.OrphanSafeAge.TotalMinutes;
        if (ctx.Parse.GetValue(Repair))
        {
            // The one sweep besides the app's start-up; files younger than the safe age may be uploads in progress.
            var loggers = ctx.Loggers;
            var data = await StandaloneData.OpenAsync(options, loggers, CancellationToken.None);
            var deleted = await data.Store.SweepOrphansAsync(CancellationToken.None);
            Console.WriteLine($"repair: deleted {deleted} orphan files older than {safeMinutes:0} minutes");
        }
        var report = await IntegrityCheck.RunAsync(StandaloneData.OpenAsIs(options), options, CancellationToken.None);
        Console.WriteLine($"sqlite: {report.SqliteCheck}");
        Console.WriteLine($"images: {report.Images}, reads: {report.Reads}");
        Console.WriteLine($"rows without file: {report.RowsWithoutFile.Count}");
        foreach (var p in report.RowsWithoutFile) Console.WriteLine("  missing " + p);
        Console.WriteLine($"orphan files: {report.OrphanFiles.Count}");
        foreach (var p in report.OrphanFiles) Console.WriteLine("  orphan " + p);
        if (report.RecentFiles.Count > 0)
        {
            Console.WriteLine($"files without a row, younger than {safeMinutes:0} minutes (maybe uploads in progress, kept): {report.RecentFiles.Count}");
        }
        if (!report.Ok && report.OrphanFiles.Count > 0 && !ctx.Parse.GetValue(Repair))
        {
            Console.Error.WriteLine("platectl check: `platectl check --repair` deletes the orphan files.");
        }
        Console.WriteLine(report.Ok ? "OK" : "PROBLEMS FOUND");
        return report.Ok ? 0 : 1;
    }
}
