using System.ComponentModel.DataAnnotations;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;
using PlateWeb.Data;
using PlateWeb.Data.Storage;
using PlateWeb.Web.Features.ScaleOut;

namespace PlateWeb.Web.Hosting;

/// <summary>Where the data-protection key ring is kept.</summary>
public enum KeyRingStore
{
    /// <summary><see cref="Database"/> when Redis:Connection is set (several web nodes), else <see cref="Folder"/>.</summary>
    Auto,

    /// <summary><c>keys/</c> in the data directory: one node.</summary>
    Folder,

    /// <summary>The DataProtectionKeys table: every node that shares the database shares the keys.</summary>
    Database,
}

/// <summary>Section "DataProtection".</summary>
public sealed class KeyRingOptions
{
    public const string Section = "DataProtection";

    [EnumDataType(typeof(KeyRingStore), ErrorMessage = "DataProtection:Keys must be Auto, Folder or Database.")]
    public KeyRingStore Keys { get; set; } = KeyRingStore.Auto;
}

public static partial class DataProtectionKeys
{
    public const string FolderName = "keys";

    /// <summary>
    /// Keeps the data-protection key ring where every node that serves this site finds it, so antiforgery tokens,
    /// sign-in cookies, circuit state and protected secrets (camera credentials, webhook secrets) made before a restart,
    /// or by another node, are still readable; the default, a per-user folder, is lost in a container or under another
    /// account. One node: the data directory (<c>keys/</c> beside the database), protected at rest by the file system
    /// (the folder <c>0700</c>, each key file <c>0600</c>; README, "Data folder and keys at rest"). Several nodes
    /// (DataProtection:Keys=Database, the default once Redis:Connection is set): the database's DataProtectionKeys
    /// table, into which the folder's keys are imported once so that existing cookies and secrets stay valid.
    /// </summary>
    public static IServiceCollection AddDataProtectionKeys(this IServiceCollection services)
    {
        services.AddOptions<KeyRingOptions>().BindConfiguration(KeyRingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddDataProtection().SetApplicationName("PlateWeb");
        services.AddOptions<KeyManagementOptions>()
            .Configure<IOptions<KeyRingOptions>, IOptions<RedisOptions>, IOptions<DataOptions>, IServiceProvider>((keys, ring, redis, data, sp) =>
            {
                var folder = Path.Combine(data.Value.DataDirectory, FolderName);
                var loggers = sp.GetRequiredService<ILoggerFactory>();
                keys.XmlRepository = InDatabase(ring.Value, redis.Value)
                    ? new ImportingXmlRepository(new EntityFrameworkCoreXmlRepository<PlateDbContext>(sp, loggers), folder, loggers)
                    : new PrivateXmlRepository(PrivateFiles.CreateDirectory(folder), loggers);
            });
        return services;
    }

    public static bool InDatabase(KeyRingOptions ring, RedisOptions redis) =>
        ring.Keys == KeyRingStore.Database || (ring.Keys == KeyRingStore.Auto && redis.Enabled);

    /// <summary>
    /// The framework's file repository, each key file made <c>0600</c> once written (the framework
    /// creates them with the umask's mode; the <c>0700</c> folder already keeps other accounts out).
    /// </summary>
    private sealed class PrivateXmlRepository(DirectoryInfo folder, ILoggerFactory loggers) : IDeletableXmlRepository
    {
        private readonly FileSystemXmlRepository _inner = new(folder, loggers);

        public IReadOnlyCollection<XElement> GetAllElements() => _inner.GetAllElements();

        public void StoreElement(XElement element, string friendlyName)
        {
            _inner.StoreElement(element, friendlyName);
            foreach (var file in folder.EnumerateFiles("*.xml")) PrivateFiles.Restrict(file.FullName);
        }

        public bool DeleteElements(Action<IReadOnlyCollection<IDeletableElement>> chooseElements) => _inner.DeleteElements(chooseElements);
    }

    /// <summary>
    /// The database's key ring, which first takes the keys (and revocations) of the data directory's folder that it
    /// lacks: an install that moves to several nodes keeps its users signed in and its camera and webhook secrets
    /// readable, and a node that still has the old folder adds nothing twice. The folder is only read, never changed,
    /// so going back to DataProtection:Keys=Folder finds it as it was (without keys made meanwhile in the database).
    /// The import runs at the key ring's first read, after the start-up initializer has migrated the database.
    /// </summary>
    private sealed partial class ImportingXmlRepository(IXmlRepository database, string folder, ILoggerFactory loggers) : IXmlRepository
    {
        private readonly Lock _gate = new();
        private readonly ILogger _logger = loggers.CreateLogger<ImportingXmlRepository>();
        private bool _imported;

        public IReadOnlyCollection<XElement> GetAllElements()
        {
            lock (_gate)
            {
                if (!_imported)
                {
                    Import();
                    _imported = true;
                }
            }
            return database.GetAllElements();
        }

        public void StoreElement(XElement element, string friendlyName) => database.StoreElement(element, friendlyName);

        private void Import()
        {
            if (!Directory.Exists(folder)) return;
            var inFolder = new FileSystemXmlRepository(new DirectoryInfo(folder), loggers).GetAllElements();
            if (inFolder.Count == 0) return;
            var known = database.GetAllElements().Select(Identity).ToHashSet(StringComparer.Ordinal);
            var added = 0;
            foreach (var element in inFolder)
            {
                if (!known.Add(Identity(element))) continue;
                database.StoreElement(element, FriendlyName(element));
                added++;
            }
            if (added > 0) LogImported(_logger, added);
        }

        // A key is known by its id; a revocation (which has none) by its whole text.
        private static string Identity(XElement element) =>
            element.Attribute("id")?.Value is { } id ? "key-" + id : element.ToString(SaveOptions.DisableFormatting);

        private static string FriendlyName(XElement element) =>
            element.Attribute("id")?.Value is { } id ? "key-" + id : "revocation-" + Guid.NewGuid().ToString("N");

        [LoggerMessage(Level = LogLevel.Information, Message = "{Count} data-protection keys imported from the data directory into the database")]
        private static partial void LogImported(ILogger logger, int count);
    }
}
