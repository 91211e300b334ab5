using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PlateWeb.Data.Privacy;
using PlateWeb.Data.Sightings;
using PlateWeb.Data.Storage;

namespace PlateWeb.Data;

public static class DataServiceCollectionExtensions
{
    /// <summary>
    /// Database, image store and their start-up initializer. Section "Data"; the environment
    /// variable PLATEWEB_DATA overrides Data:DataDirectory; a relative folder is taken from the content root.
    /// Data:Provider picks SQLite (the default) or Postgres, whose connection string is Data:ConnectionString,
    /// else ConnectionStrings:PlateWeb.
    /// </summary>
    public static IServiceCollection AddPlateData(this IServiceCollection services)
    {
        services.AddOptions<DataOptions>()
            .BindConfiguration(DataOptions.Section)
            .PostConfigure<IHostEnvironment, IConfiguration>((o, env, config) =>
            {
                if (string.IsNullOrWhiteSpace(o.ConnectionString)) o.ConnectionString = config.GetConnectionString(DataOptions.ConnectionStringName);
                var fromEnvironment = Environment.GetEnvironmentVariable(DataOptions.EnvironmentVariable);
                if (!string.IsNullOrWhiteSpace(fromEnvironment)) o.DataDirectory = fromEnvironment;
                o.DataDirectory = Path.GetFullPath(Path.Combine(env.ContentRootPath, o.DataDirectory));
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddDbContextFactory<PlateDbContext>((sp, db) =>
            db.UsePlateDatabase(sp.GetRequiredService<IOptions<DataOptions>>().Value));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<PlateStore>();
        services.AddSingleton<ReadQueries>();
        services.AddSingleton<BulkReads>();
        services.AddSingleton<PlatePrivacy>();
        services.AddSingleton<ApiKeyStore>();
        services.AddSingleton<RetentionPurge>();
        services.AddSingleton<ConversationStore>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<SightingBus>();
        services.TryAddSingleton<Workers.WorkerDirectory>();
        services.TryAddSingleton<ICameraDirectory, NoCameras>();
        services.AddHostedService<DatabaseInitializer>();
        // After the initializer: the purge needs the migrated database.
        services.AddHostedService<RetentionWorker>();
        return services;
    }
}
