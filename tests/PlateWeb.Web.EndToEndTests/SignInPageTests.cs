using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace PlateWeb.Web.EndToEndTests;

/// <summary>The sign-in form in the app's look: each label above its field, every field with a visible border, one name in the header.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SignInPageTests(BrowserFixture fixture, ITestOutputHelper output)
{
    [Theory]
    [InlineData("en-US", 1280, 900, "Sign in", "signin-desktop.png")]
    [InlineData("fr-FR", 390, 844, "Connexion", "signin-phone-fr.png")]
    public async Task SignInForm_LabelsAboveBorderedFields_OneNameInTheHeader(string locale, int width, int height, string title, string screenshot)
    {
        var page = await fixture.NewPageAsync(locale, width, height, signIn: false);
        try
        {
            await page.GotoAsync("/account/login");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = title })).ToBeVisibleAsync();

            var form = await page.Locator("form.account-form").BoundingBoxAsync();
            Assert.NotNull(form);
            foreach (var id in new[] { "userName", "password" })
            {
                var label = await page.Locator($"label[for={id}]").BoundingBoxAsync();
                var field = await page.Locator($"#{id}").BoundingBoxAsync();
                Assert.NotNull(label);
                Assert.NotNull(field);
                // Its own line, above the field, and the field as wide as the form's content.
                Assert.True(label!.Y + label.Height <= field!.Y + 1, $"{id}: the label is not above its field");
                Assert.True(field.Width >= 0.95 * form!.Width, $"{id}: the field is {field.Width} px wide in a {form.Width} px form");
                var border = await page.Locator($"#{id}").EvaluateAsync<string>("e => { const s = getComputedStyle(e); return s.borderTopStyle + ' ' + s.borderTopWidth; }");
                Assert.Equal("solid 1px", border);
            }
            // The logo is the name: no second "PlateWeb" written beside it.
            Assert.Equal(0, await page.GetByText("PlateWeb", new() { Exact = true }).CountAsync());
            await Expect(page.GetByRole(AriaRole.Img, new() { Name = "PlateWeb" })).ToBeVisibleAsync();
            Assert.True(await page.FitsTheWidthAsync(), "the sign-in page is wider than the screen");
            Assert.Empty(await page.UnlabelledFieldsAsync());
            await page.ScreenshotAsync(new() { Path = Path.Combine(fixture.ScreenshotDirectory, screenshot), FullPage = true });
        }
        catch
        {
            await page.ScreenshotAsync(new() { Path = Path.Combine(fixture.ScreenshotDirectory, "failure-" + screenshot), FullPage = true });
            output.WriteLine(string.Join('\n', fixture.BrowserLog));
            throw;
        }
        finally
        {
            await page.Context.CloseBoundedAsync();
        }
    }
}
