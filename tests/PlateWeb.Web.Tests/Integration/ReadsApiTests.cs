using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PlateWeb.Data;
using PlateWeb.Data.Entities;
using PlateWeb.Data.Storage;
using PlateWeb.Recognition.Tests;

namespace PlateWeb.Web.Tests.Integration;

/// <summary>The REST API on the real app: keys, recognition of a generated picture, search, delete, and hostile input.</summary>
public sealed class ReadsApiTests : IAsyncLifetime
{
    private readonly PlateWebFactory _factory = new();
    private WebApplicationFactory<Program> _app = null!;

    public Task InitializeAsync()
    {
        _app = _factory.WithWebHostBuilder(b => b.UseSetting("Upload:MaxFileBytes", "2000000"));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _factory.DisposeAsync();
    }

    [Fact]
    public async Task Api_WithoutOrWithARevokedKey_Is401WithAMessage()
    {
        using var client = _app.CreateClient();
        var keys = _app.Services.GetRequiredService<ApiKeyStore>();
        var created = await keys.CreateAsync("gate camera", CancellationToken.None);
        await keys.RevokeAsync(created.Key.Id, CancellationToken.None);

        using var none = await client.GetAsync(new Uri("/api/reads", UriKind.Relative));
        client.DefaultRequestHeaders.Add("X-Api-Key", created.Secret);
        using var revoked = await client.GetAsync(new Uri("/api/reads", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Contains("X-Api-Key", await none.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, revoked.StatusCode);
    }

    [Fact]
    public async Task Api_PostSearchGetDelete_APlatePicture()
    {
        using var client = await ClientWithKeyAsync();

        using var posted = await PostAsync(client, TestImages.SmallScene(".png"), "../../etc/gate\u0007 cam.png");
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        using var body = JsonDocument.Parse(await posted.Content.ReadAsStringAsync());
        Assert.Equal("gate cam.png", body.RootElement.GetProperty("file").GetString());
        var plate = Assert.Single(body.RootElement.GetProperty("plates").EnumerateArray());
        Assert.Equal("AB123CD", plate.GetProperty("text").GetString());
        Assert.Equal("AB-123-CD", plate.GetProperty("display").GetString());
        Assert.Equal(4, plate.GetProperty("quad").GetArrayLength());
        var readId = plate.GetProperty("id").GetInt64();
        var imageId = body.RootElement.GetProperty("image_id").GetInt64();

        using var search = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/reads?q=A8-I23-CD", UriKind.Relative)));
        Assert.Equal(1, search.RootElement.GetProperty("total").GetInt32());
        Assert.Equal(readId, search.RootElement.GetProperty("items")[0].GetProperty("id").GetInt64());

        using var image = await client.GetAsync(new Uri($"/api/images/{imageId}", UriKind.Relative));
        Assert.Equal("image/png", image.Content.Headers.ContentType?.MediaType);
        Assert.Equal(TestImages.SmallScene(".png"), await image.Content.ReadAsByteArrayAsync());

        using var deleted = await client.DeleteAsync(new Uri($"/api/reads/{readId}", UriKind.Relative));
        using var gone = await client.GetAsync(new Uri($"/api/reads/{readId}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    public static TheoryData<string, byte[], HttpStatusCode, string> HostileUploads => new()
    {
        { "random.jpg", TestImages.RandomBytes(5000), HttpStatusCode.BadRequest, "not an image" },
        { "truncated.jpg", TestImages.FirstHalf(TestImages.SmallScene(".jpg")), HttpStatusCode.BadRequest, "truncated" },
        { "empty.jpg", [], HttpStatusCode.BadRequest, "empty" },
        { "notes.jpg", TestImages.TextFile(), HttpStatusCode.BadRequest, "not an image" },
        { "bomb.png", TestImages.PngDeclaring(50_000, 50_000), HttpStatusCode.RequestEntityTooLarge, "50000×50000" },
        { "huge.png", new byte[2_000_001], HttpStatusCode.RequestEntityTooLarge, "limit" },
    };

    [Theory]
    [MemberData(nameof(HostileUploads))]
    public async Task Api_HostileUpload_IsRefusedWithAMessageAndNothingStored(string name, byte[] bytes, HttpStatusCode status, string words)
    {
        using var client = await ClientWithKeyAsync();

        using var response = await PostAsync(client, bytes, name);

        Assert.Equal(status, response.StatusCode);
        Assert.Contains(words, await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<PlateDbContext>>().CreateDbContextAsync();
        Assert.Equal(0, await db.Images.CountAsync());
        Assert.Empty(Directory.GetFiles(Path.Combine(_factory.DataDirectory, "images"), "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Chat_QuestionOf100000Characters_IsRefusedBeforeTheModel()
    {
        using var client = await ClientWithKeyAsync();

        using var response = await client.PostAsJsonAsync(new Uri("/api/chat", UriKind.Relative), new { question = new string('a', 100_000) });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Question refused", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_WithoutModelFile_Is503WithWhatToDo()
    {
        await using var app = _factory.WithWebHostBuilder(b => b.UseSetting("Chat:ModelPath", "models/absent-in-tests.gguf"));
        using var client = app.CreateClient();
        var created = await app.Services.GetRequiredService<ApiKeyStore>().CreateAsync("tests", CancellationToken.None);
        client.DefaultRequestHeaders.Add("X-Api-Key", created.Secret);

        using var response = await client.PostAsJsonAsync(new Uri("/api/chat", UriKind.Relative), new { question = "How many plates today?" });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("absent-in-tests.gguf", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_MoreQuestionsThanTheKeysMinuteAllows_Is429WithRetryAfter_OtherKeysStillAsk()
    {
        await using var app = _factory.WithWebHostBuilder(b => b
            .UseSetting("Chat:ModelPath", "models/absent-in-tests.gguf")
            .UseSetting("Api:ChatPerMinute", "2"));
        var store = app.Services.GetRequiredService<ApiKeyStore>();
        using var busy = app.CreateClient();
        busy.DefaultRequestHeaders.Add("X-Api-Key", (await store.CreateAsync("busy script", CancellationToken.None)).Secret);
        using var other = app.CreateClient();
        other.DefaultRequestHeaders.Add("X-Api-Key", (await store.CreateAsync("other script", CancellationToken.None)).Secret);
        var question = new { question = "How many plates today?" };

        for (var i = 0; i < 2; i++)
        {
            using var allowed = await busy.PostAsJsonAsync(new Uri("/api/chat", UriKind.Relative), question);
            Assert.NotEqual(HttpStatusCode.TooManyRequests, allowed.StatusCode);
        }
        using var refused = await busy.PostAsJsonAsync(new Uri("/api/chat", UriKind.Relative), question);
        using var fromOther = await other.PostAsJsonAsync(new Uri("/api/chat", UriKind.Relative), question);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(60), refused.Headers.RetryAfter?.Delta);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Too many questions", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, fromOther.StatusCode);
    }

    [Fact]
    public async Task OpenApi_DocumentListsTheReadsEndpoints()
    {
        using var client = await ClientWithKeyAsync();

        using var doc = JsonDocument.Parse(await client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)));

        var paths = doc.RootElement.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/reads", out var reads));
        Assert.True(reads.TryGetProperty("post", out _));
        Assert.True(paths.TryGetProperty("/api/reads/{id}", out _));
    }

    [Fact]
    public async Task Api_KeyWithoutDelete_Gets403OnDelete_AndTheReadStays()
    {
        using var uploader = await ClientWithKeyAsync(ApiKeyScopes.All);
        using var posted = JsonDocument.Parse(await (await PostAsync(uploader, TestImages.SmallScene(".png"), "scene.png")).Content.ReadAsStringAsync());
        var readId = posted.RootElement.GetProperty("plates")[0].GetProperty("id").GetInt64();
        using var client = await ClientWithKeyAsync(ApiKeyScopes.Read | ApiKeyScopes.Upload | ApiKeyScopes.Chat);

        using var delete = await client.DeleteAsync(new Uri($"/api/reads/{readId}", UriKind.Relative));
        using var still = await client.GetAsync(new Uri($"/api/reads/{readId}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, delete.StatusCode);
        Assert.Contains("scope", await delete.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, still.StatusCode);
    }

    [Fact]
    public async Task Api_EachScope_OpensOnlyItsEndpoints()
    {
        using var deleter = await ClientWithKeyAsync(ApiKeyScopes.Delete);
        using var reader = await ClientWithKeyAsync(ApiKeyScopes.Read);

        using var deleteMissing = await deleter.DeleteAsync(new Uri("/api/reads/999999", UriKind.Relative));
        using var deleterSearch = await deleter.GetAsync(new Uri("/api/reads", UriKind.Relative));
        using var deleterImage = await deleter.GetAsync(new Uri("/images/1", UriKind.Relative));
        using var readerSearch = await reader.GetAsync(new Uri("/api/reads", UriKind.Relative));
        using var readerUpload = await PostAsync(reader, TestImages.SmallScene(".png"), "scene.png");
        using var readerChat = await reader.PostAsJsonAsync(new Uri("/api/chat", UriKind.Relative), new { question = "How many plates today?" });
        using var readerImage = await reader.GetAsync(new Uri("/images/999999", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, deleteMissing.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, deleterSearch.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, deleterImage.StatusCode);
        Assert.Equal(HttpStatusCode.OK, readerSearch.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, readerUpload.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, readerChat.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, readerImage.StatusCode);
    }

    private async Task<HttpClient> ClientWithKeyAsync(ApiKeyScopes scopes = ApiKeyScopes.All)
    {
        var client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var created = await _app.Services.GetRequiredService<ApiKeyStore>().CreateAsync("tests", scopes, CancellationToken.None);
        client.DefaultRequestHeaders.Add("X-Api-Key", created.Secret);
        return client;
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, byte[] bytes, string fileName)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "image", fileName);
        return await client.PostAsync(new Uri("/api/reads", UriKind.Relative), form);
    }
}
