using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace PlateWeb.Web.EndToEndTests;

/// <summary>
/// The browser's zone reaches the server before the first page after sign-in (assets/timezone.js writes the plateweb.tz
/// cookie on the sign-in page), and the app bar's menu overrides it and gives it back.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class TimeZoneTests(BrowserFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task BrowserInAuckland_HistoryIsInAuckland_UntilUtcIsChosen()
    {
        var page = await fixture.NewPageAsync(timeZone: "Pacific/Auckland");
        try
        {
            await page.OpenAsync("/history");
            await Expect(page.GetByRole(AriaRole.Columnheader, new() { Name = "Read at (Pacific/Auckland)" })).ToBeVisibleAsync();

            await page.ChooseFromMenuAsync(
                page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex(@"^Time zone: Pacific\/Auckland") }),
                page.GetByRole(AriaRole.Menuitem, new() { Name = "UTC", Exact = true }));
            await page.WaitForInteractiveAsync();
            await Expect(page.GetByRole(AriaRole.Columnheader, new() { Name = "Read at (UTC)" })).ToBeVisibleAsync();
            await page.ScreenshotAsync(new() { Path = Path.Combine(fixture.ScreenshotDirectory, "time-zone-utc.png") });

            await page.ChooseFromMenuAsync(
                page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Time zone: UTC") }),
                page.GetByRole(AriaRole.Menuitem, new() { Name = "Use my browser’s time zone" }));
            await page.WaitForInteractiveAsync();
            await Expect(page.GetByRole(AriaRole.Columnheader, new() { Name = "Read at (Pacific/Auckland)" })).ToBeVisibleAsync();
        }
        catch
        {
            await page.ScreenshotAsync(new() { Path = Path.Combine(fixture.ScreenshotDirectory, "failure-time-zone.png"), FullPage = true });
            output.WriteLine(string.Join('\n', fixture.BrowserLog));
            throw;
        }
        finally
        {
            await page.Context.CloseBoundedAsync();
        }
    }
}
