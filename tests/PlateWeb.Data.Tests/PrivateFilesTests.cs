using PlateWeb.Data.Storage;

using static PlateWeb.Data.Tests.TestReads;

namespace PlateWeb.Data.Tests;

/// <summary>The data folder is the app's alone: folders 0700, files 0600, whatever the umask.</summary>
public sealed class PrivateFilesTests : IAsyncLifetime
{
    private readonly TempDatabase _db = new();

    public Task InitializeAsync() => _db.InitializeAsync();

    public Task DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task Store_NewDataFolder_FoldersAre0700AndFiles0600()
    {
        if (OperatingSystem.IsWindows()) return;
        var stored = await _db.Store.StoreAsync(FakePng(41), "AZJ6991.png", 10, 10, [Read("AZJ6991", "AZJ-6991")], CancellationToken.None);

        var image = _db.Store.GetFullPath(stored.Image);
        Assert.Equal(PrivateFiles.FolderMode, File.GetUnixFileMode(_db.Options.DataDirectory));
        Assert.Equal(PrivateFiles.FolderMode, File.GetUnixFileMode(_db.Options.ImagesDirectory));
        Assert.Equal(PrivateFiles.FolderMode, File.GetUnixFileMode(Path.GetDirectoryName(image)!));
        Assert.Equal(PrivateFiles.FileMode, File.GetUnixFileMode(image));
        Assert.Equal(PrivateFiles.FileMode, File.GetUnixFileMode(_db.Options.DatabasePath));
        // The -wal and -shm files exist while a connection is open (other tests clear every pool, closing ours).
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_db.Options.DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT count(*) FROM Images";
            await command.ExecuteScalarAsync();
        }
        Assert.Equal(PrivateFiles.FileMode, File.GetUnixFileMode(_db.Options.DatabasePath + "-wal"));
        Assert.Equal(PrivateFiles.FileMode, File.GetUnixFileMode(_db.Options.DatabasePath + "-shm"));
    }

    [Fact]
    public async Task Backup_Copy_IsAsPrivate()
    {
        if (OperatingSystem.IsWindows()) return;
        await _db.Store.StoreAsync(FakePng(42), "a.png", 10, 10, [Read("AB123CD", "AB-123-CD")], CancellationToken.None);
        var destination = Path.Combine(_db.Options.DataDirectory, "backup");

        await DatabaseBackup.RunAsync(_db.Options, destination, null, CancellationToken.None);

        Assert.Equal(PrivateFiles.FolderMode, File.GetUnixFileMode(destination));
        Assert.Equal(PrivateFiles.FileMode, File.GetUnixFileMode(Path.Combine(destination, _db.Options.DatabaseFileName)));
    }
}
