using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace PlateWeb.Web.Tests.Integration;

/// <summary>Signs a test client in the way a browser does: GET the form, POST it back with its antiforgery token.</summary>
internal static partial class SignIn
{
    public static async Task<HttpClient> ClientAsync<T>(WebApplicationFactory<T> factory, string userName, string password)
        where T : class
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        using var response = await PostFormAsync(client, "/account/login", new() { ["userName"] = userName, ["password"] = password, ["returnUrl"] = "/" });
        if (response.StatusCode != HttpStatusCode.Redirect || response.Headers.Location?.OriginalString != "/")
        {
            throw new InvalidOperationException($"Sign-in as {userName} failed: {(int)response.StatusCode} → {response.Headers.Location}");
        }
        return client;
    }

    /// <summary>
    /// The sign-in cookie ("plateweb.auth=…") of the given user, for tests whose client handles
    /// cookies by hand (HandleCookies = false) to control exactly which cookies a request carries.
    /// </summary>
    public static async Task<string> AuthCookieAsync<T>(WebApplicationFactory<T> factory, string userName, string password)
        where T : class
    {
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var page = await client.GetAsync(new Uri("/account/login", UriKind.Relative));
        var html = await page.Content.ReadAsStringAsync();
        var antiforgery = string.Join("; ", page.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        var input = TokenInput().Match(html);
        var token = WebUtility.HtmlDecode(ValueAttribute().Match(input.Value).Groups[1].Value);
        using var post = new HttpRequestMessage(HttpMethod.Post, "/account/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["userName"] = userName,
                ["password"] = password,
                ["returnUrl"] = "/",
                ["__RequestVerificationToken"] = token,
            }),
        };
        post.Headers.Add("Cookie", antiforgery);
        using var response = await client.SendAsync(post);
        return response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith("plateweb.auth=", StringComparison.Ordinal));
    }

    /// <summary>Posts a form the way the page's own form does, with the token read from the page.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string pagePath, Dictionary<string, string> fields, string? postPath = null)
    {
        var page = await client.GetStringAsync(new Uri(pagePath, UriKind.Relative));
        var input = TokenInput().Match(page);
        var token = input.Success ? ValueAttribute().Match(input.Value) : Match.Empty;
        if (!token.Success) throw new InvalidOperationException($"No antiforgery token on {pagePath}.");
        fields["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value);
        using var content = new FormUrlEncodedContent(fields);
        return await client.PostAsync(new Uri(postPath ?? pagePath, UriKind.Relative), content);
    }

    /// <summary>The antiforgery token of the first form on a page.</summary>
    public static string TokenIn(string html)
    {
        var input = TokenInput().Match(html);
        var token = input.Success ? ValueAttribute().Match(input.Value) : Match.Empty;
        return token.Success ? WebUtility.HtmlDecode(token.Groups[1].Value) : throw new InvalidOperationException("No antiforgery token on the page.");
    }

    [GeneratedRegex("<input[^>]*__RequestVerificationToken[^>]*>")]
    private static partial Regex TokenInput();

    [GeneratedRegex("value=\"([^\"]+)\"")]
    private static partial Regex ValueAttribute();
}
