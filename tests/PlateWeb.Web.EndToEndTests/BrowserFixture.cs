using Microsoft.Playwright;

namespace PlateWeb.Web.EndToEndTests;

/// <summary>One running app and one headless Debian Chromium for all end-to-end tests; each test opens its own context (cookies, viewport).</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>Debian's package; Playwright never downloads a browser here.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public AppServer App { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Screenshots land in the test output folder (bin/…/screenshots).</summary>
    public string ScreenshotDirectory { get; } = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;

    public async Task InitializeAsync()
    {
        // The driver ships inside the NuGet package; these make sure it never tries to fetch a browser.
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        if (!File.Exists(ChromiumPath)) throw new InvalidOperationException($"{ChromiumPath} is missing: scripts/setup.sh installs Debian's chromium.");

        App = await AppServer.StartAsync();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic",
            ],
        });
    }

    /// <summary>What the browsers said (console, failed requests, navigations), for a failing test's output.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> BrowserLog { get; } = new();

    /// <param name="signIn">False: a visitor who has not signed in (the sign-in page's own tests).</param>
    /// <param name="timeZone">The browser's IANA zone (Intl); null: the machine's.</param>
    public async Task<IPage> NewPageAsync(string locale = "en-US", int width = 1280, int height = 900, bool signIn = true, string? timeZone = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = App.BaseAddress.ToString(),
            Locale = locale,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            AcceptDownloads = true,
            TimezoneId = timeZone,
        });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        page.Console += (_, message) => BrowserLog.Enqueue($"console {message.Type}: {message.Text}");
        page.RequestFailed += (_, request) => BrowserLog.Enqueue($"request failed: {request.Method} {request.Url} {request.Failure}");
        page.FrameNavigated += (_, frame) => BrowserLog.Enqueue($"navigated: {frame.Url}");
        if (signIn) await SignInAsync(page);
        return page;
    }

    /// <summary>Signs in through the real login form (the app asks for it on every page), as the admin the server was started with.</summary>
    internal static async Task SignInAsync(IPage page)
    {
        await page.GotoAsync("/");
        await page.WaitForURLAsync("**/account/login**");
        await page.Locator("#userName").FillAsync(AppServer.AdminUser);
        await page.Locator("#password").FillAsync(AppServer.AdminPassword);
        await page.Locator("#password").PressAsync("Enter");
        await page.WaitForURLAsync(url => !url.Contains("/account/", StringComparison.Ordinal));
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            try
            {
                // Bounded: a browser that does not close must not hold the whole test run.
                await Browser.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
            }
            catch (TimeoutException)
            {
                Console.Error.WriteLine("BrowserFixture: Chromium did not close within 30 s");
            }
        }
        _playwright?.Dispose();
        if (App is not null) await App.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
