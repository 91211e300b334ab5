using Microsoft.EntityFrameworkCore;

namespace PlateWeb.Data.Storage;

/// <summary>
/// What <see cref="IntegrityCheck"/> found: SQLite's own check, rows whose file is gone, files no row points at
/// (<paramref name="OrphanFiles"/>, older than <see cref="PlateStore.OrphanSafeAge"/>) and files without a row yet
/// (<paramref name="RecentFiles"/>: maybe uploads in progress, not a problem).
/// </summary>
public sealed record IntegrityReport(
    string SqliteCheck, int Images, int Reads, IReadOnlyList<string> RowsWithoutFile, IReadOnlyList<string> OrphanFiles, IReadOnlyList<string> RecentFiles)
{
    public bool Ok => SqliteCheck == "ok" && RowsWithoutFile.Count == 0 && OrphanFiles.Count == 0;
}

/// <summary>The store's promises, checked: the database is sound, no row lacks its file, no file lacks its row.</summary>
public static class IntegrityCheck
{
    public static async Task<IntegrityReport> RunAsync(IDbContextFactory<PlateDbContext> dbFactory, DataOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(dbFactory);
        ArgumentNullException.ThrowIfNull(options);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var check = string.Join("; ", await db.Database.SqlQueryRaw<string>("PRAGMA integrity_check").ToListAsync(ct));
        var paths = await db.Images.AsNoTracking().Select(i => i.StoredPath).ToListAsync(ct);
        var reads = await db.Reads.CountAsync(ct);
        var missing = paths.Where(p => !File.Exists(Path.Combine(options.DataDirectory, p))).ToList();
        var known = paths.ToHashSet(StringComparer.Ordinal);
        string Relative(string f) => Path.GetRelativePath(options.DataDirectory, f).Replace('\\', '/');
        var unknown = Directory.Exists(options.ImagesDirectory)
            ? Directory.EnumerateFiles(options.ImagesDirectory, "*", SearchOption.AllDirectories)
                .Where(f => !known.Contains(Relative(f)))
                .ToLookup(f => File.GetLastWriteTimeUtc(f) > DateTime.UtcNow - PlateStore.OrphanSafeAge, Relative)
            : Enumerable.Empty<string>().ToLookup(_ => false);
        var orphans = unknown[false].ToList();
        var recent = unknown[true].ToList();
        return new IntegrityReport(check, paths.Count, reads, missing, orphans, recent);
    }
}
