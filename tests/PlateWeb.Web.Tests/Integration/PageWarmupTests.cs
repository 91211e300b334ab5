using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PlateWeb.Web.Hosting;

namespace PlateWeb.Web.Tests.Integration;

/// <summary>The main pages are rendered once after the start (real app, real SQLite), and a signed-in user then gets them.</summary>
public sealed class PageWarmupTests
{
    [Fact]
    public async Task Start_WarmUpOn_EveryMainPageRendersOnce_AndIsServedAfterwards()
    {
        await using var factory = new PlateWebFactory { WarmUpPages = true };
        var logs = new LogCapture();
        await using var app = factory.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(logs)));
        using var client = await SignIn.ClientAsync(app, PlateWebFactory.AdminUser, PlateWebFactory.AdminPassword);

        var warmed = await app.Services.GetRequiredService<PageWarmup>().Done.WaitAsync(TimeSpan.FromSeconds(60));

        // Upload, History, Chat and About: a page that cannot render outside a request is logged and counted out.
        var lines = logs.Entries.Where(e => e.Category == typeof(PageWarmup).FullName).Select(e => e.Message).ToList();
        Assert.True(warmed == 4, string.Join("\n", lines));
        Assert.Contains(lines, l => l.StartsWith("4 of 4 pages warmed in ", StringComparison.Ordinal));
        // Rendered as a visit renders them, in their layout: no component complains of a missing provider (MudBlazor's
        // popovers logged an error at every start when the pages were rendered alone).
        var errors = logs.Entries.Where(e => e.Level >= LogLevel.Error).Select(e => $"{e.Category}: {e.Message}").ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        foreach (var path in new[] { "/", "/history", "/chat", "/about" })
        {
            using var page = await client.GetAsync(new Uri(path, UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }
    }

    [Fact]
    public async Task Start_WarmUpOff_NothingRendered()
    {
        await using var factory = new PlateWebFactory { WarmUpPages = false };
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        Assert.Equal(0, await factory.Services.GetRequiredService<PageWarmup>().Done.WaitAsync(TimeSpan.FromSeconds(60)));
    }
}
