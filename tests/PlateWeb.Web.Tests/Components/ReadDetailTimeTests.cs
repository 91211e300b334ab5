using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using PlateWeb.Data;
using PlateWeb.Web.Features.History;
using PlateWeb.Web.Features.TimeZones;

namespace PlateWeb.Web.Tests.Components;

/// <summary>A read's details give its time in the user's zone, with the offset it had then.</summary>
public sealed class ReadDetailTimeTests : SqliteTestContext
{
    [Fact]
    public async Task ReadDetails_Paris_ShowTheLocalTimeAndItsOffset()
    {
        var result = await ImageResultViewTests.StoreSampleAsync(this);
        var readId = result.Plates[0].ReadId;
        await using (var db = await Services.GetRequiredService<IDbContextFactory<PlateDbContext>>().CreateDbContextAsync())
        {
            await db.Reads.ExecuteUpdateAsync(r => r.SetProperty(x => x.CreatedAt, new DateTime(2026, 1, 1, 23, 30, 0)));
        }
        Services.GetRequiredService<UserClock>().Use("Europe/Paris");
        var dialogs = Render<MudDialogProvider>();

        // /history?read=ID, as the links under chat answers open it.
        Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().NavigateTo($"history?read={readId}");
        Render<HistoryPage>();

        dialogs.WaitForAssertion(() => Assert.Contains("Engine read", dialogs.Markup, StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        var engineRow = dialogs.FindAll("tr").Single(r => r.TextContent.Contains("Engine read", StringComparison.Ordinal)).TextContent;
        Assert.Contains("00:30 UTC+01:00", engineRow, StringComparison.Ordinal);
        Assert.Contains("2026", engineRow, StringComparison.Ordinal);
        Assert.DoesNotContain("23:30", engineRow, StringComparison.Ordinal);
    }
}
