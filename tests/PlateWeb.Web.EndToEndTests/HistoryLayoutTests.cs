using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace PlateWeb.Web.EndToEndTests;

/// <summary>
/// History as a new user meets it (issue 16 item 3): every column on a 1366 px laptop without sideways scrolling,
/// each row's plate cropped from its picture, charts that stay hidden once hidden, filters in the address,
/// and on a phone the list before the charts.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class HistoryLayoutTests(BrowserFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task Laptop_ColumnsFit_Thumbnails_ChartsStayHidden_FiltersInTheAddress_PhoneListFirst()
    {
        var page = await fixture.NewPageAsync(width: 1366, height: 768);
        IPage? phone = null;
        var picture = PlatePictures.WriteFrenchPlate(fixture.ScreenshotDirectory, "e2e-layout.png");
        try
        {
            // One read to list (the same bytes as the other tests' picture are answered from the database).
            await page.OpenAsync("/");
            var chooser = await page.RunAndWaitForFileChooserAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Choose images" }).ClickAsync());
            await chooser.SetFilesAsync(picture);
            await Expect(page.GetByRole(AriaRole.Img, new() { NameRegex = OverlayName() })).ToBeVisibleAsync(new() { Timeout = 90_000 });

            // 1366 × 768: no sideways scroll in the grid, the Actions column and the whole "Read at" column on screen.
            await page.OpenAsync("/history");
            var details = page.GetByRole(AriaRole.Button, new() { Name = $"Details of {PlatePictures.PlateText}" }).First;
            await Expect(details).ToBeVisibleAsync();
            var overflow = await page.EvaluateAsync<int>(
                "() => { const c = document.querySelector('.history-grid .mud-table-container'); return c.scrollWidth - c.clientWidth; }");
            Assert.True(overflow <= 0, $"the grid scrolls sideways by {overflow} px at 1366 px");
            Assert.True(await page.FitsTheWidthAsync(), "the history page is wider than 1366 px");
            // Sideways only: the charts sit above the list on a wide screen, so the row may be below the fold.
            foreach (var cell in new[]
            {
                page.GetByRole(AriaRole.Columnheader, new() { Name = "Actions" }),
                page.GetByRole(AriaRole.Columnheader, new() { NameRegex = ReadAtHeader() }),
                page.GetByRole(AriaRole.Button, new() { NameRegex = DeleteTheRead() }).First,
                page.Locator("time").First,
            })
            {
                await Expect(cell).ToBeVisibleAsync();
                var box = (await cell.BoundingBoxAsync())!;
                Assert.True(box.X >= 0 && box.X + box.Width <= 1366, $"a cell spans {box.X:0}-{box.X + box.Width:0} px, beyond 1366 px");
            }

            // Each row shows its plate cropped from the picture, a link to the whole picture.
            var thumb = page.GetByRole(AriaRole.Link, new() { NameRegex = ThumbName() }).First;
            await Expect(thumb).ToBeVisibleAsync();
            var viewBox = await thumb.Locator("svg").GetAttributeAsync("viewBox");
            Assert.Matches(@"^\d+(\.\d)? \d+(\.\d)? \d+(\.\d)? \d+(\.\d)?$", viewBox);
            Assert.NotEqual("0 0 1 1", viewBox);
            Assert.Matches(@"^images/\d+$", await thumb.Locator("image").GetAttributeAsync("href"));
            Assert.Empty(await page.UnlabelledFieldsAsync());
            await page.ScreenshotAsync(new() { Path = Path.Combine(fixture.ScreenshotDirectory, "history-1366.png"), FullPage = true });

            // Charts hidden, the page reloaded: still hidden (this browser's local storage).
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Reads per country" })).ToBeVisibleAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Hide charts" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Reads per country" })).ToHaveCountAsync(0);
            await page.ReloadAsync();
            await page.WaitForInteractiveAsync();
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Show charts" })).ToBeEnabledAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Reads per country" })).ToHaveCountAsync(0);
            await page.ScreenshotAsync(new() { Path = Path.Combine(fixture.ScreenshotDirectory, "history-charts-hidden.png"), FullPage = true });
            await page.GetByRole(AriaRole.Button, new() { Name = "Show charts" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Reads per country" })).ToBeVisibleAsync();

            // A filtered address restores its filters; a filter changed on the page rewrites the address.
            await page.OpenAsync("/history?q=GH456&country=FR&from=2020-01-01");
            await Expect(page.GetByLabel("Search plate text")).ToHaveValueAsync("GH456");
            await Expect(details).ToBeVisibleAsync();
            await Expect(page.Locator(".mud-select").Filter(new() { HasText = "Country" }).Locator("input")).ToHaveValueAsync("FR");
            await page.GetByLabel("Search plate text").FillAsync("ZZ999");
            await page.WaitForURLAsync(SearchZz999());
            Assert.Contains("country=FR", page.Url, StringComparison.Ordinal);
            Assert.Contains("from=2020-01-01", page.Url, StringComparison.Ordinal);
            await Expect(page.GetByText("No reads match")).ToBeVisibleAsync();

            // A phone: the list comes before the charts.
            phone = await fixture.NewPageAsync(width: 390, height: 844);
            await phone.OpenAsync("/history");
            var phoneDetails = phone.GetByRole(AriaRole.Button, new() { Name = $"Details of {PlatePictures.PlateText}" }).First;
            await Expect(phoneDetails).ToBeVisibleAsync();
            await Expect(phone.GetByRole(AriaRole.Heading, new() { Name = "Reads per day" })).ToBeVisibleAsync();
            var listTop = (await phone.Locator(".history-grid").BoundingBoxAsync())!.Y;
            var chartsTop = (await phone.GetByRole(AriaRole.Heading, new() { Name = "Reads per day" }).BoundingBoxAsync())!.Y;
            output.WriteLine($"phone: list at {listTop:0} px, charts at {chartsTop:0} px");
            Assert.True(listTop < chartsTop, $"on a phone the list ({listTop:0} px) should come before the charts ({chartsTop:0} px)");
            Assert.True(listTop < 844, $"on a phone the list starts below the first screen ({listTop:0} px)");
            Assert.True(await phone.FitsTheWidthAsync(), "the history page is wider than a 390 px phone");
            await phone.ScreenshotAsync(new() { Path = Path.Combine(fixture.ScreenshotDirectory, "history-phone-list-first.png"), FullPage = true });
        }
        catch
        {
            await page.ScreenshotAsync(new() { Path = Path.Combine(fixture.ScreenshotDirectory, "failure-history-layout.png"), FullPage = true });
            output.WriteLine(string.Join('\n', fixture.BrowserLog));
            output.WriteLine(fixture.App.Log);
            throw;
        }
        finally
        {
            await page.Context.CloseBoundedAsync();
            if (phone is not null) await phone.Context.CloseBoundedAsync();
        }
    }

    [GeneratedRegex(@"^Plates read in e2e-(car|phone|layout)\.png: GH-456-JK$")]
    private static partial Regex OverlayName();

    [GeneratedRegex(@"^Read at \(")]
    private static partial Regex ReadAtHeader();

    [GeneratedRegex(@"^Delete the read ")]
    private static partial Regex DeleteTheRead();

    [GeneratedRegex(@"^The picture of GH-456-JK \(")]
    private static partial Regex ThumbName();

    [GeneratedRegex(@"q=ZZ999")]
    private static partial Regex SearchZz999();
}
