using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PlateWeb.Data;
using PlateWeb.Data.Entities;
using PlateWeb.Data.Storage;

namespace PlateWeb.Web.Tests.Integration;

/// <summary>/api/cameras and /api/watchlists on the real app: the admin scope, masked sources, checked input.</summary>
public sealed class AdminApiTests : IAsyncLifetime
{
    private const string Password = "s3cretPass";

    private readonly PlateWebFactory _factory = new();
    private readonly LogCapture _logs = new();
    private WebApplicationFactory<Program> _app = null!;

    public Task InitializeAsync()
    {
        _app = _factory.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(_logs)));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _factory.DisposeAsync();
    }

    private async Task<HttpClient> ClientAsync(ApiKeyScopes scopes)
    {
        var client = _app.CreateClient();
        var key = await _app.Services.GetRequiredService<ApiKeyStore>().CreateAsync("admin script", scopes, CancellationToken.None);
        client.DefaultRequestHeaders.Add("X-Api-Key", key.Secret);
        return client;
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"{response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static Uri Url(string path) => new(path, UriKind.Relative);

    [Fact]
    public async Task Cameras_AddReadChangeRemove_TheSourcesPasswordNeverComesBackNorIsLogged()
    {
        using var client = await ClientAsync(ApiKeyScopes.Admin);

        using var posted = await client.PostAsync(Url("/api/cameras"), Json(
            $$$"""{"name": "Gate", "kind": "stream", "source": "rtsp://viewer:{{{Password}}}@192.0.2.1:554/stream1", "enabled": false, "frames_per_second": 4, "region_of_interest": {"x": 10, "y": 20, "width": 50, "height": 40}}"""));
        var camera = await JsonAsync(posted, HttpStatusCode.Created);
        var id = camera.GetProperty("id").GetInt32();
        Assert.Equal($"/api/cameras/{id}", posted.Headers.Location?.OriginalString);
        Assert.Equal("rtsp://***@192.0.2.1:554/stream1", camera.GetProperty("source").GetString());
        Assert.Equal(("stream", 4.0, 50.0), (camera.GetProperty("kind").GetString(), camera.GetProperty("frames_per_second").GetDouble(), camera.GetProperty("region_of_interest").GetProperty("width").GetDouble()));

        var list = await client.GetStringAsync(Url("/api/cameras"));
        var one = await client.GetStringAsync(Url($"/api/cameras/{id}"));
        var status = await JsonAsync(await client.GetAsync(Url($"/api/cameras/{id}/status")), HttpStatusCode.OK);
        Assert.Contains("\"name\":\"Gate\"", list, StringComparison.Ordinal);
        Assert.Contains("rtsp://***@192.0.2.1:554/stream1", one, StringComparison.Ordinal);
        Assert.Equal("stopped", status.GetProperty("state").GetString());

        // Only the fields sent change; the stored source stays, then a new one replaces it.
        var renamed = await JsonAsync(await client.PatchAsync(Url($"/api/cameras/{id}"), Json("""{"name": "Gate 2", "region_of_interest": null}""")), HttpStatusCode.OK);
        Assert.Equal(("Gate 2", 4.0, "rtsp://***@192.0.2.1:554/stream1"), (renamed.GetProperty("name").GetString(), renamed.GetProperty("frames_per_second").GetDouble(), renamed.GetProperty("source").GetString()));
        Assert.Equal(JsonValueKind.Null, renamed.GetProperty("region_of_interest").ValueKind);
        var moved = await JsonAsync(await client.PatchAsync(Url($"/api/cameras/{id}"), Json($$"""{"source": "rtsp://admin:{{Password}}2@192.0.2.9/live"}""")), HttpStatusCode.OK);
        Assert.Equal("rtsp://***@192.0.2.9/live", moved.GetProperty("source").GetString());

        await using (var db = await _app.Services.GetRequiredService<IDbContextFactory<PlateDbContext>>().CreateDbContextAsync())
        {
            var stored = await db.Cameras.SingleAsync();
            Assert.DoesNotContain(Password, stored.ProtectedSource, StringComparison.Ordinal);
        }

        using var deleted = await client.DeleteAsync(Url($"/api/cameras/{id}"));
        using var gone = await client.GetAsync(Url($"/api/cameras/{id}"));
        using var goneStatus = await client.GetAsync(Url($"/api/cameras/{id}/status"));
        Assert.Equal((HttpStatusCode.NoContent, HttpStatusCode.NotFound, HttpStatusCode.NotFound), (deleted.StatusCode, gone.StatusCode, goneStatus.StatusCode));

        Assert.DoesNotContain(_logs.Entries, e => e.Message.Contains(Password, StringComparison.Ordinal) || (e.Exception?.ToString().Contains(Password, StringComparison.Ordinal) ?? false));
        Assert.Contains(_logs.Entries, e => e.Message.Contains("/api/cameras", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"kind": "stream", "source": "rtsp://192.0.2.1/s"}""", "name of 1 to 100 characters")]
    [InlineData("""{"name": "Gate", "kind": "stream"}""", "needs a source")]
    [InlineData("""{"name": "Gate", "kind": "stream", "source": "rtsp://192.0.2.1/s", "frames_per_second": 100}""", "Frames per second must be between 0.1 and 60")]
    [InlineData("""{"name": "Gate", "kind": "laser", "source": "rtsp://192.0.2.1/s"}""", "kind must be \\\"stream\\\" or \\\"folder\\\"")]
    [InlineData("""{"name": "Gate", "kind": 0, "source": "rtsp://192.0.2.1/s"}""", "kind must be a text")]
    [InlineData("""{"name": "Gate", "source": "ftp://192.0.2.1/s"}""", "rtsp://, http:// or https://")]
    [InlineData("""{"name": "Gate", "source": "rtsp://192.0.2.1/s", "password": "x"}""", "Unknown field 'password'")]
    [InlineData("""{"name": "Gate", "source": "rtsp://192.0.2.1/s", "region_of_interest": {"x": 80, "y": 0, "width": 50, "height": 10}}""", "inside the frame")]
    [InlineData("""{"name": "Gate", "source": "rtsp://192.0.2.1/s", "retention_days": 1.5}""", "whole number of days")]
    [InlineData("""[1, 2]""", "JSON object")]
    [InlineData("""{"name": """, "not valid JSON")]
    public async Task Cameras_BadInput_Is400WithWhatIsWrong(string body, string words)
    {
        using var client = await ClientAsync(ApiKeyScopes.Admin);

        using var response = await client.PostAsync(Url("/api/cameras"), Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(words, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await CameraCountAsync());
    }

    [Fact]
    public async Task Cameras_NameTakenOrNoSuchCamera_SaySo()
    {
        using var client = await ClientAsync(ApiKeyScopes.Admin);
        const string Gate = """{"name": "Gate", "kind": "folder", "source": "/srv/gate", "enabled": false}""";
        using var first = await client.PostAsync(Url("/api/cameras"), Json(Gate));

        using var second = await client.PostAsync(Url("/api/cameras"), Json(Gate));
        using var patchGone = await client.PatchAsync(Url("/api/cameras/999"), Json("""{"name": "X"}"""));
        using var deleteGone = await client.DeleteAsync(Url("/api/cameras/999"));
        using var plainText = await client.PostAsync(Url("/api/cameras"), new StringContent(Gate, Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Contains("already named 'Gate'", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.BadRequest), (patchGone.StatusCode, deleteGone.StatusCode, plainText.StatusCode));
    }

    [Theory]
    [InlineData("/api/cameras")]
    [InlineData("/api/watchlists")]
    public async Task AdminEndpoints_KeyWithAllButAdmin_Is403(string path)
    {
        using var client = await ClientAsync(ApiKeyScopes.All);

        using var get = await client.GetAsync(Url(path));
        using var post = await client.PostAsync(Url(path), Json("""{"name": "Gate", "source": "/srv/gate", "kind": "folder"}"""));

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (get.StatusCode, post.StatusCode));
        Assert.Contains("admin", await get.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await CameraCountAsync());
    }

    [Fact]
    public async Task AdminKey_OnlyAdmin_ReadsNoHistory()
    {
        using var client = await ClientAsync(ApiKeyScopes.Admin);

        using var reads = await client.GetAsync(Url("/api/reads"));
        using var anonymous = await _app.CreateClient().GetAsync(Url("/api/cameras"));

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Unauthorized), (reads.StatusCode, anonymous.StatusCode));
    }

    [Fact]
    public async Task Watchlists_ListsAndEntries_CreateReadChangeDelete()
    {
        using var client = await ClientAsync(ApiKeyScopes.Admin);

        var list = await JsonAsync(await client.PostAsync(Url("/api/watchlists"), Json("""{"name": "residents"}""")), HttpStatusCode.Created);
        var id = list.GetProperty("id").GetInt32();
        Assert.Equal("confusions_and_one_edit", list.GetProperty("tolerance").GetString());

        var entry = await JsonAsync(await client.PostAsync(Url($"/api/watchlists/{id}/entries"),
            Json("""{"pattern": "ab-123-cd", "label": "Flat 4", "expires_at": "2030-01-01T00:00:00Z"}""")), HttpStatusCode.Created);
        var entryId = entry.GetProperty("id").GetInt64();
        Assert.Equal(("AB123CD", "Flat 4", new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc)),
            (entry.GetProperty("pattern").GetString(), entry.GetProperty("label").GetString(), entry.GetProperty("expires_at").GetDateTime().ToUniversalTime()));

        var lists = await JsonAsync(await client.GetAsync(Url("/api/watchlists")), HttpStatusCode.OK);
        Assert.Equal(1, lists[0].GetProperty("entry_count").GetInt32());

        var changed = await JsonAsync(await client.PatchAsync(Url($"/api/watchlists/{id}"), Json("""{"name": "neighbours", "tolerance": "exact"}""")), HttpStatusCode.OK);
        Assert.Equal(("neighbours", "exact", 1), (changed.GetProperty("name").GetString(), changed.GetProperty("tolerance").GetString(), changed.GetProperty("entries").GetArrayLength()));

        var relabelled = await JsonAsync(await client.PatchAsync(Url($"/api/watchlists/{id}/entries/{entryId}"), Json("""{"label": "Flat 5", "expires_at": null}""")), HttpStatusCode.OK);
        Assert.Equal(("AB123CD", "Flat 5", JsonValueKind.Null),
            (relabelled.GetProperty("pattern").GetString(), relabelled.GetProperty("label").GetString(), relabelled.GetProperty("expires_at").ValueKind));

        var entries = await JsonAsync(await client.GetAsync(Url($"/api/watchlists/{id}/entries")), HttpStatusCode.OK);
        Assert.Equal(entryId, Assert.Single(entries.EnumerateArray()).GetProperty("id").GetInt64());

        using var otherList = await client.DeleteAsync(Url($"/api/watchlists/{id + 1}/entries/{entryId}"));
        using var deletedEntry = await client.DeleteAsync(Url($"/api/watchlists/{id}/entries/{entryId}"));
        using var againEntry = await client.DeleteAsync(Url($"/api/watchlists/{id}/entries/{entryId}"));
        using var deletedList = await client.DeleteAsync(Url($"/api/watchlists/{id}"));
        using var gone = await client.GetAsync(Url($"/api/watchlists/{id}"));
        Assert.Equal(
            (HttpStatusCode.NotFound, HttpStatusCode.NoContent, HttpStatusCode.NotFound, HttpStatusCode.NoContent, HttpStatusCode.NotFound),
            (otherList.StatusCode, deletedEntry.StatusCode, againEntry.StatusCode, deletedList.StatusCode, gone.StatusCode));
        Assert.DoesNotContain(_logs.Entries, e => e.Message.Contains("AB123CD", StringComparison.Ordinal) || e.Message.Contains("ab-123-cd", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/api/watchlists", """{"name": ""}""", "A name is required")]
    [InlineData("/api/watchlists", """{"name": "x", "tolerance": "loose"}""", "tolerance must be")]
    [InlineData("/api/watchlists", """{"title": "x"}""", "Unknown field 'title'")]
    [InlineData("/api/watchlists/{id}/entries", """{"pattern": "A*B"}""", "BadPattern")]
    [InlineData("/api/watchlists/{id}/entries", """{"label": "no pattern"}""", "needs a pattern")]
    [InlineData("/api/watchlists/{id}/entries", """{"pattern": "AB123CD", "expires_at": "next tuesday"}""", "expires_at must be a time")]
    public async Task Watchlists_BadInput_Is400WithWhatIsWrong(string path, string body, string words)
    {
        using var client = await ClientAsync(ApiKeyScopes.Admin);
        var list = await JsonAsync(await client.PostAsync(Url("/api/watchlists"), Json("""{"name": "banned"}""")), HttpStatusCode.Created);

        using var response = await client.PostAsync(Url(path.Replace("{id}", list.GetProperty("id").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)), Json(body));

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, text);
        if (words != "BadPattern") Assert.Contains(words, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watchlists_NameTakenOrUsedByARule_Is409()
    {
        using var client = await ClientAsync(ApiKeyScopes.Admin);
        var list = await JsonAsync(await client.PostAsync(Url("/api/watchlists"), Json("""{"name": "banned"}""")), HttpStatusCode.Created);
        var id = list.GetProperty("id").GetInt32();
        await using (var db = await _app.Services.GetRequiredService<IDbContextFactory<PlateDbContext>>().CreateDbContextAsync())
        {
            db.AlertRules.Add(new AlertRule { Name = "ring", WatchlistId = id });
            await db.SaveChangesAsync();
        }

        using var taken = await client.PostAsync(Url("/api/watchlists"), Json("""{"name": "banned"}"""));
        using var inUse = await client.DeleteAsync(Url($"/api/watchlists/{id}"));
        using var noList = await client.PostAsync(Url("/api/watchlists/999/entries"), Json("""{"pattern": "AB123CD"}"""));

        Assert.Equal((HttpStatusCode.Conflict, HttpStatusCode.Conflict, HttpStatusCode.NotFound), (taken.StatusCode, inUse.StatusCode, noList.StatusCode));
        Assert.Contains("delete them first", await inUse.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task<int> CameraCountAsync()
    {
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<PlateDbContext>>().CreateDbContextAsync();
        return await db.Cameras.CountAsync();
    }
}
