using Microsoft.AspNetCore.DataProtection;

namespace PlateWeb.Web.Features.Cameras;

/// <summary>
/// A camera's source is protected with the app's Data Protection key ring before it is stored (RTSP and HTTP URLs
/// often carry a user name and password), and shown only without its credentials.
/// </summary>
public sealed class CameraSecrets(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("PlateWeb.Cameras.Source.v1");

    public string Protect(string source) => _protector.Protect(source);

    /// <exception cref="System.Security.Cryptography.CryptographicException">The key ring that protected it is gone.</exception>
    public string Unprotect(string protectedSource) => _protector.Unprotect(protectedSource);

    /// <summary>The source with its user name and password replaced by "***", safe to show and to log.</summary>
    public static string Display(string source)
    {
        if (Uri.TryCreate(source, UriKind.Absolute, out var uri) && !uri.IsFile && !string.IsNullOrEmpty(uri.UserInfo))
        {
            var builder = new UriBuilder(uri) { UserName = "***", Password = "" };
            return builder.Uri.GetComponents(UriComponents.AbsoluteUri, UriFormat.UriEscaped).Replace("***@", "***@", StringComparison.Ordinal);
        }
        return source;
    }
}
