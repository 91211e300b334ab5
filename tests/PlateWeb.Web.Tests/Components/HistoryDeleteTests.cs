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

    [Fact]
    public async Task HistoryPage_TickTwoReadsAndMarkNotAPlate_HidesThemAndKeepsThemMarked()
    {
        var store = Services.GetRequiredService<PlateWeb.Data.Storage.PlateStore>();
        await store.StoreAsync([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1], "gate.png", 40, 20,
            [Read("AB123CD", "AB-123-CD"), Read("STOP", "STOP"), Read("OPEN24", "OPEN24")], CancellationToken.None);
        var page = Render<HistoryPage>();
        page.WaitForAssertion(() => Assert.Contains("OPEN24", page.Markup, StringComparison.Ordinal));
        page.WaitForAssertion(() => Assert.NotEmpty(CheckBoxes(page, "Select STOP")));

        CheckBoxes(page, "Select STOP").Single().Change(true);
        CheckBoxes(page, "Select OPEN24").Single().Change(true);
        page.WaitForAssertion(() => Assert.Contains("2 selected.", page.Markup, StringComparison.Ordinal));
        await page.FindAll("button").Single(b => b.TextContent.Trim() == "Not a plate").ClickAsync(new());

        page.WaitForAssertion(() =>
        {
            Assert.DoesNotContain("OPEN24", page.Markup, StringComparison.Ordinal);
            Assert.Contains("AB-123-CD", page.Markup, StringComparison.Ordinal);
        });
        Assert.DoesNotContain("selected.", page.Markup, StringComparison.Ordinal);
        await using var db = await Services.GetRequiredService<IDbContextFactory<PlateDbContext>>().CreateDbContextAsync();
        Assert.Equal(["OPEN24", "STOP"], await db.NotAPlateMarks.Select(m => m.Read!.Text).OrderBy(t => t).ToListAsync());
        Assert.Equal(2, await db.AuditEntries.CountAsync(a => a.Action == PlateWeb.Data.Entities.AuditAction.MarkedNotAPlate && a.User == "admin"));
        Assert.Equal(3, await db.Reads.CountAsync());
    }

    [Fact]
    public async Task HistoryPage_DeleteAllMatchingTheFilter_AsksWithTheCountThenDeletes()
    {
        var store = Services.GetRequiredService<PlateWeb.Data.Storage.PlateStore>();
        await store.StoreAsync([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 2], "gate.png", 40, 20,
            [Read("AB123CD", "AB-123-CD"), Read("AB123CE", "AB-123-CE"), Read("XY456ZT", "XY-456-ZT")], CancellationToken.None);
        var dialogs = Render<MudDialogProvider>();
        Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().NavigateTo("/history?q=AB123");
        var page = Render<HistoryPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(CheckBoxes(page, "Select AB-123-CD")));

        CheckBoxes(page, "Select AB-123-CD").Single().Change(true);
        page.WaitForAssertion(() => Assert.Contains("Select all 2 matching the filters", page.Markup, StringComparison.Ordinal));
        page.FindAll("label").Single(l => l.TextContent.Contains("Select all 2 matching", StringComparison.Ordinal)).QuerySelector("input")!.Change(true);
        page.WaitForAssertion(() => Assert.Contains("All 2 reads matching the filters are selected.", page.Markup, StringComparison.Ordinal));
        var click = page.FindAll("button").Single(b => b.TextContent.Trim() == "Delete").ClickAsync(new());
        dialogs.WaitForAssertion(() => Assert.Contains("2 reads will be deleted.", dialogs.Markup, StringComparison.Ordinal));
        await dialogs.FindAll("button").First(b => b.TextContent.Trim() == "Delete").ClickAsync(new());
        await click.WaitAsync(TimeSpan.FromSeconds(10));

        await using var db = await Services.GetRequiredService<IDbContextFactory<PlateDbContext>>().CreateDbContextAsync();
        Assert.Equal(["XY-456-ZT"], await db.Reads.Select(r => r.Text).ToListAsync());
        Assert.Equal(2, await db.AuditEntries.CountAsync(a => a.Action == PlateWeb.Data.Entities.AuditAction.ReadDeleted));
    }

    /// <summary>Check boxes named <paramref name="name"/> (MudCheckBox names its input through aria-labelledby).</summary>
    private static List<AngleSharp.Dom.IElement> CheckBoxes(IRenderedComponent<HistoryPage> page, string name) =>
        page.FindAll("input[type=checkbox][aria-labelledby]")
            .Where(i => page.FindAll($"#{i.GetAttribute("aria-labelledby")}").Any(l => l.TextContent.Trim() == name))
            .ToList();

    private static PlateWeb.Recognition.Pipeline.PlateRead Read(string text, string display) => new(
        text, display, 0.9f, [.. text.Select(_ => 0.9f)], [new PlateWeb.Recognition.Grammar.PlateCandidate(text, 0.9f, "FR-SIV")],
        new PlateWeb.Recognition.Detection.Quad(new(1, 2), new(30, 2), new(30, 12), new(1, 12)),
        "FR", "FR-SIV", 0.9f, "French SIV format", text, []);
}
