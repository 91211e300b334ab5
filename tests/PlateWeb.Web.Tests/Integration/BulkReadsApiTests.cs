using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PlateWeb.Data;
using PlateWeb.Data.Entities;
using PlateWeb.Data.Storage;
using PlateWeb.Recognition.Detection;
using PlateWeb.Recognition.Grammar;
using PlateWeb.Recognition.Pipeline;

namespace PlateWeb.Web.Tests.Integration;

/// <summary>POST /api/reads/bulk on the real app and SQLite: by ids, by filter, dry runs, scopes and refusals.</summary>
public sealed class BulkReadsApiTests : IAsyncLifetime
{
    private readonly PlateWebFactory _factory = new();
    private readonly List<long> _reads = [];

    public async Task InitializeAsync()
    {
        var store = _factory.Services.GetRequiredService<PlateStore>();
        byte n = 0;
        foreach (var (text, display, country) in new[] { ("AB123CD", "AB-123-CD", "FR"), ("AB124CD", "AB-124-CD", "FR"), ("MAB1234", "M-AB 1234", "DE") })
        {
            var stored = await store.StoreAsync([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, ++n], $"car{n}.png", 10, 10, [Read(text, display, country)], default);
            _reads.Add(stored.Image.Reads.Single().Id);
        }
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task NotAPlate_ByIds_MarksThoseOnly_AndUnmarkByFilterTakesItBack()
    {
        using var client = await ClientWithKeyAsync(ApiKeyScopes.All);

        using var marked = await client.PostAsJsonAsync(Bulk, new { action = "not_a_plate", ids = new[] { _reads[0], _reads[0], 999_999 } });
        using var again = await client.PostAsJsonAsync(Bulk, new { action = "not_a_plate", ids = new[] { _reads[0] } });

        Assert.Equal(HttpStatusCode.OK, marked.StatusCode);
        using (var body = JsonDocument.Parse(await marked.Content.ReadAsStringAsync()))
        {
            Assert.Equal(1, body.RootElement.GetProperty("matched").GetInt32());
            Assert.Equal(1, body.RootElement.GetProperty("changed").GetInt32());
        }
        using (var body = JsonDocument.Parse(await again.Content.ReadAsStringAsync()))
        {
            Assert.Equal(0, body.RootElement.GetProperty("changed").GetInt32());
        }
        Assert.Equal([_reads[0]], await MarkedAsync());
        using (var search = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/reads?q=AB123CD", UriKind.Relative))))
        {
            Assert.DoesNotContain(search.RootElement.GetProperty("items").EnumerateArray(), r => r.GetProperty("id").GetInt64() == _reads[0]);
        }

        using var unmarked = await client.PostAsJsonAsync(Bulk, new { action = "unmark", filter = new { country = "FR", not_a_plate = true } });
        using (var body = JsonDocument.Parse(await unmarked.Content.ReadAsStringAsync()))
        {
            Assert.Equal(1, body.RootElement.GetProperty("changed").GetInt32());
        }
        Assert.Empty(await MarkedAsync());
    }

    [Fact]
    public async Task Delete_ByFilter_DryRunCountsThenDeletesOnlyTheMatches_Audited()
    {
        using var client = await ClientWithKeyAsync(ApiKeyScopes.Read | ApiKeyScopes.Delete);

        using var dry = await client.PostAsJsonAsync(Bulk, new { action = "delete", filter = new { q = "A8-I23-CD" }, dry_run = true });
        using (var body = JsonDocument.Parse(await dry.Content.ReadAsStringAsync()))
        {
            // Confusion-tolerant like History: A8-I23-CD is AB123CD misread, not AB124CD.
            Assert.Equal(1, body.RootElement.GetProperty("matched").GetInt32());
            Assert.Equal(0, body.RootElement.GetProperty("changed").GetInt32());
        }
        Assert.Equal(3, await CountReadsAsync());

        using var deleted = await client.PostAsJsonAsync(Bulk, new { action = "delete", filter = new { country = "FR" } });
        using (var body = JsonDocument.Parse(await deleted.Content.ReadAsStringAsync()))
        {
            Assert.Equal(2, body.RootElement.GetProperty("changed").GetInt32());
        }

        await using var db = await DbAsync();
        Assert.Equal([_reads[2]], await db.Reads.Select(r => r.Id).ToListAsync());
        Assert.Equal(2, await db.AuditEntries.CountAsync(a => a.Action == AuditAction.ReadDeleted));
    }

    public static TheoryData<string, string> Refusals => new()
    {
        { """{"action":"burn","ids":[1]}""", "action is one of" },
        { """{"action":"delete"}""", "either ids" },
        { """{"action":"delete","ids":[1],"filter":{"country":"FR"}}""", "not both" },
        { """{"action":"delete","ids":[]}""", "ids is empty" },
        { """{"action":"delete","filter":{}}""", "selects every read" },
        { """{"action":"delete","filter":{"min_confidence":3}}""", "between 0 and 1" },
        { """{"action":"delete","filter":{"q":"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"}}""", "32" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task UnclearRequest_Is400WithAMessage_AndNothingChanges(string json, string words)
    {
        using var client = await ClientWithKeyAsync(ApiKeyScopes.All);

        using var response = await client.PostAsync(Bulk, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(words, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(3, await CountReadsAsync());
    }

    [Fact]
    public async Task AllTrue_SelectsEveryRead()
    {
        using var client = await ClientWithKeyAsync(ApiKeyScopes.Delete);

        using var response = await client.PostAsJsonAsync(Bulk, new { action = "not_a_plate", filter = new { all = true } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(_reads.Order(), (await MarkedAsync()).Order());
    }

    [Fact]
    public async Task KeyWithoutDelete_Gets403_AndNothingChanges()
    {
        using var client = await ClientWithKeyAsync(ApiKeyScopes.Read | ApiKeyScopes.Upload | ApiKeyScopes.Chat);

        using var response = await client.PostAsJsonAsync(Bulk, new { action = "delete", ids = _reads });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(3, await CountReadsAsync());
    }

    private static readonly Uri Bulk = new("/api/reads/bulk", UriKind.Relative);

    private async Task<HttpClient> ClientWithKeyAsync(ApiKeyScopes scopes)
    {
        var client = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var created = await _factory.Services.GetRequiredService<ApiKeyStore>().CreateAsync("bulk tests", scopes, CancellationToken.None);
        client.DefaultRequestHeaders.Add("X-Api-Key", created.Secret);
        return client;
    }

    private Task<PlateDbContext> DbAsync() => _factory.Services.GetRequiredService<IDbContextFactory<PlateDbContext>>().CreateDbContextAsync();

    private async Task<int> CountReadsAsync()
    {
        await using var db = await DbAsync();
        return await db.Reads.CountAsync();
    }

    private async Task<List<long>> MarkedAsync()
    {
        await using var db = await DbAsync();
        return await db.NotAPlateMarks.Select(m => m.ReadId).OrderBy(id => id).ToListAsync();
    }

    private static PlateRead Read(string text, string display, string country) => new(
        text, display, 0.9f, [], [new PlateCandidate(text, 0.9f, country + "-TEST")],
        new Quad(new PointF(1, 2), new PointF(30, 2), new PointF(30, 12), new PointF(1, 12)),
        country, country + "-TEST", 0.9f, "test format", text, []);
}
