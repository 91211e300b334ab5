using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using PlateWeb.Web.Hosting;

namespace PlateWeb.Web.Tests.Integration;

public sealed class DataProtectionKeysTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "plateweb-keys-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_data)) Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public async Task Keys_AreKeptInTheDataDirectory_AndReadAgainAfterARestart()
    {
        string token;
        await using (var first = new PlateWebFactory(_data))
        {
            token = first.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("restart-test").Protect("antiforgery-like payload");
        }
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(_data, DataProtectionKeys.FolderName), "key-*.xml"));

        await using var second = new PlateWebFactory(_data);
        var unprotected = second.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("restart-test").Unprotect(token);

        Assert.Equal("antiforgery-like payload", unprotected);
    }

    [Fact]
    public async Task Keys_AtRest_FolderIs0700AndFiles0600()
    {
        if (OperatingSystem.IsWindows()) return;
        await using (var app = new PlateWebFactory(_data))
        {
            app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("mode-test").Protect("payload");
        }

        var folder = Path.Combine(_data, DataProtectionKeys.FolderName);
        Assert.Equal(PlateWeb.Data.Storage.PrivateFiles.FolderMode, File.GetUnixFileMode(folder));
        var files = Directory.GetFiles(folder, "*.xml");
        Assert.NotEmpty(files);
        foreach (var file in files) Assert.Equal(PlateWeb.Data.Storage.PrivateFiles.FileMode, File.GetUnixFileMode(file));
        Assert.Equal(PlateWeb.Data.Storage.PrivateFiles.FolderMode, File.GetUnixFileMode(_data));
    }
}
