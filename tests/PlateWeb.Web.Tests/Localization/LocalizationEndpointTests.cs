using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using PlateWeb.Web.Tests.Integration;

namespace PlateWeb.Web.Tests.Localization;

/// <summary>The language as the real app picks it: the culture cookie, else the browser's Accept-Language, else English.</summary>
public sealed class LocalizationEndpointTests : IAsyncLifetime
{
    private readonly PlateWebFactory _factory = new();

    private string _auth = "";

    public async Task InitializeAsync() => _auth = await SignIn.AuthCookieAsync(_factory, PlateWebFactory.AdminUser, PlateWebFactory.AdminPassword);

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    /// <summary>A signed-in client whose cookies are set by hand, so each test says which language cookie it sends.</summary>
    private HttpClient Client()
    {
        var client = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Add("Cookie", _auth);
        return client;
    }

    [Fact]
    public async Task Home_FrenchBrowser_IsServedInFrench()
    {
        using var client = Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.AcceptLanguage.ParseAdd("fr-FR,fr;q=0.9,en;q=0.5");

        var html = await (await client.SendAsync(request)).Content.ReadAsStringAsync();

        Assert.Contains("<html lang=\"fr\"", html, StringComparison.Ordinal);
        Assert.Contains("Essayer un exemple", html, StringComparison.Ordinal);
        Assert.Contains("Historique", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Try a sample", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Home_UnsupportedLanguage_FallsBackToEnglish()
    {
        using var client = Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/history");
        request.Headers.AcceptLanguage.ParseAdd("de-DE");

        var html = await (await client.SendAsync(request)).Content.ReadAsStringAsync();

        Assert.Contains("<html lang=\"en\"", html, StringComparison.Ordinal);
        Assert.Contains("Search plate text", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CultureSwitch_SetsTheCookie_WhichWinsOverTheBrowser()
    {
        using var client = Client();

        var response = await client.GetAsync(new Uri("/culture?c=fr&redirectUri=%2Fhistory%3Fx%3D1", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/history?x=1", response.Headers.Location?.OriginalString);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith(".AspNetCore.Culture=c%3Dfr%7Cuic%3Dfr;", cookie, StringComparison.Ordinal);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/history");
        request.Headers.Add("Cookie", cookie.Split(';')[0] + "; " + _auth);
        request.Headers.AcceptLanguage.ParseAdd("en-US");
        var html = await (await client.SendAsync(request)).Content.ReadAsStringAsync();
        Assert.Contains("Rechercher une plaque", html, StringComparison.Ordinal);
        // MudBlazor's own texts come from MudStrings.fr.resx.
        Assert.Contains("Lignes par page", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/culture?c=fr&redirectUri=https%3A%2F%2Fevil.example%2F")]
    [InlineData("/culture?c=fr&redirectUri=%2F%2Fevil.example")]
    [InlineData("/culture?c=fr&redirectUri=%2F%5Cevil.example")]
    [InlineData("/culture?c=de&redirectUri=%2F")]
    [InlineData("/culture?redirectUri=%2F")]
    public async Task CultureSwitch_BadLanguageOrForeignRedirect_IsRefusedInWords(string url)
    {
        using var client = Client();

        var response = await client.GetAsync(new Uri(url, UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"));
        Assert.Matches("^(Unknown language|redirectUri must be a path on this site)", await response.Content.ReadAsStringAsync());
    }
}
