using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PlateWeb.Web.Features.Account;

namespace PlateWeb.Web.Tests.Integration;

/// <summary>A sign-in cookie is worth only as long as its account and its security stamp: sign-out and deletion end it everywhere.</summary>
public sealed class SessionTests : IAsyncLifetime
{
    private readonly PlateWebFactory _factory = new();
    private HttpClient _client = null!;

    public Task InitializeAsync()
    {
        // Cookies are set by hand on each request, as a copied cookie would be.
        _client = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
    }

    private async Task<HttpResponseMessage> GetAsync(string path, string cookies)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookies);
        return await _client.SendAsync(request);
    }

    private async Task<bool> IsSignedInAsync(string authCookie)
    {
        using var response = await GetAsync("/", authCookie);
        if (response.StatusCode == HttpStatusCode.OK) return true;
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/account/login", response.Headers.Location!.ToString(), StringComparison.Ordinal);
        return false;
    }

    /// <summary>Presses "Sign out" in the navigation menu: the form's token comes from the page, as in a browser.</summary>
    private async Task<HttpResponseMessage> SignOutAsync(string authCookie, bool withToken = true)
    {
        using var page = await GetAsync("/", authCookie);
        var antiforgery = page.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal));
        var fields = new Dictionary<string, string>();
        if (withToken) fields["__RequestVerificationToken"] = SignIn.TokenIn(await page.Content.ReadAsStringAsync());
        using var post = new HttpRequestMessage(HttpMethod.Post, "/account/logout") { Content = new FormUrlEncodedContent(fields) };
        post.Headers.Add("Cookie", authCookie + "; " + antiforgery);
        return await _client.SendAsync(post);
    }

    [Fact]
    public async Task CopiedCookie_IsRefused_AfterSignOut()
    {
        var cookie = await SignIn.AuthCookieAsync(_factory, PlateWebFactory.AdminUser, PlateWebFactory.AdminPassword);
        Assert.True(await IsSignedInAsync(cookie));

        using var signedOut = await SignOutAsync(cookie);

        Assert.Equal("/account/login", signedOut.Headers.Location?.OriginalString);
        Assert.False(await IsSignedInAsync(cookie), "the copied cookie outlived the sign-out");
    }

    [Fact]
    public async Task SignOut_WithoutAntiforgeryToken_IsRefused_AndTheSessionStays()
    {
        var cookie = await SignIn.AuthCookieAsync(_factory, PlateWebFactory.AdminUser, PlateWebFactory.AdminPassword);

        using var response = await SignOutAsync(cookie, withToken: false);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(await IsSignedInAsync(cookie));
    }

    [Fact]
    public async Task DeletedUser_CookieIsRefused_AtTheNextRequest()
    {
        string viewerId;
        using (var scope = _factory.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
            Assert.Empty(await AccountService.CreateUserAsync(users, "viewer", "viewer password 1", Roles.Viewer));
            viewerId = (await users.FindByNameAsync("viewer"))!.Id;
        }
        var cookie = await SignIn.AuthCookieAsync(_factory, "viewer", "viewer password 1");
        Assert.True(await IsSignedInAsync(cookie));

        using (var scope = _factory.Services.CreateScope())
        {
            Assert.Null(await AccountService.DeleteAsync(scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>(), viewerId));
        }

        Assert.False(await IsSignedInAsync(cookie), "a deleted account kept its session");
    }

    [Fact]
    public async Task Circuit_IsRevalidated_AgainstTheSecurityStamp()
    {
        using var scope = _factory.Services.CreateScope();
        var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<IdentityUser>>();
        var user = (await signIn.UserManager.FindByNameAsync(PlateWebFactory.AdminUser))!;
        var principal = await signIn.CreateUserPrincipalAsync(user);
        using var circuit = new RevalidatingIdentityStateProvider(NullLoggerFactory.Instance,
            _factory.Services.GetRequiredService<IServiceScopeFactory>(), _factory.Services.GetRequiredService<IOptions<IdentityOptions>>());

        Assert.True(RevalidatingIdentityStateProvider.Interval <= TimeSpan.FromMinutes(1));
        Assert.True(await circuit.IsStillValidAsync(principal, CancellationToken.None));
        await signIn.UserManager.UpdateSecurityStampAsync(user);
        Assert.False(await circuit.IsStillValidAsync(principal, CancellationToken.None));
    }
}
