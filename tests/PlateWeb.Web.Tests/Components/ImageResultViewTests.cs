using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using PlateWeb.Data;
using PlateWeb.Data.Storage;
using PlateWeb.Recognition.Detection;
using PlateWeb.Recognition.Grammar;
using PlateWeb.Recognition.Pipeline;
using PlateWeb.Web.Features.Upload;

namespace PlateWeb.Web.Tests.Components;

/// <summary>The result card over a real SQLite store in a temporary folder.</summary>
public sealed class ImageResultViewTests : SqliteTestContext
{
    [Fact]
    public async Task ImageResultView_Renders_QuadAndPlateDetails()
    {
        var result = await StoreSampleAsync();

        var view = Render<ImageResultView>(p => p.Add(v => v.Result, result));

        Assert.Equal($"images/{result.ImageId}", view.Find("img").GetAttribute("src"));
        Assert.Equal("0 0 640 480", view.Find("svg").GetAttribute("viewBox"));
        Assert.Equal("10,20 110,20 110,50 10,50", view.Find("polygon").GetAttribute("points"));
        Assert.Contains("AB-123-CD", view.Markup, StringComparison.Ordinal);
        Assert.Contains("French SIV format", view.Markup, StringComparison.Ordinal);
        Assert.Contains("AB123GD", view.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImageResultView_CorrectionWithHtmlAndScript_IsShownAsText()
    {
        var result = await StoreSampleAsync();
        // Stored before the server checked corrections (it refuses such a text now): still shown as text.
        await using (var db = await Services.GetRequiredService<IDbContextFactory<PlateDbContext>>().CreateDbContextAsync())
        {
            await db.Reads.ExecuteUpdateAsync(r => r.SetProperty(x => x.CorrectedText, "<IMG SRC=X ONERROR=ALERT(1)><SCRIPT>X</SCRIPT>"));
        }
        var stored = result with { Plates = [result.Plates[0] with { CorrectedText = "<IMG SRC=X ONERROR=ALERT(1)><SCRIPT>X</SCRIPT>" }] };

        var view = Render<ImageResultView>(p => p.Add(v => v.Result, stored));

        Assert.Empty(view.FindAll("script"));
        Assert.Single(view.FindAll("img"));
        Assert.Contains("&lt;SCRIPT&gt;", view.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImageResultView_Correction_IsStoredBesideTheOcrText()
    {
        var result = await StoreSampleAsync();
        ImageResult? changed = null;
        var dialogs = Render<MudDialogProvider>();
        var view = Render<ImageResultView>(p => p
            .Add(v => v.Result, result)
            .Add(v => v.ResultChanged, r => changed = r));

        // The click handler awaits the dialog's answer, so it finishes only after Save.
        var click = view.Find("button[aria-label='Correct AB-123-CD']").ClickAsync(new());
        dialogs.WaitForAssertion(() => Assert.Contains("Corrected plate text", dialogs.Markup, StringComparison.Ordinal));
        await dialogs.Find(".mud-dialog input").InputAsync(new() { Value = "AB-123-CX" });
        await dialogs.FindAll(".mud-dialog button").Single(b => b.TextContent.Contains("Save", StringComparison.Ordinal)).ClickAsync(new());

        await click.WaitAsync(TimeSpan.FromSeconds(10));
        view.WaitForAssertion(() => Assert.Equal("AB-123-CX", changed?.Plates[0].Text));
        await using var db = await Services.GetRequiredService<IDbContextFactory<PlateDbContext>>().CreateDbContextAsync();
        var read = await db.Reads.SingleAsync();
        Assert.Equal(("AB-123-CD", "AB-123-CX"), (read.Text, read.CorrectedText));
    }

    [Fact]
    public async Task ImageResultView_Correction_ShowsTheCorrectedPlatesFormatAndWhoCorrectedIt()
    {
        var result = await StoreSampleAsync();
        var dialogs = Render<MudDialogProvider>();
        ImageResult? changed = null;
        var view = Render<ImageResultView>(p => p.Add(v => v.Result, result).Add(v => v.ResultChanged, r => changed = r));
        Assert.NotEmpty(view.FindAll(".mud-chip[aria-label^='Confidence']"));

        var click = view.Find("button[aria-label='Correct AB-123-CD']").ClickAsync(new());
        dialogs.WaitForAssertion(() => Assert.Contains("Corrected plate text", dialogs.Markup, StringComparison.Ordinal));
        await dialogs.Find(".mud-dialog input").InputAsync(new() { Value = "PP587AO" });
        await dialogs.FindAll(".mud-dialog button").Single(b => b.TextContent.Contains("Save", StringComparison.Ordinal)).ClickAsync(new());
        await click.WaitAsync(TimeSpan.FromSeconds(10));

        // The page hands the changed result back (as the upload card and the details dialog do).
        view.WaitForAssertion(() => Assert.NotNull(changed));
        view.Render(p => p.Add(v => v.Result, changed!));
        // The test context signs in as "admin"; the French SIV explanation (no O) gives way to the Slovak one.
        Assert.Contains("Corrected by admin", view.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("French SIV", view.Markup, StringComparison.Ordinal);
        Assert.Contains("(SK)", view.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("%", view.Find(".corrected-chip").TextContent, StringComparison.Ordinal);
        Assert.Empty(view.FindAll(".mud-chip[aria-label^='Confidence']"));
        Assert.Equal("SK", view.FindAll(".mud-chip").Last().TextContent.Trim());
    }

    [Theory]
    [InlineData("AB-123-CD\nIgnore the facts", "A plate has at most 12 characters.")]
    [InlineData("[2] <|x|>", "A plate holds only the letters A-Z, digits, spaces, dashes and dots.")]
    [InlineData("--", "A plate text needs at least one letter or digit.")]
    public async Task ImageResultView_BadCorrection_IsRefusedByTheServerWithAClearMessage(string typed, string message)
    {
        var result = await StoreSampleAsync();
        ImageResult? changed = null;
        var dialogs = Render<MudDialogProvider>();
        var view = Render<ImageResultView>(p => p.Add(v => v.Result, result).Add(v => v.ResultChanged, r => changed = r));

        var click = view.Find("button[aria-label='Correct AB-123-CD']").ClickAsync(new());
        dialogs.WaitForAssertion(() => Assert.Contains("Corrected plate text", dialogs.Markup, StringComparison.Ordinal));
        await dialogs.Find(".mud-dialog input").InputAsync(new() { Value = typed });
        await dialogs.FindAll(".mud-dialog button").Single(b => b.TextContent.Contains("Save", StringComparison.Ordinal)).ClickAsync(new());
        await click.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Contains(message, string.Concat(Services.GetRequiredService<ISnackbar>().ShownSnackbars.Select(s => s.Message)), StringComparison.Ordinal);
        Assert.Null(changed);
        await using var db = await Services.GetRequiredService<IDbContextFactory<PlateDbContext>>().CreateDbContextAsync();
        Assert.Null((await db.Reads.SingleAsync()).CorrectedText);
    }

    [Fact]
    public async Task ReadDetailDialog_Shows_CropAndTheReadsHistory()
    {
        var result = await StoreSampleAsync();
        await Services.GetRequiredService<PlateStore>().CorrectAsync(result.Plates[0].ReadId, "AB-123-CX", CancellationToken.None);
        var dialogs = Render<MudDialogProvider>();
        var service = Services.GetRequiredService<IDialogService>();

        await dialogs.InvokeAsync(() => service.ShowAsync<PlateWeb.Web.Features.History.ReadDetailDialog>("Read",
            new DialogParameters<PlateWeb.Web.Features.History.ReadDetailDialog> { { d => d.ReadId, result.Plates[0].ReadId } }));

        dialogs.WaitForAssertion(() => Assert.Contains("raw OCR AB123CD", dialogs.Markup, StringComparison.Ordinal));
        Assert.Contains("AB-123-CX at ", dialogs.Markup, StringComparison.Ordinal);
        // Plate 100×30 at (10,20), margin 30 % of its height: the crop's viewBox.
        Assert.Contains(dialogs.FindAll("svg"), s => s.GetAttribute("viewBox") == "1 11 118 48");
        Assert.Contains("Corrected; the engine read AB-123-CD", dialogs.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadDetailDialog_CorrectionInside_RenamesTheDialogAfterTheCorrectedText()
    {
        var result = await StoreSampleAsync();
        var dialogs = Render<MudDialogProvider>();
        var service = Services.GetRequiredService<IDialogService>();
        await dialogs.InvokeAsync(() => service.ShowAsync<PlateWeb.Web.Features.History.ReadDetailDialog>("Read AB-123-CD",
            new DialogParameters<PlateWeb.Web.Features.History.ReadDetailDialog> { { d => d.ReadId, result.Plates[0].ReadId } }));
        dialogs.WaitForAssertion(() => Assert.Contains("raw OCR AB123CD", dialogs.Markup, StringComparison.Ordinal));

        var click = dialogs.Find("button[aria-label='Correct AB-123-CD']").ClickAsync(new());
        dialogs.WaitForAssertion(() => Assert.Contains("Corrected plate text", dialogs.Markup, StringComparison.Ordinal));
        await dialogs.FindAll(".mud-dialog input").Last().InputAsync(new() { Value = "AB-123-CX" });
        await dialogs.FindAll(".mud-dialog button").Last(b => b.TextContent.Contains("Save", StringComparison.Ordinal)).ClickAsync(new());
        await click.WaitAsync(TimeSpan.FromSeconds(10));

        dialogs.WaitForAssertion(() => Assert.Contains(dialogs.FindAll(".mud-dialog-title"), t => t.TextContent.Contains("Read AB-123-CX", StringComparison.Ordinal)));
        Assert.DoesNotContain(dialogs.FindAll(".mud-dialog-title"), t => t.TextContent.Contains("Read AB-123-CD", StringComparison.Ordinal));
    }

    private Task<ImageResult> StoreSampleAsync() => StoreSampleAsync(this);

    internal static async Task<ImageResult> StoreSampleAsync(BunitContext ctx)
    {
        var read = new PlateRead(
            "AB123CD", "AB-123-CD", 0.8f, [], [new PlateCandidate("AB123CD", 0.8f, "FR-SIV"), new PlateCandidate("AB123GD", 0.1f, "FR-SIV")],
            new Quad(new PointF(10, 20), new PointF(110, 20), new PointF(110, 50), new PointF(10, 50)),
            "FR", "FR-SIV", 0.9f, "French SIV format AA-123-AA", "AB123CD", []);
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3];
        var stored = await ctx.Services.GetRequiredService<PlateStore>().StoreAsync(png, "car.png", 640, 480, [read], CancellationToken.None);
        return ImageResult.From(stored.Image, stored.AlreadyStored);
    }
}
