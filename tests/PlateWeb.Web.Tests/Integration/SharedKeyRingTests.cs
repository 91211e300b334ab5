using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PlateWeb.Data;
using PlateWeb.Data.Tests;
using PlateWeb.Jobs.Hosting;
using PlateWeb.Web.Hosting;

namespace PlateWeb.Web.Tests.Integration;

/// <summary>
/// DataProtection:Keys=Database: two nodes (each its own data folder) on one PostgreSQL database read each other's
/// protected payloads and sign-in cookies; an install that moves from the folder keeps its old payloads readable.
/// </summary>
public sealed class SharedKeyRingTests : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("plateweb-keyring-tests-").FullName;
    private PostgresCluster _postgres = null!;

    public async Task InitializeAsync() => _postgres = await PostgresCluster.SharedAsync();

    public Task DisposeAsync()
    {
        Directory.Delete(_root, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task KeysInDatabase_PayloadProtectedOnNodeA_IsReadOnNodeB()
    {
        var database = await _postgres.CreateDatabaseAsync("keyring_payload");
        await using var nodeA = Node("a", database);
        await using var nodeB = Node("b", database);

        var token = Protector(nodeA).Protect("camera password");

        Assert.Equal("camera password", Protector(nodeB).Unprotect(token));
        Assert.False(Directory.Exists(Path.Combine(_root, "b", DataProtectionKeys.FolderName)));
        await using var db = await nodeB.Services.GetRequiredService<IDbContextFactory<PlateDbContext>>().CreateDbContextAsync();
        Assert.Equal(1, await db.DataProtectionKeys.CountAsync());
    }

    [Fact]
    public async Task KeysInDatabase_SignInCookieOfNodeA_IsAcceptedByNodeB()
    {
        var database = await _postgres.CreateDatabaseAsync("keyring_cookie");
        await using var nodeA = Node("a", database);
        await using var nodeB = Node("b", database);
        var cookie = await SignIn.AuthCookieAsync(nodeA, PlateWebFactory.AdminUser, PlateWebFactory.AdminPassword);

        using var client = nodeB.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health");
        request.Headers.Add("Cookie", cookie);
        var body = await (await client.SendAsync(request)).Content.ReadAsStringAsync();

        // Only a signed-in admin is shown each check: node B read node A's cookie.
        Assert.Contains("\"checks\"", body, StringComparison.Ordinal);
        Assert.Contains("role web", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FolderKeysOfAnExistingInstall_AreImportedIntoTheDatabase()
    {
        var database = await _postgres.CreateDatabaseAsync("keyring_import");
        string token;
        await using (var before = Node("a", database, keys: "Folder"))
        {
            token = Protector(before).Protect("webhook secret");
        }
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(_root, "a", DataProtectionKeys.FolderName), "key-*.xml"));

        await using var after = Node("a", database, keys: "Database");
        await using var other = Node("b", database, keys: "Database");

        Assert.Equal("webhook secret", Protector(after).Unprotect(token));
        Assert.Equal("webhook secret", Protector(other).Unprotect(token));
        await using var db = await after.Services.GetRequiredService<IDbContextFactory<PlateDbContext>>().CreateDbContextAsync();
        Assert.Equal(1, await db.DataProtectionKeys.CountAsync());
    }

    private static IDataProtector Protector(WebApplicationFactory<Program> node) =>
        node.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("shared-key-ring-test");

    private NodeFactory Node(string name, string connectionString, string keys = "Database") =>
        new(Path.Combine(_root, name), connectionString, keys);

    /// <summary>The app as PlateWebFactory starts it, on PostgreSQL, with the key ring where <c>keys</c> says.</summary>
    private sealed class NodeFactory(string data, string connectionString, string keys) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseContentRoot(ContentRootLocator.FindRepositoryRoot() ?? throw new InvalidOperationException("PlateWeb.sln not found"));
            builder.UseSetting("Data:DataDirectory", data);
            builder.UseSetting("Data:Provider", "Postgres");
            builder.UseSetting("Data:ConnectionString", connectionString);
            builder.UseSetting("DataProtection:Keys", keys);
            builder.UseSetting("Upload:Workers", "1");
            builder.UseSetting("Auth:AdminUser", PlateWebFactory.AdminUser);
            builder.UseSetting("Auth:AdminPassword", PlateWebFactory.AdminPassword);
            builder.UseSetting("Chat:LoadAtStart", "false");
        }
    }
}
