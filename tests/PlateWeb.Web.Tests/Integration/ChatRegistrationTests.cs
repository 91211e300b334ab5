using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PlateWeb.Chat;
using PlateWeb.Chat.Model;

namespace PlateWeb.Web.Tests.Integration;

/// <summary>AddChatFeature in the real host: one model for the app, resolved from the repository root, loaded at start unless told not to.</summary>
public sealed class ChatRegistrationTests : IAsyncLifetime
{
    private readonly PlateWebFactory _factory = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task App_WithoutModelFile_StartsAndReportsTheModelMissing()
    {
        var app = _factory.WithWebHostBuilder(b => b.UseSetting("Chat:ModelPath", "models/absent-in-tests.gguf").UseSetting("Chat:LoadAtStart", "true"));
        using var client = await SignIn.ClientAsync(app, PlateWebFactory.AdminUser, PlateWebFactory.AdminPassword);

        var response = await client.GetAsync(new Uri("/about", UriKind.Relative));

        response.EnsureSuccessStatusCode();
        var model = app.Services.GetRequiredService<IChatModel>();
        Assert.Same(app.Services.GetRequiredService<LlamaChatModel>(), model);
        Assert.Equal(ModelState.Missing, model.Status.State);
        var root = PlateWeb.Jobs.Hosting.ContentRootLocator.FindRepositoryRoot()!;
        Assert.Equal(Path.Combine(root, "models", "absent-in-tests.gguf"), model.Status.ModelPath);
        Assert.Contains(app.Services.GetServices<IHostedService>(), s => s is ChatModelWarmup);
        Assert.Contains("Chat model", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public void LoadAtStartFalse_NoWarmup()
    {
        var app = _factory.WithWebHostBuilder(b => b.UseSetting("Chat:LoadAtStart", "false"));

        Assert.DoesNotContain(app.Services.GetServices<IHostedService>(), s => s is ChatModelWarmup);
    }
}
