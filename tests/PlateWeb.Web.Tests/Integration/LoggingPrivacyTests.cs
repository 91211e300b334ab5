using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PlateWeb.Data.Storage;
using PlateWeb.Recognition.Tests;
using PlateWeb.Web.Features.Upload;

namespace PlateWeb.Web.Tests.Integration;

/// <summary>Plates are personal data: the logs name images and jobs by id, and a typed user name cannot forge a line.</summary>
public sealed class LoggingPrivacyTests : IAsyncLifetime
{
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

    [Fact]
    public async Task Upload_FileNamedAfterItsPlate_TheNameIsNeverLogged()
    {
        // "Stored image 587 (AZJ6991.jpg)": the file name is often the plate.
        using var client = _app.CreateClient();
        var key = await _app.Services.GetRequiredService<ApiKeyStore>().CreateAsync("camera", CancellationToken.None);
        client.DefaultRequestHeaders.Add("X-Api-Key", key.Secret);
        using var stored = await PostAsync(client, TestImages.SmallScene(".png"), "AZJ6991.png");
        using var empty = await PostAsync(client, [], "AZJ6992.png");
        using var garbage = await PostAsync(client, [1, 2, 3, 4], "AZJ6993.png");
        Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);

        // The pages' path: the queue and its worker.
        var notifier = _app.Services.GetRequiredService<UploadNotifier>();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var jobs = new[] { Guid.NewGuid(), Guid.NewGuid() };
        var finished = 0;
        Task OnUpdate(UploadUpdate update)
        {
            if (update.Stage is UploadStage.Done or UploadStage.Failed && Interlocked.Increment(ref finished) == jobs.Length)
            {
                done.TrySetResult();
            }
            return Task.CompletedTask;
        }
        using var first = notifier.Follow(jobs[0], OnUpdate);
        using var second = notifier.Follow(jobs[1], OnUpdate);
        var queue = _app.Services.GetRequiredService<RecognitionQueue>();
        await queue.EnqueueAsync(new RecognitionJob(jobs[0], "AZJ6994.jpg", TestImages.SmallScene(".jpg")), CancellationToken.None);
        await queue.EnqueueAsync(new RecognitionJob(jobs[1], "AZJ6995.jpg", [1, 2, 3, 4]), CancellationToken.None);
        await done.Task.WaitAsync(TimeSpan.FromMinutes(2));

        var entries = _logs.Entries;
        Assert.Contains(entries, e => e.Message.StartsWith("Stored image ", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.Message.Contains(jobs[1].ToString(), StringComparison.Ordinal));
        Assert.DoesNotContain(entries, e => e.Message.Contains("AZJ699", StringComparison.Ordinal) || (e.Exception?.ToString().Contains("AZJ699", StringComparison.Ordinal) ?? false));
    }

    [Fact]
    public async Task SignIn_UserNameWithANewline_CannotForgeALogLine()
    {
        using var client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var response = await SignIn.PostFormAsync(client, "/account/login", new()
        {
            ["userName"] = "eve\r\ninfo: PlateWeb.Account[0]\r\n      admin signed in\u2028\u202E",
            ["password"] = "wrong password",
            ["returnUrl"] = "/",
        });

        var refused = Assert.Single(_logs.Entries, e => e.Category == "PlateWeb.Account" && e.Message.StartsWith("Sign-in refused", StringComparison.Ordinal));
        Assert.DoesNotContain('\n', refused.Message);
        Assert.DoesNotContain('\r', refused.Message);
        Assert.DoesNotContain('\u2028', refused.Message);
        Assert.DoesNotContain('\u202E', refused.Message);
        Assert.StartsWith("Sign-in refused for eve??info: PlateWeb.Account[0]", refused.Message, StringComparison.Ordinal);
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
