using Microsoft.EntityFrameworkCore;
using PlateWeb.Data.Entities;
using PlateWeb.Data.Sightings;

namespace PlateWeb.Data.Cameras;

/// <summary>
/// The cameras' rows (singleton). Sources arrive already protected: this store never sees a password in clear.
/// <see cref="Changed"/> tells the cameras' supervisor to start, stop or restart workers.
/// </summary>
public sealed class CameraStore(IDbContextFactory<PlateDbContext> dbFactory, TimeProvider time) : ICameraDirectory
{
    /// <summary>Raised after any camera is added, changed or removed.</summary>
    public event Action? Changed;

    public async Task<IReadOnlyList<CameraRef>> ListAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Cameras.AsNoTracking().OrderBy(c => c.Name).Select(c => new CameraRef(c.Id, c.Name)).ToListAsync(ct);
    }

    public async Task<List<Camera>> AllAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Cameras.AsNoTracking().OrderBy(c => c.Name).ToListAsync(ct);
    }

    public async Task<Camera?> FindAsync(int id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Cameras.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct);
    }

    public async Task<Camera?> FindByNameAsync(string name, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Cameras.AsNoTracking().SingleOrDefaultAsync(c => c.Name == name, ct);
    }

    /// <summary>Adds a camera (Id 0) or replaces one's settings; a name taken by another camera is refused.</summary>
    /// <exception cref="CameraNameTakenException">Another camera has this name.</exception>
    public async Task<Camera> SaveAsync(Camera camera, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(camera);
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            if (await db.Cameras.AnyAsync(c => c.Name == camera.Name && c.Id != camera.Id, ct))
            {
                throw new CameraNameTakenException(camera.Name);
            }
            if (camera.Id == 0)
            {
                camera.CreatedAt = time.GetUtcNow().UtcDateTime;
                db.Cameras.Add(camera);
            }
            else
            {
                db.Cameras.Update(camera);
            }
            await db.SaveChangesAsync(ct);
        }
        Changed?.Invoke();
        return camera;
    }

    /// <summary>Removes a camera and its passes; its pictures and reads stay in the history (without a camera).</summary>
    public async Task<bool> DeleteAsync(int id, CancellationToken ct)
    {
        int deleted;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await db.Reads.Where(r => r.CameraId == id).ExecuteUpdateAsync(s => s.SetProperty(r => r.CameraId, (int?)null), ct);
            await db.Images.Where(i => i.CameraId == id).ExecuteUpdateAsync(s => s.SetProperty(i => i.CameraId, (int?)null), ct);
            deleted = await db.Cameras.Where(c => c.Id == id).ExecuteDeleteAsync(ct);
            await transaction.CommitAsync(ct);
        }
        if (deleted > 0) Changed?.Invoke();
        return deleted > 0;
    }
}

/// <summary>A camera name must be unique: pages and alert rules name cameras by it.</summary>
public sealed class CameraNameTakenException(string name) : Exception($"Another camera is already named '{name}'.")
{
    public string Name { get; } = name;
}
