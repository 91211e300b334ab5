using System.CommandLine;
using PlateWeb.Data.Storage;
using static PlateWeb.Cli.CliOptions;

namespace PlateWeb.Cli.Commands;

/// <summary>`platectl backup [--data DIR] DEST`: a consistent copy of the database and images, safe while the app runs.</summary>
public static class BackupCommand
{
    public static CliVerb Verb { get; } = new("A consistent copy of the database and images (safe while the app runs).", [DataFolder()]);

    public static async Task<int> RunAsync(CliContext ctx)
    {
        if (ctx.Positional.Count != 1)
        {
            Console.Error.WriteLine("platectl backup: give the destination folder, for example: platectl backup /srv/backups/plateweb-2026-11-29");
            return 2;
        }
        var source = ctx.DataOptions();
        ProgressBar? bar = null;
        try
        {
            var progress = new SyncProgress<(int Done, int Total)>(p => (bar ??= new ProgressBar("images", p.Total)).Advance());
            var result = await DatabaseBackup.RunAsync(source, ctx.Positional[0], progress, CancellationToken.None);
            Console.Error.WriteLine($"Backed up {result.DatabasePath} and {result.ImagesCopied} images.");
            foreach (var missing in result.MissingImages)
            {
                Console.Error.WriteLine($"warning: {missing} was deleted during the backup; its row is in the copy without a file.");
            }
            return result.MissingImages.Count == 0 ? 0 : 1;
        }
        catch (IOException ex)
        {
            Console.Error.WriteLine("platectl backup: " + ex.Message);
            return 1;
        }
    }

    /// <summary>Reports on the caller's thread, in order (Progress&lt;T&gt; posts to the thread pool).</summary>
    private sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
