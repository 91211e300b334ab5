using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PlateWeb.Data;
using PlateWeb.Data.Entities;
using PlateWeb.Data.Storage;
using PlateWeb.Jobs;
using PlateWeb.Jobs.Tests;
using PlateWeb.Recognition.Tests;
using PlateWeb.Web.Features.Upload;

namespace PlateWeb.Web.Tests.Integration;

/// <summary>
/// The web app on Queue:Provider RabbitMq, a real broker, and a worker host beside it on the same data folder (as
/// `platectl worker` builds it): uploads and API images are read by the worker and their results come back to the page
/// and the API caller.
/// </summary>
public sealed class RabbitMqQueueTests : IAsyncLifetime
{
    private readonly PlateWebFactory _factory = new();
    private RabbitMqNode _node = null!;
    private WebApplicationFactory<Program> _app = null!;
    private IHost _worker = null!;

    public async Task InitializeAsync()
    {
        _node = await RabbitMqNode.StartAsync();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var settings = new Dictionary<string, string?>
        {
            ["Queue:Provider"] = "RabbitMq",
            ["Queue:RabbitMq:Uri"] = _node.Uri,
            ["Queue:RabbitMq:JobsQueue"] = $"plateweb.jobs.{suffix}",
            ["Queue:RabbitMq:DeadLetterQueue"] = $"plateweb.jobs.{suffix}.dead",
            ["Queue:RabbitMq:DeadLetterExchange"] = $"plateweb.jobs.{suffix}.dlx",
            ["Queue:RabbitMq:Concurrency"] = "1",
        };
        _app = _factory.WithWebHostBuilder(b =>
        {
            foreach (var (key, value) in settings) b.UseSetting(key, value);
        });
        // Started (and its database migrated) before the worker opens the same folder.
        _ = _app.Services.GetRequiredService<PlateStore>();
        await _app.Services.GetRequiredService<JobClient>().StartAsync(CancellationToken.None);

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = PlateWeb.Jobs.Hosting.ContentRootLocator.FindRepositoryRoot()!,
            Args = [],
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Configuration.AddInMemoryCollection([new("Data:DataDirectory", _factory.DataDirectory)]);
        builder.Logging.ClearProviders();
        builder.Services.AddRecognitionEngine();
        builder.Services.AddPlateData();
        builder.Services.AddJobWorker();
        _worker = builder.Build();
        await _worker.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _worker.StopAsync();
        _worker.Dispose();
        await _app.DisposeAsync();
        await _factory.DisposeAsync();
        await _node.DisposeAsync();
    }

    [Fact]
    public async Task UploadPage_ItsJobReadByTheWorker_HearsDoneWithTheResult()
    {
        var jobs = _app.Services.GetRequiredService<IUploadQueue>();
        var notifier = _app.Services.GetRequiredService<UploadNotifier>();
        var done = new TaskCompletionSource<UploadUpdate>(TaskCreationOptions.RunContinuationsAsynchronously);
        var job = new RecognitionJob(Guid.NewGuid(), "scene.png", TestImages.SmallScene(".png"));
        using var following = notifier.Follow(job.Id, update =>
        {
            if (update.Stage is UploadStage.Done or UploadStage.Failed) done.TrySetResult(update);
            return Task.CompletedTask;
        });

        await jobs.EnqueueAsync(job, CancellationToken.None);
        var update = await done.Task.WaitAsync(TimeSpan.FromMinutes(2));

        Assert.IsType<RabbitMqRecognitionJobs>(jobs);
        Assert.Equal(UploadStage.Done, update.Stage);
        Assert.NotNull(update.Result);
        Assert.NotEmpty(update.Result.Plates);
        Assert.False(update.Result.AlreadyStored);
    }

    [Fact]
    public async Task UploadPage_CorruptImage_HearsFailedWithItsKind()
    {
        var jobs = _app.Services.GetRequiredService<IUploadQueue>();
        var notifier = _app.Services.GetRequiredService<UploadNotifier>();
        var done = new TaskCompletionSource<UploadUpdate>(TaskCreationOptions.RunContinuationsAsynchronously);
        var job = new RecognitionJob(Guid.NewGuid(), "noise.jpg", TestImages.RandomBytes(5000));
        using var following = notifier.Follow(job.Id, update =>
        {
            if (update.Stage is UploadStage.Done or UploadStage.Failed) done.TrySetResult(update);
            return Task.CompletedTask;
        });

        await jobs.EnqueueAsync(job, CancellationToken.None);
        var update = await done.Task.WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(UploadStage.Failed, update.Stage);
        Assert.NotNull(update.ErrorKind);
    }

    [Fact]
    public async Task Api_PostRead_AnsweredWithTheWorkersReads_AndHealthShowsTheQueue()
    {
        using var client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var created = await _app.Services.GetRequiredService<ApiKeyStore>().CreateAsync("tests", ApiKeyScopes.All, CancellationToken.None);
        client.DefaultRequestHeaders.Add("X-Api-Key", created.Secret);
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(TestImages.SmallScene(".jpg"));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "image", "gate.jpg");

        using var posted = await client.PostAsync(new Uri("/api/reads", UriKind.Relative), form);
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        using var body = JsonDocument.Parse(await posted.Content.ReadAsStringAsync());
        Assert.NotEmpty(body.RootElement.GetProperty("plates").EnumerateArray());

        using var admin = await SignIn.ClientAsync(_app, PlateWebFactory.AdminUser, PlateWebFactory.AdminPassword);
        using var health = JsonDocument.Parse(await admin.GetStringAsync(new Uri("/health", UriKind.Relative)));
        Assert.Equal("web", health.RootElement.GetProperty("role").GetString());
        var queue = health.RootElement.GetProperty("checks").GetProperty("queue");
        var data = queue.GetProperty("data");
        Assert.Equal("RabbitMq", data.GetProperty("provider").GetString());
        Assert.Equal(0, data.GetProperty("waiting").GetInt32());
        Assert.Equal(1, data.GetProperty("workers").GetInt32());
        Assert.Equal(0, data.GetProperty("deadLettered").GetInt32());
        Assert.Equal("Healthy", queue.GetProperty("status").GetString());
        // The worker host beside the app announced itself in the shared database.
        var workers = health.RootElement.GetProperty("checks").GetProperty("workers");
        Assert.Equal(1, workers.GetProperty("data").GetProperty("connected").GetInt32());
        Assert.Equal("connected", workers.GetProperty("data").GetProperty("workers")[0].GetProperty("state").GetString());
        Assert.Equal("Healthy", workers.GetProperty("status").GetString());
    }
}
