using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace PlateWeb.Web.EndToEndTests;

/// <summary>
/// Watchlists and alerts in Debian's Chromium: an admin puts a pattern on a list and makes a rule through the pages,
/// uploads a rendered plate that fits it, and a second signed-in page sees the live notification and its badge.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class WatchlistAlertTests(BrowserFixture fixture)
{
    private const string Plate = "BD-372-KX";

    [Fact]
    public async Task WatchedPlateUploaded_OtherSignedInPageSeesTheAlert()
    {
        var admin = await fixture.NewPageAsync();
        var watcher = await fixture.NewPageAsync();
        var picture = PlatePictures.WriteFrenchPlate(fixture.ScreenshotDirectory, "e2e-watched.png", Plate);

        // A list with a pattern ('?' for any one character), through the Watchlists page.
        await admin.OpenAsync("/alerts/watchlists");
        await Expect(admin.GetByRole(AriaRole.Heading, new() { Name = "Watchlists", Exact = true })).ToBeVisibleAsync();
        await admin.GetByLabel("Name").FillAsync("banned e2e");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Create the list" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Heading, new() { Name = "Entries of banned e2e" })).ToBeVisibleAsync();
        await admin.GetByLabel("Plate or pattern").FillAsync("BD-3??-KX");
        await admin.GetByLabel("Label").FillAsync("Stolen e2e");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Add", Exact = true }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Cell, new() { Name = "BD3??KX", Exact = true })).ToBeVisibleAsync();
        await admin.ScreenshotAsync(new() { Path = Path.Combine(fixture.ScreenshotDirectory, "watchlists.png"), FullPage = true });

        // A rule on that list (its first and only list), notifying the signed-in users.
        await admin.OpenAsync("/alerts/rules");
        await admin.GetByLabel("Name").FillAsync("Banned e2e rule");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Create the rule" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Cell, new() { Name = "Banned e2e rule", Exact = true })).ToBeVisibleAsync();
        await admin.ScreenshotAsync(new() { Path = Path.Combine(fixture.ScreenshotDirectory, "alert-rules.png"), FullPage = true });

        // Another signed-in page, elsewhere in the app, listens.
        await watcher.OpenAsync("/history");
        var bell = watcher.GetByRole(AriaRole.Button, new() { Name = "Alerts (0 new)" });
        await Expect(bell).ToBeVisibleAsync();

        await admin.OpenAsync("/");
        var chooser = await admin.RunAndWaitForFileChooserAsync(() => admin.GetByRole(AriaRole.Button, new() { Name = "Choose images" }).ClickAsync());
        await chooser.SetFilesAsync(picture);
        await Expect(admin.GetByRole(AriaRole.Img, new() { Name = $"Plates read in e2e-watched.png: {Plate}" })).ToBeVisibleAsync(new() { Timeout = 90_000 });

        var snackbar = watcher.Locator(".mud-snackbar").Filter(new() { HasText = Plate });
        await Expect(snackbar).ToContainTextAsync($"Alert: {Plate} seen (upload) · Stolen e2e · rule Banned e2e rule", new() { Timeout = 30_000 });
        await Expect(watcher.GetByRole(AriaRole.Button, new() { Name = "Alerts (1 new)" })).ToBeVisibleAsync();
        await watcher.ScreenshotAsync(new() { Path = Path.Combine(fixture.ScreenshotDirectory, "alert-notification.png"), FullPage = true });

        // The bell lists it; opening it marks it seen.
        await watcher.GetByRole(AriaRole.Button, new() { Name = "Alerts (1 new)" }).ClickAsync();
        await Expect(watcher.GetByRole(AriaRole.Menuitem).Filter(new() { HasText = Plate })).ToBeVisibleAsync();
    }
}
