using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace PlateWeb.Web.EndToEndTests;

/// <summary>The Cameras page in Debian's Chromium: the region of interest is drawn with the mouse, lands in the fields
/// and is saved with the camera.</summary>
[Collection(BrowserCollection.Name)]
public sealed class CamerasPageTests(BrowserFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task RegionDrawnWithTheMouse_FillsTheFields_AndIsSaved()
    {
        var page = await fixture.NewPageAsync();
        try
        {
            await page.OpenAsync("/cameras");
            var picker = page.GetByTestId("roi-picker");
            await Expect(picker).ToBeVisibleAsync();
            var box = (await picker.BoundingBoxAsync())!;

            // From a quarter across and 30 % down to three quarters across and 80 % down.
            await page.Mouse.MoveAsync(box.X + box.Width * 0.25f, box.Y + box.Height * 0.30f);
            await page.Mouse.DownAsync();
            await page.Mouse.MoveAsync(box.X + box.Width * 0.50f, box.Y + box.Height * 0.55f, new() { Steps = 4 });
            await page.Mouse.MoveAsync(box.X + box.Width * 0.75f, box.Y + box.Height * 0.80f, new() { Steps = 4 });
            await page.Mouse.UpAsync();

            await ExpectNear(page.GetByLabel("Left"), 25);
            await ExpectNear(page.GetByLabel("Top"), 30);
            await ExpectNear(page.GetByLabel("Width"), 50);
            await ExpectNear(page.GetByLabel("Height"), 50);
            await page.ScreenshotAsync(new() { Path = Path.Combine(fixture.ScreenshotDirectory, "cameras-roi.png"), FullPage = true });

            await page.GetByLabel("Name").FillAsync("Drawn gate");
            await page.GetByLabel("Source", new() { Exact = true }).FillAsync(Path.Combine(fixture.ScreenshotDirectory, "drawn-gate-in"));
            await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "Drawn gate", Exact = true })).ToBeVisibleAsync();

            // Opened again, the camera shows the region it was saved with.
            await page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Drawn gate" }).GetByRole(AriaRole.Button, new() { Name = "Edit" }).ClickAsync();
            await ExpectNear(page.GetByLabel("Left"), 25);
            await ExpectNear(page.GetByLabel("Height"), 50);
            var rect = page.Locator("[data-testid=roi-picker] .roi-picker-rect");
            Assert.InRange(double.Parse((await rect.GetAttributeAsync("x"))!, System.Globalization.CultureInfo.InvariantCulture), 24, 26);
        }
        catch
        {
            await page.ScreenshotAsync(new() { Path = Path.Combine(fixture.ScreenshotDirectory, "failure-cameras-roi.png"), FullPage = true });
            output.WriteLine(string.Join('\n', fixture.BrowserLog));
            throw;
        }
        finally
        {
            await page.Context.CloseBoundedAsync();
        }
    }

    /// <summary>Waits until the field holds a number within a percent of <paramref name="expected"/> (the drag's pixels
    /// round to a tenth of a percent).</summary>
    private static async Task ExpectNear(ILocator field, double expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        string? value = null;
        while (DateTime.UtcNow < deadline)
        {
            value = await field.InputValueAsync();
            if (double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v)
                && Math.Abs(v - expected) <= 1)
            {
                return;
            }

            await Task.Delay(100);
        }
        Assert.Fail($"expected about {expected}, the field holds '{value}'");
    }
}
