using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PlateWeb.Data;
using PlateWeb.Data.Storage;
using PlateWeb.Recognition.Detection;
using PlateWeb.Recognition.Grammar;
using PlateWeb.Recognition.Pipeline;

namespace PlateWeb.Web.Tests.Integration;

/// <summary>
/// The user's zone as the real app takes it: the plateweb.tz cookie (the browser's zone, or one chosen through
/// GET /timezone), checked before use; the History page, its date filters and the exports follow it.
/// </summary>
public sealed class TimeZoneTests : IAsyncLifetime
{
    private readonly PlateWebFactory _factory = new();

    private string _auth = "";

    public async Task InitializeAsync()
    {
        _auth = await SignIn.AuthCookieAsync(_factory, PlateWebFactory.AdminUser, PlateWebFactory.AdminPassword);
        // 23:30 UTC on 1 January 2026: 00:30 on 2 January in Paris.
        var store = _factory.Services.GetRequiredService<PlateStore>();
        var stored = await store.StoreAsync([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 7], "night.png", 10, 10, [Read("AB123CD", "AB-123-CD")], default);
        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<PlateDbContext>>().CreateDbContextAsync();
        var id = stored.Image.Reads[0].Id;
        await db.Reads.Where(r => r.Id == id).ExecuteUpdateAsync(s => s.SetProperty(r => r.CreatedAt, new DateTime(2026, 1, 1, 23, 30, 0)));
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    /// <summary>A signed-in client that sends exactly the cookies it is given.</summary>
    private HttpClient Client(string? zoneCookie = null)
    {
        var client = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Add("Cookie", zoneCookie is null ? _auth : $"{_auth}; plateweb.tz={zoneCookie}");
        return client;
    }

    [Fact]
    public async Task ExportCsv_ParisCookie_WritesTheOffsetAndTheZone()
    {
        using var client = Client(Uri.EscapeDataString("Europe/Paris"));

        var csv = await client.GetStringAsync(new Uri("/history/export.csv", UriKind.Relative));

        var lines = csv.TrimEnd().Split('\n');
        Assert.Equal("id,image_id,file,text,corrected_text,confidence,country,format,read_at,time_zone,camera,camera_id", lines[0]);
        Assert.EndsWith(",2026-01-02T00:30:00+01:00,Europe/Paris,,", Assert.Single(lines[1..]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExportCsv_NoCookie_IsUtcWithZ()
    {
        using var client = Client();

        var csv = await client.GetStringAsync(new Uri("/history/export.csv", UriKind.Relative));

        Assert.EndsWith(",2026-01-01T23:30:00Z,UTC,,", csv.TrimEnd().Split('\n')[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExportJson_TzParameter_WinsOverTheCookie()
    {
        using var client = Client("UTC");

        var json = await client.GetStringAsync(new Uri("/history/export.json?tz=Europe/Paris", UriKind.Relative));

        using var doc = System.Text.Json.JsonDocument.Parse(json);
        var row = Assert.Single(doc.RootElement.EnumerateArray());
        Assert.Equal("2026-01-02T00:30:00+01:00", row.GetProperty("created_at").GetString());
        Assert.Equal("Europe/Paris", row.GetProperty("time_zone").GetString());
    }

    [Theory]
    [InlineData("Europe%2FParis", 1)]
    [InlineData("UTC", 0)]
    public async Task ExportCsv_DateFilter_IsADayOfTheUsersZone(string zoneCookie, int reads)
    {
        using var client = Client(zoneCookie);

        // 2 January: the read is on it in Paris (00:30), not in UTC (1 January, 23:30).
        var csv = await client.GetStringAsync(new Uri("/history/export.csv?from=2026-01-02&to=2026-01-02", UriKind.Relative));

        Assert.Equal(reads, csv.TrimEnd().Split('\n').Length - 1);
    }

    [Theory]
    [InlineData("Mars/Olympus")]
    [InlineData("../../etc/passwd")]
    public async Task Export_GarbageTz_IsRefused(string tz)
    {
        using var client = Client();

        using var response = await client.GetAsync(new Uri($"/history/export.csv?tz={Uri.EscapeDataString(tz)}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task HistoryPage_ParisCookie_NamesTheZoneInTheHeader()
    {
        using var paris = Client(Uri.EscapeDataString("Europe/Paris"));
        using var garbage = Client(Uri.EscapeDataString("../../etc/passwd"));

        var inParis = await paris.GetStringAsync(new Uri("/history", UriKind.Relative));
        var inGarbage = await garbage.GetStringAsync(new Uri("/history", UriKind.Relative));

        Assert.Contains("Read at (Europe/Paris)", inParis, StringComparison.Ordinal);
        Assert.DoesNotContain("Read at (UTC)", inParis, StringComparison.Ordinal);
        // A cookie that names no zone is ignored: UTC, as before any zone is known.
        Assert.Contains("Read at (UTC)", inGarbage, StringComparison.Ordinal);
        Assert.Contains("assets/timezone.js", inParis, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Switch_ValidZone_SetsTheCookieForAYear()
    {
        using var client = Client();

        using var response = await client.GetAsync(new Uri("/timezone?tz=Pacific/Auckland&redirectUri=/history", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/history", response.Headers.Location?.OriginalString);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("plateweb.tz=", StringComparison.Ordinal));
        Assert.StartsWith("plateweb.tz=Pacific%2FAuckland;", cookie, StringComparison.Ordinal);
        Assert.Contains("expires=", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("Mars/Olympus")]
    [InlineData("../../etc/passwd")]
    [InlineData("Europe/Paris<script>")]
    [InlineData("")]
    public async Task Switch_Garbage_IsRefusedAndSetsNoCookie(string tz)
    {
        using var client = Client();

        using var response = await client.GetAsync(new Uri($"/timezone?tz={Uri.EscapeDataString(tz)}&redirectUri=/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("plateweb.tz=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Switch_Auto_ForgetsTheChoice()
    {
        using var client = Client("UTC");

        using var response = await client.GetAsync(new Uri("/timezone?tz=auto&redirectUri=/history", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("plateweb.tz=", StringComparison.Ordinal));
        Assert.Contains("expires=Thu, 01 Jan 1970", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Switch_OtherSite_IsRefused()
    {
        using var client = Client();

        using var response = await client.GetAsync(new Uri("/timezone?tz=UTC&redirectUri=//evil.example", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private static PlateRead Read(string text, string display) => new(
        text, display, 0.9f, [], [new PlateCandidate(text, 0.9f, "FR-SIV")],
        new Quad(new PointF(1, 2), new PointF(30, 2), new PointF(30, 12), new PointF(1, 12)),
        "FR", "FR-SIV", 0.9f, "French SIV format", text, []);
}
