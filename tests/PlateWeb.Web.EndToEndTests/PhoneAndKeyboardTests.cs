using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace PlateWeb.Web.EndToEndTests;

/// <summary>A French phone (390×844, Accept-Language fr): nothing wider than the screen, and the pages work from the keyboard.</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class PhoneAndKeyboardTests(BrowserFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task FrenchPhone_UploadAndHistoryFitTheScreen_AndWorkFromTheKeyboard()
    {
        var page = await fixture.NewPageAsync(locale: "fr-FR", width: 390, height: 844);
        var picture = PlatePictures.WriteFrenchPlate(fixture.ScreenshotDirectory, "e2e-phone.png");
        try
        {
            // The browser's language chooses French; keyboard users start at the page's heading (FocusOnNavigate).
            await page.OpenAsync("/");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Lire des plaques" })).ToBeFocusedAsync();
            // Focused for screen readers, but no focus box drawn around a title.
            Assert.Equal("none", await page.EvaluateAsync<string>("() => getComputedStyle(document.activeElement).outlineStyle"));

            // The file picker opens from the keyboard (Enter on the focused button).
            await page.GetByRole(AriaRole.Button, new() { Name = "Choisir des images" }).FocusAsync();
            var chooser = await page.RunAndWaitForFileChooserAsync(() => page.Keyboard.PressAsync("Enter"));
            await chooser.SetFilesAsync(picture);
            await Expect(page.GetByRole(AriaRole.Img, new() { NameRegex = OverlayName() })).ToBeVisibleAsync(new() { Timeout = 90_000 });
            // A result pushed by the worker is in French too (stage, button, explanation).
            await Expect(page.GetByText(DoneStage())).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Button, new() { NameRegex = WhyThisResult() })).ToBeVisibleAsync();
            await Expect(page.GetByText("Format français SIV", new() { Exact = false })).ToBeVisibleAsync();
            await page.ScreenshotAsync(new() { Path = Path.Combine(fixture.ScreenshotDirectory, "upload-phone.png"), FullPage = true });
            Assert.True(await page.FitsTheWidthAsync(), "the upload page is wider than a 390 px phone");
            Assert.Empty(await page.UnlabelledFieldsAsync());
            // The app bar clips rather than scrolls: its last button must be wholly on screen.
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Mode sombre" })).ToBeInViewportAsync(new() { Ratio = 1 });

            await page.OpenAsync("/history");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Historique" })).ToBeVisibleAsync();
            await page.GetByLabel("Rechercher une plaque").FillAsync("GH456JK");
            var details = page.GetByRole(AriaRole.Button, new() { Name = $"Détails de {PlatePictures.PlateText}" });
            await Expect(details).ToBeVisibleAsync();
            await page.ScreenshotAsync(new() { Path = Path.Combine(fixture.ScreenshotDirectory, "history-phone.png"), FullPage = true });
            Assert.True(await page.FitsTheWidthAsync(), "the history page is wider than a 390 px phone");
            Assert.Empty(await page.UnlabelledFieldsAsync());

            // Enter opens the detail dialog, Escape closes it.
            await details.FocusAsync();
            await page.Keyboard.PressAsync("Enter");
            var dialog = page.GetByRole(AriaRole.Dialog);
            await Expect(dialog).ToContainTextAsync($"Lecture {PlatePictures.PlateText}");
            await Expect(dialog).ToContainTextAsync("OCR brut");
            await page.ScreenshotAsync(new() { Path = Path.Combine(fixture.ScreenshotDirectory, "detail-phone.png") });
            await page.Keyboard.PressAsync("Escape");
            await Expect(dialog).ToHaveCountAsync(0);
        }
        catch
        {
            await page.ScreenshotAsync(new() { Path = Path.Combine(fixture.ScreenshotDirectory, "failure-phone.png"), FullPage = true });
            output.WriteLine(string.Join('\n', fixture.BrowserLog));
            output.WriteLine(fixture.App.Log);
            throw;
        }
        finally
        {
            await page.Context.CloseBoundedAsync();
        }
    }

    // French typography puts a no-break space before ":" and "?". The picture may already be stored
    // under the other test's name (same bytes), which the result then shows.
    [GeneratedRegex(@"^Plaques lues sur e2e-(car|phone)\.png\s*:\s*GH-456-JK$")]
    private static partial Regex OverlayName();

    [GeneratedRegex(@"^terminé")]
    private static partial Regex DoneStage();

    [GeneratedRegex(@"^Pourquoi ce résultat\s*\?$")]
    private static partial Regex WhyThisResult();
}
