using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;
using PlateWeb.Data;

namespace PlateWeb.Web.Hosting;

public static class DataProtectionKeys
{
    public const string FolderName = "keys";

    /// <summary>
    /// Keeps the data-protection key ring in the data directory (<c>keys/</c> beside the database), so
    /// antiforgery tokens and circuit state protected before a restart are still readable after it;
    /// the default, a per-user folder, is lost in a container or under another account.
    /// </summary>
    public static IServiceCollection AddDataProtectionKeysInDataDirectory(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName("PlateWeb");
        services.AddOptions<KeyManagementOptions>()
            .Configure<IOptions<DataOptions>, ILoggerFactory>((keys, data, loggers) =>
                keys.XmlRepository = new FileSystemXmlRepository(
                    Directory.CreateDirectory(Path.Combine(data.Value.DataDirectory, FolderName)), loggers));
        return services;
    }
}
