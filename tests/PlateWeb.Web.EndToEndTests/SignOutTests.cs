using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace PlateWeb.Web.EndToEndTests;

/// <summary>The menu's Sign out button, once the page is interactive: its form carries a valid antiforgery token and ends the session.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SignOutTests(BrowserFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task SignOut_FromTheMenu_EndsTheSession()
    {
        var page = await fixture.NewPageAsync();
        try
        {
            await page.OpenAsync("/history");

            await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
            await page.WaitForURLAsync("**/account/login");
            await page.GotoAsync("/history");

            await page.WaitForURLAsync("**/account/login**");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        }
        catch
        {
            await page.ScreenshotAsync(new() { Path = Path.Combine(fixture.ScreenshotDirectory, "failure-sign-out.png"), FullPage = true });
            output.WriteLine(string.Join('\n', fixture.BrowserLog));
            throw;
        }
        finally
        {
            await page.Context.CloseBoundedAsync();
        }
    }
}
