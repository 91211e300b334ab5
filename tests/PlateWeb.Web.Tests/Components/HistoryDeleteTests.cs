using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using PlateWeb.Data;
using PlateWeb.Web.Features.History;

namespace PlateWeb.Web.Tests.Components;

public sealed class HistoryDeleteTests : SqliteTestContext
{
    [Theory]
    [InlineData("Delete the read AB-123-CD", 1)]
    [InlineData("Delete the image car.png", 0)]
    public async Task HistoryPage_DeleteConfirmed_RemovesFromStoreAndGrid(string button, int imagesLeft)
    {
        await ImageResultViewTests.StoreSampleAsync(this);
        var dialogs = Render<MudDialogProvider>();
        var page = Render<HistoryPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll($"button[aria-label='{button}']")));

        // The handler awaits the confirmation, so the click completes only after "Delete".
        var click = page.Find($"button[aria-label='{button}']").ClickAsync(new());
        dialogs.WaitForAssertion(() => Assert.Contains(dialogs.FindAll("button"), b => b.TextContent.Trim() == "Delete"));
        await dialogs.FindAll("button").First(b => b.TextContent.Trim() == "Delete").ClickAsync(new());
        await click.WaitAsync(TimeSpan.FromSeconds(10));

        page.WaitForAssertion(() => Assert.Contains("No reads match", page.Markup, StringComparison.Ordinal));
        await using var db = await Services.GetRequiredService<IDbContextFactory<PlateDbContext>>().CreateDbContextAsync();
        Assert.Equal(0, await db.Reads.CountAsync());
        Assert.Equal(imagesLeft, await db.Images.CountAsync());
    }

    [Fact]
    public async Task HistoryPage_DeleteCancelled_KeepsTheRead()
    {
        await ImageResultViewTests.StoreSampleAsync(this);
        var dialogs = Render<MudDialogProvider>();
        var page = Render<HistoryPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("button[aria-label='Delete the read AB-123-CD']")));

        var click = page.Find("button[aria-label='Delete the read AB-123-CD']").ClickAsync(new());
        dialogs.WaitForAssertion(() => Assert.Contains(dialogs.FindAll("button"), b => b.TextContent.Trim() == "Cancel"));
        await dialogs.FindAll("button").First(b => b.TextContent.Trim() == "Cancel").ClickAsync(new());
        await click.WaitAsync(TimeSpan.FromSeconds(10));

        await using var db = await Services.GetRequiredService<IDbContextFactory<PlateDbContext>>().CreateDbContextAsync();
        Assert.Equal(1, await db.Reads.CountAsync());
    }
}
