using Microsoft.Data.Sqlite;

namespace PlateWeb.Data.Storage;

/// <summary>What a backup copied.</summary>
public sealed record BackupResult(string DatabasePath, int ImagesCopied, IReadOnlyList<string> MissingImages);

/// <summary>
/// A consistent copy of the data folder while the app runs: SQLite's online backup API copies the
/// database as of one instant (WAL readers do not block it), then the image files that this copy
/// points at are copied. Stored images never change (content-addressed), so a file present now is
/// the file the row meant; one deleted meanwhile is reported, not invented.
/// </summary>
public static class DatabaseBackup
{
    public static async Task<BackupResult> RunAsync(DataOptions source, string destinationDirectory, IProgress<(int Done, int Total)>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(source);
        var destination = new DataOptions { DataDirectory = Path.GetFullPath(destinationDirectory), DatabaseFileName = source.DatabaseFileName };
        if (File.Exists(destination.DatabasePath))
        {
            throw new IOException($"{destination.DatabasePath} already exists; back up into a new or empty folder.");
        }
        if (!File.Exists(source.DatabasePath))
        {
            throw new FileNotFoundException($"No database at {source.DatabasePath}.", source.DatabasePath);
        }
        // A backup holds what the data folder holds: as private.
        PrivateFiles.CreateDirectory(destination.DataDirectory);
        PrivateFiles.PrepareDatabaseFile(destination.DatabasePath);

        await using (var from = new SqliteConnection($"Data Source={source.DatabasePath};Mode=ReadOnly;Pooling=False"))
        await using (var to = new SqliteConnection($"Data Source={destination.DatabasePath};Pooling=False"))
        {
            await from.OpenAsync(ct);
            await to.OpenAsync(ct);
            from.BackupDatabase(to);
        }

        var paths = new List<string>();
        await using (var copy = new SqliteConnection($"Data Source={destination.DatabasePath};Mode=ReadOnly;Pooling=False"))
        {
            await copy.OpenAsync(ct);
            await using var command = copy.CreateCommand();
            command.CommandText = "SELECT StoredPath FROM Images";
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) paths.Add(reader.GetString(0));
        }

        var missing = new List<string>();
        var copied = 0;
        for (var i = 0; i < paths.Count; i++)
        {
            ct.ThrowIfCancellationRequested();
            var from = Path.Combine(source.DataDirectory, paths[i]);
            var to = Path.Combine(destination.DataDirectory, paths[i]);
            if (File.Exists(from))
            {
                PrivateFiles.CreateDirectory(Path.GetDirectoryName(to)!);
                File.Copy(from, to, overwrite: true);
                copied++;
            }
            else
            {
                missing.Add(paths[i]);
            }
            progress?.Report((i + 1, paths.Count));
        }
        return new BackupResult(destination.DatabasePath, copied, missing);
    }
}
