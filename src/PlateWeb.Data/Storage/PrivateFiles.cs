namespace PlateWeb.Data.Storage;

/// <summary>
/// The data folder holds plates (personal data), pictures and the key ring: on Linux its folders are
/// created <c>0700</c> and its files <c>0600</c>, so only the app's own account can read them,
/// whatever the umask. Modes are given at creation (no window where the file is readable); Windows
/// keeps its inherited ACLs.
/// </summary>
public static class PrivateFiles
{
    public const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates the folder and each missing parent <c>0700</c>; existing folders are left as they are.</summary>
    public static DirectoryInfo CreateDirectory(string path)
    {
        if (OperatingSystem.IsWindows()) return Directory.CreateDirectory(path);
        var full = Path.GetFullPath(path);
        // Directory.CreateDirectory(path, mode) gives the mode to the last folder only: its parents get the umask's.
        var missing = new Stack<string>();
        for (var folder = full; folder is not null && !Directory.Exists(folder); folder = Path.GetDirectoryName(folder)) missing.Push(folder);
        while (missing.TryPop(out var folder)) Directory.CreateDirectory(folder, FolderMode);
        return new DirectoryInfo(full);
    }

    /// <summary>A new file, <c>0600</c>, for writing; fails if it exists (callers write to a fresh temporary name).</summary>
    public static FileStream CreateNew(string path)
    {
        var options = new FileStreamOptions { Mode = System.IO.FileMode.CreateNew, Access = FileAccess.Write, Options = FileOptions.Asynchronous };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = FileMode;
        return new FileStream(path, options);
    }

    public static async Task WriteNewAsync(string path, byte[] bytes, CancellationToken ct)
    {
        await using var stream = CreateNew(path);
        await stream.WriteAsync(bytes, ct);
    }

    /// <summary>
    /// Makes an existing file <c>0600</c> (the database, created by SQLite with the umask's mode before
    /// this rule). False when the file is missing or belongs to another account.
    /// </summary>
    public static bool Restrict(string path)
    {
        if (OperatingSystem.IsWindows() || !File.Exists(path)) return false;
        try
        {
            if (File.GetUnixFileMode(path) != FileMode) File.SetUnixFileMode(path, FileMode);
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>
    /// Creates the SQLite file empty and <c>0600</c> before SQLite opens it, so the database and the
    /// <c>-wal</c> and <c>-shm</c> files SQLite makes beside it (with the database's mode) are private;
    /// an existing database is made <c>0600</c>.
    /// </summary>
    public static void PrepareDatabaseFile(string path)
    {
        if (OperatingSystem.IsWindows()) return;
        try
        {
            using (CreateNew(path))
            {
                // SQLite takes an empty file for a new database.
            }
        }
        catch (IOException) when (File.Exists(path))
        {
            Restrict(path);
            foreach (var suffix in new[] { "-wal", "-shm" }) Restrict(path + suffix);
        }
    }
}
