using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using PlateWeb.Jobs.Hosting;
using PlateWeb.Web.Hosting;

namespace PlateWeb.Web.Tests.Integration;

/// <summary>The real app (real SQLite file, OpenCV, Tesseract) on a temporary data folder.</summary>
public sealed class PlateWebFactory : WebApplicationFactory<Program>
{
    private readonly bool _ownsDataDirectory;

    /// <summary>A fresh temporary data folder, deleted on dispose.</summary>
    public PlateWebFactory()
        : this(Path.Combine(Path.GetTempPath(), "plateweb-web-tests-" + Guid.NewGuid().ToString("N")), ownsDataDirectory: true)
    {
    }

    /// <summary>An app on <paramref name="dataDirectory"/>, which the caller deletes (to start the app again on the same data).</summary>
    public PlateWebFactory(string dataDirectory, bool ownsDataDirectory = false)
    {
        DataDirectory = dataDirectory;
        _ownsDataDirectory = ownsDataDirectory;
    }

    public string DataDirectory { get; }

    /// <summary>Whether the app renders its main pages once after the start (PageWarmup); off for most tests.</summary>
    public bool WarmUpPages { get; init; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // The repository root, as in production: its appsettings.json, tessdata/ and wwwroot-assets/.
        builder.UseContentRoot(ContentRootLocator.FindRepositoryRoot() ?? throw new InvalidOperationException("PlateWeb.sln not found"));
        builder.UseSetting("Data:DataDirectory", DataDirectory);
        builder.UseSetting("Upload:Workers", "1");
        // An unattended install: the admin account comes from configuration.
        builder.UseSetting("Auth:AdminUser", AdminUser);
        builder.UseSetting("Auth:AdminPassword", AdminPassword);
        // The chat model is not needed by these tests; loading it in every host would only cost time.
        builder.UseSetting("Chat:LoadAtStart", "false");
        // Nor is the pages' warm-up (PageWarmupTests turns it on).
        builder.UseSetting("Web:WarmUpPages", WarmUpPages ? "true" : "false");
    }

    public const string AdminUser = "admin";

    public const string AdminPassword = "correct horse battery";

    /// <summary>A client that keeps cookies and has signed in through the real login form (antiforgery token included).</summary>
    public Task<HttpClient> CreateSignedInClientAsync(string userName = AdminUser, string password = AdminPassword) =>
        SignIn.ClientAsync(this, userName, password);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (_ownsDataDirectory && Directory.Exists(DataDirectory)) Directory.Delete(DataDirectory, recursive: true);
    }
}
