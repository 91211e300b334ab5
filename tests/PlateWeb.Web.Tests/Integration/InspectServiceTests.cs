using Microsoft.Extensions.DependencyInjection;
using PlateWeb.Recognition.Grammar;
using PlateWeb.Recognition.Synthesis;
using PlateWeb.Web.Features.Inspect;
using PlateWeb.Web.Features.Upload;

namespace PlateWeb.Web.Tests.Integration;

/// <summary>The inspect service over the real engine and store: a stored sample read again with its crops.</summary>
public sealed class InspectServiceTests : IAsyncLifetime
{
    private readonly PlateWebFactory _factory = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task InspectAsync_StoredSample_KeepsThePlateWithBothCrops()
    {
        using var client = _factory.CreateClient();
        var (name, spec) = PlateRenderer.Samples()[0];
        using var scene = PlateRenderer.RenderScene(spec);
        var processor = _factory.Services.GetRequiredService<ImageProcessor>();
        var stored = await processor.ProcessAsync(new RecognitionJob(Guid.NewGuid(), name, scene.Encode(".png")), _ => Task.CompletedTask, CancellationToken.None);

        var report = await _factory.Services.GetRequiredService<InspectService>().InspectAsync(stored.ImageId, CancellationToken.None);

        Assert.NotNull(report);
        Assert.Equal((spec.Width, spec.Height), (report.Width, report.Height));
        var kept = Assert.Single(report.Rows, r => r.Kept);
        Assert.Equal(PlateGrammar.Normalize(scene.Truth[0].Text), PlateGrammar.Normalize(kept.PlateText!));
        Assert.All(report.Rows, r => Assert.NotNull(r.RectifiedDataUrl));
        Assert.All(report.Rows, r => Assert.NotNull(r.BinarizedDataUrl));
    }

    [Fact]
    public async Task InspectAsync_UnknownImage_IsNull()
    {
        using var client = _factory.CreateClient();

        Assert.Null(await _factory.Services.GetRequiredService<InspectService>().InspectAsync(987654, CancellationToken.None));
    }
}
