using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PlateWeb.Data.Privacy;

namespace PlateWeb.Data.Storage;

/// <summary>
/// The store without a host, for `platectl import`, `export`, `forget` and `backup`: the same database, migrations
/// and write order as the web app, so an import is stored exactly as an upload. It does not sweep orphan files
/// (`platectl check --repair` does, through <see cref="Store"/>).
/// </summary>
public sealed class StandaloneData
{
    private StandaloneData(IDbContextFactory<PlateDbContext> dbFactory, PlateStore store, ReadQueries queries, PlatePrivacy privacy, DataOptions options)
    {
        DbFactory = dbFactory;
        Store = store;
        Queries = queries;
        Privacy = privacy;
        Options = options;
    }

    public IDbContextFactory<PlateDbContext> DbFactory { get; }

    public ApiKeyStore ApiKeys => new(DbFactory, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<ApiKeyStore>.Instance);

    public PlatePrivacy Privacy { get; }

    public DataOptions Options { get; }

    public PlateStore Store { get; }

    public ReadQueries Queries { get; }

    public BulkReads Bulk => new(DbFactory, TimeProvider.System);

    /// <summary>Opens the database without migrating or sweeping (for `platectl check`, which must see the folder as it is).</summary>
    public static IDbContextFactory<PlateDbContext> OpenAsIs(DataOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new Factory(options.Provider == DatabaseProvider.Sqlite
            ? new DbContextOptionsBuilder<PlateDbContext>().UseSqlite($"Data Source={options.DatabasePath};Mode=ReadOnly").Options
            : PlateDatabase.Options(options));
    }

    /// <param name="options">With <see cref="DataOptions.DataDirectory"/> already absolute.</param>
    public static async Task<StandaloneData> OpenAsync(DataOptions options, ILoggerFactory loggers, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggers);
        var factory = new Factory(PlateDatabase.Options(options));
        var wrapped = Microsoft.Extensions.Options.Options.Create(options);
        var store = new PlateStore(factory, wrapped, TimeProvider.System, loggers.CreateLogger<PlateStore>());
        // Never the orphan sweep: the web app may be running on this folder, between writing a file and its row.
        await DatabaseInitializer.PrepareAsync(factory, options, loggers.CreateLogger<DatabaseInitializer>(), ct);
        return new StandaloneData(factory, store, new ReadQueries(factory), new PlatePrivacy(factory, wrapped, loggers.CreateLogger<PlatePrivacy>()), options);
    }

    private sealed class Factory(DbContextOptions<PlateDbContext> options) : IDbContextFactory<PlateDbContext>
    {
        public PlateDbContext CreateDbContext() => new(options);
    }
}
