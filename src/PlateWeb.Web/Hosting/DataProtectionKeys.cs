using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;
using PlateWeb.Data;
using PlateWeb.Data.Storage;

namespace PlateWeb.Web.Hosting;

public static class DataProtectionKeys
{
    public const string FolderName = "keys";

    /// <summary>
    /// Keeps the data-protection key ring in the data directory (<c>keys/</c> beside the database), so
    /// antiforgery tokens and circuit state protected before a restart are still readable after it;
    /// the default, a per-user folder, is lost in a container or under another account. At rest the
    /// keys are protected by the file system: the folder is <c>0700</c> and each key file <c>0600</c>
    /// (README, "Data folder and keys at rest").
    /// </summary>
    public static IServiceCollection AddDataProtectionKeysInDataDirectory(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName("PlateWeb");
        services.AddOptions<KeyManagementOptions>()
            .Configure<IOptions<DataOptions>, ILoggerFactory>((keys, data, loggers) =>
                keys.XmlRepository = new PrivateXmlRepository(
                    PrivateFiles.CreateDirectory(Path.Combine(data.Value.DataDirectory, FolderName)), loggers));
        return services;
    }

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
}
