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

    public static Task WaitForInteractiveAsync(this IPage page) =>
        page.Locator("[data-circuit=interactive]").WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });

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
