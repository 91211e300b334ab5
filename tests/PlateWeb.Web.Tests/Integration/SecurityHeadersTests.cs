using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using PlateWeb.Data.Storage;

namespace PlateWeb.Web.Tests.Integration;

/// <summary>Every response carries the security headers; the OpenAPI document is not for anonymous visitors.</summary>
public sealed partial class SecurityHeadersTests : IAsyncLifetime
{
    private readonly PlateWebFactory _factory = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Theory]
    [InlineData("/account/login")]
    [InlineData("/health")]
    [InlineData("/no-such-page.txt")]
    [InlineData("/api/reads")]
    public async Task Response_AnyPath_CarriesTheSecurityHeaders(string path)
    {
        using var client = _factory.CreateClient(new() { AllowAutoRedirect = false });

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self' 'nonce-", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.Contains("object-src 'none'", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("same-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
    }

    [Fact]
    public async Task Page_ImportMap_CarriesTheNonceOfItsPolicy()
    {
        using var client = _factory.CreateClient(new() { AllowAutoRedirect = false });

        using var first = await client.GetAsync(new Uri("/account/login", UriKind.Relative));
        using var second = await client.GetAsync(new Uri("/account/login", UriKind.Relative));

        var nonce = PolicyNonce().Match(Assert.Single(first.Headers.GetValues("Content-Security-Policy"))).Groups[1].Value;
        Assert.NotEmpty(nonce);
        var html = await first.Content.ReadAsStringAsync();
        // Every inline script (Blazor's import map is the only one) carries the nonce; the others have a src.
        foreach (Match script in ScriptTag().Matches(html))
        {
            Assert.True(script.Value.Contains("src=", StringComparison.Ordinal) || script.Value.Contains($"nonce=\"{nonce}\"", StringComparison.Ordinal), script.Value);
        }
        Assert.Contains($"nonce=\"{nonce}\"", html, StringComparison.Ordinal);
        Assert.NotEqual(nonce, PolicyNonce().Match(Assert.Single(second.Headers.GetValues("Content-Security-Policy"))).Groups[1].Value);
    }

    [Fact]
    public async Task OpenApi_Anonymous_IsRefused_WithAKey_IsServed()
    {
        using var client = _factory.CreateClient(new() { AllowAutoRedirect = false });
        using var anonymous = await client.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        var key = await _factory.Services.GetRequiredService<ApiKeyStore>().CreateAsync("docs reader", CancellationToken.None);
        client.DefaultRequestHeaders.Add("X-Api-Key", key.Secret);
        using var withKey = await client.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));

        Assert.NotEqual(HttpStatusCode.OK, anonymous.StatusCode);
        Assert.DoesNotContain("/api/reads", await anonymous.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, withKey.StatusCode);
        Assert.Contains("/api/reads", await withKey.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [GeneratedRegex("'nonce-([^']+)'")]
    private static partial Regex PolicyNonce();

    [GeneratedRegex("<script[^>]*>")]
    private static partial Regex ScriptTag();
}
