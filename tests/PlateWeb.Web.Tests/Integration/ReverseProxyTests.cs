using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace PlateWeb.Web.Tests.Integration;

/// <summary>Behind a TLS proxy: forwarded headers believed from the configured proxies only.</summary>
public sealed class ReverseProxyTests : IAsyncLifetime
{
    private const string CultureSwitch = "/culture?c=fr&redirectUri=%2F";
    private readonly PlateWebFactory _factory = new();
    private WebApplicationFactory<Program> _app = null!;

    public Task InitializeAsync()
    {
        _app = _factory.WithWebHostBuilder(b => b
                .UseEnvironment("Production")
                .UseSetting("ReverseProxy:KnownNetworks:0", "10.20.0.0/16"))
            .WithClientAddresses();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _factory.DisposeAsync();
    }

    private async Task<HttpResponseMessage> ThroughAsync(string from, string proto)
    {
        using var client = _app.CreateClientFrom(from);
        client.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.7");
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", proto);
        client.DefaultRequestHeaders.Add("X-Forwarded-Host", "plates.example.org");
        return await client.GetAsync(new Uri(CultureSwitch, UriKind.Relative));
    }

    private static string CultureCookie(HttpResponseMessage response) =>
        Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Culture=", StringComparison.Ordinal));

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("10.20.3.4")]
    public async Task HttpsForwardedByATrustedProxy_SecureCookieAndHsts(string proxy)
    {
        using var response = await ThroughAsync(proxy, "https");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("secure", CultureCookie(response), StringComparison.OrdinalIgnoreCase);
        Assert.True(response.Headers.TryGetValues("Strict-Transport-Security", out var hsts));
        Assert.StartsWith("max-age=15552000", Assert.Single(hsts), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ForwardedHeadersFromAnyoneElse_AreIgnored()
    {
        using var response = await ThroughAsync("198.51.100.9", "https");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.DoesNotContain("secure", CultureCookie(response), StringComparison.OrdinalIgnoreCase);
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task PlainHttpThroughTheProxy_NoSecureCookieNoHsts()
    {
        using var response = await ThroughAsync("127.0.0.1", "http");

        Assert.DoesNotContain("secure", CultureCookie(response), StringComparison.OrdinalIgnoreCase);
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }
}
