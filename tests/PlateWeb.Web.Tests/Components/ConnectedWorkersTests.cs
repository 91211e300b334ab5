using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PlateWeb.Data;
using PlateWeb.Data.Workers;
using PlateWeb.Web.Features.About;

namespace PlateWeb.Web.Tests.Components;

/// <summary>The About page's list of recognition workers, over heartbeat rows in a real SQLite database.</summary>
public sealed class ConnectedWorkersTests : SqliteTestContext
{
    public ConnectedWorkersTests() => Services.AddSingleton<WorkerDirectory>();

    [Fact]
    public async Task Admin_SeesConnectedAndGoneWorkersWithTheirCounters()
    {
        await SeedAsync();

        var list = Render<ConnectedWorkers>();

        list.WaitForAssertion(() => Assert.Equal(2, list.FindAll("tbody tr").Count));
        var rows = list.FindAll("tbody tr");
        Assert.Contains("ocr-1", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("connected", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("12 done, 1 failed", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("worker-a · 4242", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("ocr-2", rows[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("gone", rows[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("none yet", rows[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("1 connected, 1 gone", list.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admin_French_SeesTheFrenchWords()
    {
        await SeedAsync();
        var previous = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("fr-FR");
        try
        {
            var list = Render<ConnectedWorkers>();

            list.WaitForAssertion(() => Assert.Equal(2, list.FindAll("tbody tr").Count));
            Assert.Contains("Processus de reconnaissance", list.Markup, StringComparison.Ordinal);
            Assert.Contains("disparu", list.FindAll("tbody tr")[1].TextContent, StringComparison.Ordinal);
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = previous;
        }
    }

    [Fact]
    public async Task Viewer_SeesNoWorkers()
    {
        await SeedAsync();
        Auth.SetRoles(PlateWeb.Web.Features.Account.Roles.Viewer);
        Auth.SetPolicies();

        var list = Render<ConnectedWorkers>();

        Assert.DoesNotContain("ocr-1", list.Markup, StringComparison.Ordinal);
        Assert.Empty(list.FindAll("table"));
    }

    [Fact]
    public void NoWorkers_SaysWhy()
    {
        var list = Render<ConnectedWorkers>();

        list.WaitForAssertion(() => Assert.Contains("No worker has announced itself", list.Markup, StringComparison.Ordinal));
    }

    private async Task SeedAsync()
    {
        var directory = Services.GetRequiredService<WorkerDirectory>();
        var now = DateTime.UtcNow;
        var live = await directory.RegisterAsync(new WorkerIdentity("ocr-1", "worker-a", 4242, "1.0.0", now.AddHours(-1)), 15, default);
        await directory.BeatAsync(live, new WorkerCounters(12, 1, now.AddSeconds(-5)), default);
        await directory.RegisterAsync(new WorkerIdentity("ocr-2", "worker-b", 77, "1.0.0", now.AddHours(-2)), 15, default);
        // The second one's last heartbeat is a minute old: four of its 15 s intervals.
        await using var db = await Services.GetRequiredService<IDbContextFactory<PlateDbContext>>().CreateDbContextAsync();
        await db.WorkerHeartbeats.Where(w => w.Name == "ocr-2").ExecuteUpdateAsync(s => s.SetProperty(w => w.LastSeenAt, now.AddMinutes(-1)));
    }
}
