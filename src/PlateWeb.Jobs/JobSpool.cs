using Microsoft.Extensions.Options;
using PlateWeb.Data;
using PlateWeb.Data.Storage;

namespace PlateWeb.Jobs;

/// <summary>
/// Images waiting for a worker, content-addressed like the image store (spool/ab/abcdef….img) but apart from it, so the
/// store's orphan sweep never takes an image whose job is still queued. Written before the job is published (temp file
/// + atomic move), deleted by the worker once the image is stored. The folder must be shared by web nodes and workers
/// (the same data folder, or a shared mount).
/// </summary>
public sealed class JobSpool(IOptions<DataOptions> data, IOptions<QueueOptions> queue)
{
    public string Folder { get; } = Path.GetFullPath(Path.Combine(data.Value.DataDirectory, queue.Value.RabbitMq.SpoolDirectory));

    public string PathFor(string sha256) => Path.Combine(Folder, sha256[..2], sha256 + ".img");

    /// <summary>Writes the bytes under their hash (once: the same bytes may be queued twice); returns the hash.</summary>
    public async Task<string> WriteAsync(byte[] bytes, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var sha = PlateStore.Sha256Hex(bytes);
        var path = PathFor(sha);
        if (File.Exists(path)) return sha;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        await File.WriteAllBytesAsync(temp, bytes, ct);
        try
        {
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
        return sha;
    }

    /// <summary>The bytes of a waiting image, or null when it is not (or no longer, or not wholly) there.</summary>
    public async Task<byte[]?> TryReadAsync(string sha256, CancellationToken ct)
    {
        try
        {
            var bytes = await File.ReadAllBytesAsync(PathFor(sha256), ct);
            // A shared mount may show a file that another machine has not finished writing.
            return PlateStore.Sha256Hex(bytes) == sha256 ? bytes : null;
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    public void Delete(string sha256)
    {
        try
        {
            File.Delete(PathFor(sha256));
        }
        catch (DirectoryNotFoundException)
        {
            // Never written here, or another worker took it.
        }
    }

    /// <summary>A hash as it may appear in a path: 64 lower-case hex digits, nothing else.</summary>
    public static bool IsSha256(string? value) => value is { Length: 64 } && value.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');
}
