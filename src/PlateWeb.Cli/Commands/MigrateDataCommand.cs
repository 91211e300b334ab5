using System.CommandLine;
using PlateWeb.Data.Transfer;
using static PlateWeb.Cli.CliOptions;

namespace PlateWeb.Cli.Commands;

/// <summary>
/// `platectl migrate-data --from sqlite:PATH --to postgres:CONNECTION [--batch-size N] [--batches N] [--verify]`:
/// copies a SQLite installation into PostgreSQL (<see cref="SqliteToPostgres"/>), then compares every table.
/// </summary>
public static class MigrateDataCommand
{
    private static readonly Option<string> From = Text("--from", "sqlite:PATH", "The SQLite database.");
    private static readonly Option<string> To = Text("--to", "postgres:CONNECTION-STRING", "The PostgreSQL database.");
    private static readonly Option<int> BatchSize = Int("--batch-size", "Rows per batch.", SqliteToPostgres.DefaultBatchSize);
    private static readonly Option<int> Batches = Int("--batches", "Stop after N batches (exit code 3).");
    private static readonly Option<bool> Verify = Switch("--verify", "Compare only.");

    public static CliVerb Verb { get; } = new("Copy a SQLite database into PostgreSQL, then compare each table.", [From, To, BatchSize, Batches, Verify]);

    /// <summary>The copy stopped after the batches --batches allowed: nothing is wrong, and it is not done.</summary>
    public const int Incomplete = 3;

    private const string Example = "platectl migrate-data --from sqlite:data/plateweb.db --to \"postgres:Host=db;Database=plateweb;Username=plateweb;Password=…\"";

    public static async Task<int> RunAsync(CliContext ctx)
    {
        if (!TryParse(ctx.Parse.GetValue(From), "--from", ["sqlite"], "sqlite:PATH", out var sqlitePath, out var error)
            || !TryParse(ctx.Parse.GetValue(To), "--to", ["postgres", "postgresql"], "postgres:CONNECTION-STRING", out var connection, out error))
        {
            Console.Error.WriteLine($"platectl migrate-data: {error}\n  for example: {Example}");
            return 2;
        }
        var batchSize = ctx.Parse.GetValue(BatchSize);
        int? maxBatches = ctx.Parse.GetResult(Batches) is null ? null : ctx.Parse.GetValue(Batches);
        if (batchSize < 1 || maxBatches < 1)
        {
            Console.Error.WriteLine("platectl migrate-data: --batch-size and --batches take a whole number of at least 1.");
            return 2;
        }

        sqlitePath = Path.GetFullPath(sqlitePath);
        var transfer = new SqliteToPostgres(sqlitePath, connection);
        var progress = new TableProgress();
        using var interrupted = new CancellationTokenSource();
        // Ctrl+C cancels the batch being written (its transaction rolls back) instead of killing the process mid-way,
        // so the message below can say that a rerun goes on.
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            interrupted.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            if (!ctx.Parse.GetValue(Verify))
            {
                Console.Error.WriteLine($"Copying {sqlitePath} into {transfer.DescribeTarget()} (migrated first), {batchSize} rows per batch.");
                var copy = await transfer.CopyAsync(batchSize, maxBatches, progress, interrupted.Token);
                progress.End();
                if (!copy.Finished)
                {
                    Console.Error.WriteLine($"Stopped after {maxBatches} batches (--batches): run the same command again to go on where it stopped.");
                    return Incomplete;
                }
            }
            Console.Error.WriteLine($"Comparing {sqlitePath} with {transfer.DescribeTarget()}.");
            var checks = await transfer.VerifyAsync(progress, interrupted.Token);
            progress.End();
            PrintChecks(checks);
            // The rows name image files by their hash; the files themselves are never in the database.
            var images = Path.Combine(Path.GetDirectoryName(sqlitePath) ?? ".", "images");
            Console.Error.WriteLine($"Image files were not copied: they stay in {images}. Every PlateWeb instance on PostgreSQL must see that folder "
                + "as <Data:DataDirectory>/images (the same folder on one machine, a shared mount on several).");
            var bad = checks.Count(c => !c.Ok);
            Console.Error.WriteLine(bad == 0
                ? $"All {checks.Count} tables match."
                : $"{bad} of {checks.Count} tables differ (MISMATCH above): the PostgreSQL copy is not the same as the SQLite database.");
            return bad == 0 ? 0 : 1;
        }
        catch (TransferException ex)
        {
            progress.End();
            Console.Error.WriteLine("platectl migrate-data: " + ex.Message);
            return 1;
        }
        catch (OperationCanceledException) when (interrupted.IsCancellationRequested)
        {
            progress.End();
            Console.Error.WriteLine("platectl migrate-data: interrupted. The batches copied so far stay; run the same command again to go on.");
            return Incomplete;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    private static void PrintChecks(IReadOnlyList<TableCheck> checks)
    {
        var width = Math.Max(5, checks.Max(c => c.Table.Length));
        Console.WriteLine($"{"Table".PadRight(width)}  {"SQLite",10}  {"PostgreSQL",10}  Result");
        foreach (var c in checks)
        {
            Console.WriteLine($"{c.Table.PadRight(width)}  {c.SourceRows,10}  {c.TargetRows,10}  {(c.Ok ? "OK" : "MISMATCH")}");
        }
    }

    /// <summary>SCHEME:VALUE with one of <paramref name="schemes"/>; the message names only the scheme, never the value (a password).</summary>
    private static bool TryParse(string? argument, string flag, string[] schemes, string shape, out string value, out string error)
    {
        value = string.Empty;
        error = string.Empty;
        if (string.IsNullOrWhiteSpace(argument))
        {
            error = $"give {flag} {shape}.";
            return false;
        }
        var colon = argument.IndexOf(':', StringComparison.Ordinal);
        var scheme = colon < 0 ? null : argument[..colon];
        if (scheme is null) error = $"{flag} must be {shape}: it has no scheme.";
        else if (!schemes.Contains(scheme, StringComparer.OrdinalIgnoreCase)) error = $"{flag} must be {shape}, not {scheme}:… (migrate-data copies SQLite into PostgreSQL only).";
        else if (colon == argument.Length - 1) error = $"{flag} {scheme}: needs a value: {shape}.";
        if (error.Length > 0) return false;
        value = argument[(colon + 1)..];
        return true;
    }

    /// <summary>One line per table on standard error, rewritten in place on a terminal, one line per batch otherwise.</summary>
    private sealed class TableProgress : IProgress<TransferProgress>
    {
        private readonly bool _interactive = !Console.IsErrorRedirected;
        private string? _table;
        private string _last = string.Empty;

        public void Report(TransferProgress value)
        {
            if (_table is not null && _table != value.Table) End();
            _table = value.Table;
            var line = value.Total < 0
                ? $"  {value.Table}: {value.Copied} rows compared"
                : $"  {value.Table}: {value.Copied}/{value.Total} rows{(value.Total > 0 ? $" ({value.Copied * 100 / value.Total} %)" : string.Empty)}";
            if (_interactive) Console.Error.Write("\r" + line.PadRight(_last.Length));
            else Console.Error.WriteLine(line);
            _last = line;
        }

        /// <summary>Ends the current table's line (a terminal's line is left in place).</summary>
        public void End()
        {
            if (_interactive && _table is not null) Console.Error.WriteLine();
            _table = null;
            _last = string.Empty;
        }
    }
}
