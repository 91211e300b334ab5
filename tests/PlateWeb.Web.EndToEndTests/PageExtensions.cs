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

    /// <summary>True when nothing is wider than the window (no sideways scrolling of the whole page).</summary>
    public static Task<bool> FitsTheWidthAsync(this IPage page) =>
        page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth");
}
