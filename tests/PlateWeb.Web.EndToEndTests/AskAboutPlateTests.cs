using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace PlateWeb.Web.EndToEndTests;

/// <summary>
/// Upload a picture, ask the chat about its plate from the result, watch the answer arrive token by
/// token from a real GGUF model through LLamaSharp, and press Stop.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class AskAboutPlateTests(BrowserFixture fixture)
{
    [Fact]
    public async Task UploadAskAboutThePlate_TokensArrive_StopStops()
    {
        var page = await fixture.NewPageAsync();
        var picture = PlatePictures.WriteFrenchPlate(fixture.ScreenshotDirectory, "e2e-chat.png");
        try
        {
            await page.OpenAsync("/");
            var chooser = await page.RunAndWaitForFileChooserAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Choose images" }).ClickAsync());
            await chooser.SetFilesAsync(picture);
            await Expect(page.GetByRole(AriaRole.Img, new() { NameRegex = PlatesRead() })).ToBeVisibleAsync(new() { Timeout = 90_000 });

            // "Ask about this plate" opens the chat with the read as its subject.
            await page.GetByRole(AriaRole.Link, new() { Name = $"Ask about {PlatePictures.PlateText}" }).First.ClickAsync();
            await page.WaitForURLAsync(ChatWithRead());
            await page.WaitForInteractiveAsync();
            await Expect(page.GetByText($"About plate {PlatePictures.PlateText}", new() { Exact = false })).ToBeVisibleAsync();

            var box = page.GetByLabel("Your question");
            await box.FillAsync("When was this plate last seen?");
            await box.PressAsync("Enter");
            // Right after a cold start the circuit can still be attaching the key handler; Enter itself is
            // covered by the keyboard test, this one is about the answer, so Send is the fallback.
            var answers = page.Locator("article.chat-answer");
            try
            {
                await Expect(answers).Not.ToHaveCountAsync(0, new() { Timeout = 10_000 });
            }
            catch (PlaywrightException)
            {
                await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
            }

            // The answer is being written. The answer check lets text out a sentence at a time, once
            // checked, so a one-sentence answer shows nothing until it is whole: Stop is pressed while
            // the model writes, and what was shown, if anything, must stay as it was.
            var answer = answers.Last;
            await Expect(answer.GetByText("Writing…")).ToBeVisibleAsync(new() { Timeout = 60_000 });
            var text = answer.Locator(".chat-markdown");
            await page.GetByRole(AriaRole.Button, new() { Name = "Stop" }).ClickAsync();
            await Expect(answer.GetByText("Stopped.")).ToBeVisibleAsync(new() { Timeout = 15_000 });
            // The grounded facts are listed under the answer as its sources.
            await Expect(answer.GetByRole(AriaRole.Region, new() { Name = "Sources" })).ToContainTextAsync(PlatePictures.PlateText);
            async Task<string> Shown() => await text.CountAsync() == 0 ? "" : await text.InnerTextAsync();
            var stopped = await Shown();
            await page.WaitForTimeoutAsync(1000);
            Assert.Equal(stopped, await Shown());
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Send" })).ToBeVisibleAsync();
            await page.ScreenshotAsync(new() { Path = Path.Combine(fixture.ScreenshotDirectory, "chat-stopped.png"), FullPage = true });
        }
        catch
        {
            await page.ScreenshotAsync(new() { Path = Path.Combine(fixture.ScreenshotDirectory, "chat-failure.png"), FullPage = true });
            throw;
        }
        finally
        {
            await page.Context.CloseBoundedAsync();
        }
    }

    // The other tests may have uploaded the same picture first: an identical upload is recognised and
    // shown under the name it was first stored with.
    [GeneratedRegex("^Plates read in e2e-[a-z]+\\.png")]
    private static partial Regex PlatesRead();

    [GeneratedRegex(@"/chat\?read=\d+$")]
    private static partial Regex ChatWithRead();
}
