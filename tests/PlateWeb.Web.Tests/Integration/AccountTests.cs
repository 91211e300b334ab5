using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using PlateWeb.Web.Features.Account;

namespace PlateWeb.Web.Tests.Integration;

/// <summary>Sign-in, roles and the first-run setup on the real app and database (throttling: LoginThrottleTests; sessions: SessionTests).</summary>
public sealed class AccountTests : IAsyncLifetime
{
    private readonly PlateWebFactory _factory = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Theory]
    [InlineData("/")]
    [InlineData("/history")]
    [InlineData("/images/1")]
    [InlineData("/history/export.csv")]
    public async Task Anonymous_IsSentToTheLoginPage(string path)
    {
        using var client = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Unauthorized, $"{path}: {(int)response.StatusCode}");
        if (response.StatusCode == HttpStatusCode.Redirect)
        {
            Assert.StartsWith("http://localhost/account/login", response.Headers.Location!.ToString(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("/images/1")]
    [InlineData("/history/export.json")]
    [InlineData("/history/export.csv?q=AB")]
    public async Task SignedOutBrowser_FollowingALink_IsSentToSignInAndBack(string path)
    {
        using var client = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        // What a browser sends when the user opens the address.
        request.Headers.TryAddWithoutValidation("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        request.Headers.TryAddWithoutValidation("Sec-Fetch-Mode", "navigate");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        Assert.StartsWith("http://localhost/account/login", location, StringComparison.Ordinal);
        Assert.Contains("ReturnUrl=" + Uri.EscapeDataString(path), location, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/images/1", "application/json")]
    [InlineData("/api/reads", "text/html,application/xhtml+xml")]
    public async Task Script_WithoutKeyOrCookie_GetsTheJson401(string path, string accept)
    {
        using var client = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.TryAddWithoutValidation("Accept", accept);

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("API key required", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admin_SignsIn_AndSeesTheUploadPage()
    {
        using var client = await _factory.CreateSignedInClientAsync();

        var html = await client.GetStringAsync(new Uri("/", UriKind.Relative));

        Assert.Contains("Try a sample", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Viewer_CannotExportOrManageKeysOrUsers()
    {
        using (var scope = _factory.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
            Assert.Empty(await AccountService.CreateUserAsync(users, "viewer", "viewer password 1", Roles.Viewer));
        }
        using var client = await _factory.CreateSignedInClientAsync("viewer", "viewer password 1");

        using var export = await client.GetAsync(new Uri("/history/export.csv", UriKind.Relative));
        using var history = await client.GetAsync(new Uri("/history", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, export.StatusCode);
        Assert.Contains("/account/denied", export.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, history.StatusCode);
    }

    [Fact]
    public async Task Login_WithoutAntiforgeryToken_IsRefused()
    {
        using var client = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["userName"] = PlateWebFactory.AdminUser, ["password"] = PlateWebFactory.AdminPassword });

        using var response = await client.PostAsync(new Uri("/account/login", UriKind.Relative), form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("//evil.example/", "/")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("/\\evil.example", "/")]
    [InlineData("/history?search=AB", "/history?search=AB")]
    public void ReturnUrl_OnlyLocalPathsSurvive(string given, string expected) =>
        Assert.Equal(expected, AccountServiceCollectionExtensions.SafeReturnUrl(given));

    [Fact]
    public async Task FirstRun_WithoutConfiguredAdmin_SetupCreatesItOnce()
    {
        await using var fresh = new PlateWebFactory();
        await using var app = fresh.WithWebHostBuilder(b => b.UseSetting("Auth:AdminUser", "").UseSetting("Auth:AdminPassword", "").UseSetting("Auth:SetupCode", "FIRST-RUN-1"));
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

        using var home = await client.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal("/account/setup", home.Headers.Location?.OriginalString);
        using var created = await SignIn.PostFormAsync(client, "/account/setup",
            new() { ["code"] = "FIRST-RUN-1", ["userName"] = "owner", ["password"] = "owner password 1", ["confirm"] = "owner password 1" });
        Assert.Equal("/", created.Headers.Location?.OriginalString);
        using var signedIn = await client.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);

        using var other = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        using var second = await SignIn.PostFormAsync(other, "/account/login", new() { ["userName"] = "x", ["password"] = "y", ["returnUrl"] = "/" },
            postPath: "/account/setup");
        Assert.Equal("/account/login?error=setup-done", second.Headers.Location?.OriginalString);
        using var scope = app.Services.CreateScope();
        Assert.Equal(["owner"], scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>().Users.Select(u => u.UserName).ToList());
    }
}
