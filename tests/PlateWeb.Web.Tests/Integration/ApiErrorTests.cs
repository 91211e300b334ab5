using System.Data.Common;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using PlateWeb.Data;
using PlateWeb.Data.Storage;
using PlateWeb.Recognition.Tests;

namespace PlateWeb.Web.Tests.Integration;

/// <summary>
/// Requests that used to end in a 500 HTML page (or the process): each answer is now RFC 7807 problem
/// details with the status that says what was wrong.
/// </summary>
public sealed class ApiErrorTests : IAsyncLifetime
{
    private readonly PlateWebFactory _factory = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Theory]
    [InlineData(600)]   // was 500: "Expression tree is too large"
    [InlineData(3000)]  // was a stack overflow: the whole server went down
    public async Task Search_LongerThanAPlate_Is400(int length)
    {
        using var client = await ClientWithKeyAsync(_factory);

        using var response = await client.GetAsync(new Uri("/api/reads?q=" + new string('A', length), UriKind.Relative));

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("at most 32 letters and digits", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_OfPlateSize_StillFindsThePlate()
    {
        using var client = await ClientWithKeyAsync(_factory);
        using (var posted = await PostImageAsync(client, TestImages.SmallScene(".png"))) Assert.Equal(HttpStatusCode.OK, posted.StatusCode);

        using var search = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/reads?q=" + Uri.EscapeDataString(" a8-I23-cd "), UriKind.Relative)));

        Assert.Equal(1, search.RootElement.GetProperty("total").GetInt32());
    }

    [Theory]
    [InlineData("minConfidence=NaN")]
    [InlineData("minConfidence=abc")]
    [InlineData("take=99999999999")]
    public async Task Search_BadNumbers_Are400(string query)
    {
        using var client = await ClientWithKeyAsync(_factory);

        using var response = await client.GetAsync(new Uri("/api/reads?" + query, UriKind.Relative));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task UnknownRead_Is404ProblemDetails()
    {
        using var client = await ClientWithKeyAsync(_factory);

        using var response = await client.GetAsync(new Uri("/api/reads/987654", UriKind.Relative));

        await AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Upload_MalformedMultipartBody_Is400()
    {
        using var client = await ClientWithKeyAsync(_factory);
        var body = "--XYZ\r\nContent-Disposition: form-data; name=\"image\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\n\u0089PNG half a file";
        using var content = new StringContent(body, Encoding.Latin1);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=XYZ");

        using var response = await client.PostAsync(new Uri("/api/reads", UriKind.Relative), content);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Upload_MoreThan1024FormFields_Is400()
    {
        using var client = await ClientWithKeyAsync(_factory);
        using var form = new MultipartFormDataContent();
        for (var i = 0; i < 1100; i++) form.Add(new StringContent("x"), "field" + i);
        form.Add(new ByteArrayContent(TestImages.SmallScene(".png")), "image", "a.png");

        using var response = await client.PostAsync(new Uri("/api/reads", UriKind.Relative), form);

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("1024", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_30MegabytesThroughKestrel_Is413()
    {
        // Kestrel's own body limit (30 000 000 bytes) refuses it while the form is read: a real server is needed.
        await using var kestrel = new PlateWebFactory();
        kestrel.UseKestrel();
        kestrel.StartServer();
        using var client = await ClientWithKeyAsync(kestrel);
        // The server answers before taking the 30 MB: the client waits for "100 Continue", which never comes.
        client.DefaultRequestHeaders.ExpectContinue = true;

        using var response = await PostImageAsync(client, new byte[30 * 1024 * 1024]);

        var problem = await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("Upload:MaxFileBytes", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_WhenTheDatabaseDiskIsFull_Is507()
    {
        // SQLite answers SQLITE_FULL ("database or disk is full") to the insert, as on a full disk.
        await using var app = _factory.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
            s.ConfigureDbContext<PlateDbContext>(o => o.AddInterceptors(new FullDiskOnInsert()))));
        using var client = await ClientWithKeyAsync(app);

        using var response = await PostImageAsync(client, TestImages.SmallScene(".png"));

        var problem = await AssertProblemAsync(response, HttpStatusCode.InsufficientStorage);
        Assert.Contains("disk is full", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body[..Math.Min(body.Length, 400)]}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(body);
        Assert.Equal((int)status, json.RootElement.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(json.RootElement.GetProperty("title").GetString()));
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
        return json.RootElement.Clone();
    }

    private static async Task<HttpClient> ClientWithKeyAsync(WebApplicationFactory<Program> app)
    {
        var client = app.CreateClient();
        var created = await app.Services.GetRequiredService<ApiKeyStore>().CreateAsync("tests", CancellationToken.None);
        client.DefaultRequestHeaders.Add("X-Api-Key", created.Secret);
        return client;
    }

    private static async Task<HttpResponseMessage> PostImageAsync(HttpClient client, byte[] bytes)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "image", "upload.png");
        return await client.PostAsync(new Uri("/api/reads", UriKind.Relative), form);
    }

    private sealed class FullDiskOnInsert : DbCommandInterceptor
    {
        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default) =>
            command.CommandText.Contains("INSERT INTO \"Images\"", StringComparison.Ordinal)
                ? throw new SqliteException("SQLite Error 13: 'database or disk is full'.", 13)
                : base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }
}
