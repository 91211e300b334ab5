using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using PlateWeb.Data.Entities;
using PlateWeb.Data.Storage;
using PlateWeb.Recognition.Tests;
using PlateWeb.Web.Features.Account;

namespace PlateWeb.Web.Tests.Integration;

/// <summary>The audit on the real app: a key's deletion names the key; the page is for admins.</summary>
public sealed class AuditEndpointTests : IAsyncLifetime
{
    private readonly PlateWebFactory _factory = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task ApiDelete_IsAuditedWithTheKeysName()
    {
        using var client = _factory.CreateClient();
        var key = await _factory.Services.GetRequiredService<ApiKeyStore>().CreateAsync("gate camera", CancellationToken.None);
        client.DefaultRequestHeaders.Add("X-Api-Key", key.Secret);
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(TestImages.SmallScene(".png"));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "image", "scene.png");
        using var posted = JsonDocument.Parse(await (await client.PostAsync(new Uri("/api/reads", UriKind.Relative), form)).Content.ReadAsStringAsync());
        var readId = posted.RootElement.GetProperty("plates")[0].GetProperty("id").GetInt64();

        using var deleted = await client.DeleteAsync(new Uri($"/api/reads/{readId}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        var entry = Assert.Single((await _factory.Services.GetRequiredService<AuditLog>().ListAsync(0, 10, CancellationToken.None)).Items);
        Assert.Equal(("API key gate camera", AuditAction.ReadDeleted, readId), (entry.User, entry.Action, entry.TargetId!.Value));
        Assert.StartsWith("AB-123-CD", entry.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditPage_ForAdmins_NotForViewers()
    {
        using (var scope = _factory.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
            Assert.Empty(await AccountService.CreateUserAsync(users, "viewer", "viewer password 1", Roles.Viewer));
        }
        using var admin = await _factory.CreateSignedInClientAsync();
        using var viewer = await _factory.CreateSignedInClientAsync("viewer", "viewer password 1");

        using var adminPage = await admin.GetAsync(new Uri("/audit", UriKind.Relative));
        using var viewerPage = await viewer.GetAsync(new Uri("/audit", UriKind.Relative));
        var adminHome = await admin.GetStringAsync(new Uri("/", UriKind.Relative));
        var viewerHome = await viewer.GetStringAsync(new Uri("/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, adminPage.StatusCode);
        Assert.Contains("<h1", await adminPage.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, viewerPage.StatusCode);
        Assert.Contains("/account/denied", viewerPage.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Contains("href=\"audit\"", adminHome, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"audit\"", viewerHome, StringComparison.Ordinal);
    }
}
