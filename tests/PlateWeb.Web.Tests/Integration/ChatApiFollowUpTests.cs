using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PlateWeb.Chat.Evaluation;
using PlateWeb.Data;
using PlateWeb.Data.Storage;
using PlateWeb.Recognition.Grammar;
using PlateWeb.Web.Features.Api;

namespace PlateWeb.Web.Tests.Integration;

/// <summary>
/// POST /api/chat keeps no conversation: it returns the question's <c>query</c> and takes it back as <c>lastQuery</c>,
/// so "and yesterday?" reuses the plate and what was asked. Ready answers need no model, so none is loaded.
/// </summary>
public sealed class ChatApiFollowUpTests : IAsyncLifetime
{
    private static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower,
    };

    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    private readonly PlateWebFactory _factory = new();
    private WebApplicationFactory<Program> _app = null!;

    public async Task InitializeAsync()
    {
        var clock = new FixedClock(DateTimeOffset.UnixEpoch, Paris);
        clock.SetToday(new DateOnly(2026, 11, 29));
        _app = _factory.WithWebHostBuilder(b =>
        {
            b.UseSetting("Chat:ModelPath", "models/absent-in-tests.gguf");
            b.ConfigureTestServices(s =>
            {
                s.RemoveAll<TimeProvider>();
                s.AddSingleton<TimeProvider>(clock);
            });
        });
        using var client = _app.CreateClient();
        await HistorySeeder.SeedAsync(_app.Services.GetRequiredService<IDbContextFactory<PlateDbContext>>(),
        [
            new SeedRead(1, "AB-123-CD", "FR", "FR-SIV", 0.93, "2026-11-23 08:14"),
            new SeedRead(2, "AB-123-CD", "FR", "FR-SIV", 0.91, "2026-11-28 17:02"),
        ], Paris, new PlateGrammar(), CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _factory.DisposeAsync();
    }

    [Fact]
    public async Task LastQuery_AndYesterday_ReusesThePlateAndTheQuestion()
    {
        using var client = _app.CreateClient();
        var created = await _app.Services.GetRequiredService<ApiKeyStore>().CreateAsync("tests", CancellationToken.None);
        client.DefaultRequestHeaders.Add("X-Api-Key", created.Secret);

        var first = await AskAsync(client, new { question = "Did AB-123-CD come today?" });
        // The API's JSON is snake_case (ApiServiceCollectionExtensions), so the field is "last_query".
        var next = await AskAsync(client, new { question = "and yesterday?", last_query = first.Query });
        using var alone = await client.PostAsJsonAsync(new Uri("/api/chat", UriKind.Relative), new { question = "and yesterday?" });

        Assert.Equal("Did AB-123-CD come today?", first.Query);
        Assert.Equal("AB-123-CD seen on 2026-11-29 (Sunday): no", first.Sources[0].Line);
        Assert.StartsWith("No, AB-123-CD was not seen on Sunday 2026-11-29 [1]", first.Answer, StringComparison.Ordinal);
        Assert.Equal("AB-123-CD seen on 2026-11-28 (Saturday): yes, 1 read", next.Sources[0].Line);
        Assert.Equal("Yes, AB-123-CD was seen once on Saturday 2026-11-28 [1]: at 17:02 [2].", next.Answer);
        Assert.Equal([2L], next.Sources[0].ReadIds);
        Assert.NotEqual(first.Query, next.Query);
        Assert.Contains("AB-123-CD", next.Query, StringComparison.Ordinal);
        // Without lastQuery the same words stand alone: a list of yesterday's reads, which the (absent) model would phrase.
        Assert.Equal(HttpStatusCode.ServiceUnavailable, alone.StatusCode);
    }

    [Fact]
    public async Task TimeZone_Today_IsTheAskersDay()
    {
        using var client = _app.CreateClient();
        var created = await _app.Services.GetRequiredService<ApiKeyStore>().CreateAsync("tests", CancellationToken.None);
        client.DefaultRequestHeaders.Add("X-Api-Key", created.Secret);

        // Noon in Paris on 29 November is already 30 November in Auckland (UTC+13), and the read of 17:02 in Paris is 16:02 UTC.
        var server = await AskAsync(client, new { question = "Did AB-123-CD come today?" });
        var auckland = await AskAsync(client, new { question = "Did AB-123-CD come today?", time_zone = "Pacific/Auckland" });
        var utc = await AskAsync(client, new { question = "Did AB-123-CD come yesterday?", time_zone = "UTC" });
        using var garbage = await client.PostAsJsonAsync(new Uri("/api/chat", UriKind.Relative), new { question = "today?", time_zone = "Mars/Olympus" });

        Assert.Equal("AB-123-CD seen on 2026-11-29 (Sunday): no", server.Sources[0].Line);
        Assert.Equal("AB-123-CD seen on 2026-11-30 (Monday): no", auckland.Sources[0].Line);
        Assert.Equal("Yes, AB-123-CD was seen once on Saturday 2026-11-28 [1]: at 16:02 [2].", utc.Answer);
        Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);
    }

    private static async Task<ApiAnswer> AskAsync(HttpClient client, object question)
    {
        using var response = await client.PostAsJsonAsync(new Uri("/api/chat", UriKind.Relative), question);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<ApiAnswer>(Json))!;
    }
}
