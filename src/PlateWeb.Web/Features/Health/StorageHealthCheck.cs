using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using PlateWeb.Data;
using PlateWeb.Data.Storage;
using PlateWeb.Web.Features.Upload;

namespace PlateWeb.Web.Features.Health;

/// <summary>
/// The images folder takes a write (a 4 KB probe, written and deleted) and its disk has room for
/// one more upload of the largest size; otherwise every upload would fail while the database still
/// answers. Unhealthy, in words without paths.
/// </summary>
public sealed class StorageHealthCheck(IOptions<DataOptions> data, IOptions<UploadOptions> upload) : IHealthCheck
{
    private const int ProbeBytes = 4096;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var folder = data.Value.ImagesDirectory;
        // A .tmp name: if the app dies before deleting it, the orphan sweep takes it like any unfinished write.
        var probe = Path.Combine(folder, $".health-{Guid.NewGuid():N}.tmp");
        try
        {
            await File.WriteAllBytesAsync(probe, new byte[ProbeBytes], cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return HealthCheckResult.Unhealthy(DiskFull.Is(ex)
                ? "The disk of the images folder is full: uploads fail."
                : "The images folder cannot be written: uploads fail.");
        }
        finally
        {
            TryDelete(probe);
        }
        long free;
        try
        {
            free = new DriveInfo(folder).AvailableFreeSpace;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return HealthCheckResult.Healthy("Images folder writable (free space unknown)");
        }
        var freeMb = free / 1_048_576;
        return free < upload.Value.MaxFileBytes
            ? HealthCheckResult.Unhealthy($"{freeMb} MB free on the images folder's disk, less than one upload may take ({upload.Value.MaxFileBytes / 1_048_576} MB).")
            : HealthCheckResult.Healthy($"Images folder writable, {freeMb} MB free");
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Nothing was written, or the folder went away: nothing to clean.
        }
    }
}
