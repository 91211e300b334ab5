using Microsoft.Playwright;

namespace PlateWeb.Web.EndToEndTests;

internal static class PageExtensions
{
    /// <summary>Opens a page and waits for its Blazor circuit, so clicks reach the server.</summary>
    public static async Task OpenAsync(this IPage page, string path)
    {
        await page.GotoAsync(path);
        await page.WaitForInteractiveAsync();
    }

    /// <summary>
    /// Closes a test's browser context, but waits 30 s at most: Playwright's close has no timeout of its own, and a
    /// context that never closed once held a whole CI run for 15 minutes after its test had done its work (the test
    /// host was killed as hung). Left open, the context goes with the browser at the end of the run.
    /// </summary>
    public static async Task CloseBoundedAsync(this IBrowserContext context)
    {
        try
        {
            await context.CloseAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            Console.Error.WriteLine("PageExtensions: a browser context did not close within 30 s; left to the browser");
        }
    }

    public static Task WaitForInteractiveAsync(this IPage page) =>
        page.Locator("[data-circuit=interactive]").WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });

    /// <summary>
    /// Clicks a menu's button until its item shows, then clicks the item. After a full reload the prerendered button is
    /// on screen before the circuit can open the menu (and the previous page's interactive mark may still be seen), so a
    /// first click on a loaded machine can do nothing.
    /// </summary>
    public static async Task ChooseFromMenuAsync(this IPage page, ILocator button, ILocator item)
    {
        var deadline = DateTime.UtcNow.AddSeconds(45);
        while (true)
        {
            await page.WaitForInteractiveAsync();
            await button.ClickAsync();
            try
            {
                await item.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible, Timeout = 5_000 });
                break;
            }
            catch (TimeoutException) when (DateTime.UtcNow < deadline)
            {
                // The menu did not open: the page was not interactive yet.
            }
        }
        await item.ClickAsync();
    }

    /// <summary>
    /// Types into a field until <paramref name="shows"/> is visible. Right after an in-app link the page's heading can be
    /// on screen before its circuit renders it again, and what was typed into the first render is lost with it.
    /// </summary>
    public static async Task FillUntilShownAsync(this IPage page, ILocator field, string text, ILocator shows)
    {
        var deadline = DateTime.UtcNow.AddSeconds(45);
        while (true)
        {
            await page.WaitForInteractiveAsync();
            // Emptied first: typing the text the field already holds changes nothing, so a search that was
            // lost (or answered before the data was there) would never run again.
            await field.FillAsync("");
            await field.FillAsync(text);
            try
            {
                await shows.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible, Timeout = 5_000 });
                return;
            }
            catch (TimeoutException) when (DateTime.UtcNow < deadline)
            {
                // The text went with the first render, or its search ran too early: type it again.
            }
        }
    }

    /// <summary>
    /// Visible form fields without a name for assistive technology (no &lt;label&gt;, aria-label,
    /// aria-labelledby or title), as short HTML snippets; empty when every field is labelled.
    /// </summary>
    public static Task<string[]> UnlabelledFieldsAsync(this IPage page) => page.EvaluateAsync<string[]>("""
        () => [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
            .filter(e => e.offsetParent !== null)
            .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby') && !e.title)
            .map(e => e.outerHTML.slice(0, 160))
        """);

    /// <summary>True when nothing is wider than the window (no sideways scrolling of the whole page).</summary>
    public static Task<bool> FitsTheWidthAsync(this IPage page) =>
        page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth");
}
