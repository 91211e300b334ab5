using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace PlateWeb.Web.EndToEndTests;

/// <summary>
/// History in the browser over 100 000 reads (seeded as `platectl bench-history` seeds them, in an app of its own):
/// how soon it is interactive with its first page of rows, and how soon a search and a filtered address answer.
/// Figures for docs/PERFORMANCE.md (screenshots/history-100k-timings.md and the test output), not a timed test:
/// what it asserts is that the page gets there with the right counts.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class HistoryAt100kTests(BrowserFixture fixture, ITestOutputHelper output)
{
    private const int Reads = 100_000;
    private const int Runs = 3;

    [Fact]
    public async Task History_At100000Reads_BecomesInteractiveWithItsRows_FiguresWritten()
    {
        IReadOnlyList<PlateWeb.Cli.SeededPlate> seeded = [];
        await using var app = await AppServer.StartAsync(async data =>
        {
            var options = new PlateWeb.Data.DataOptions { DataDirectory = data };
            await PlateWeb.Data.Storage.StandaloneData.OpenAsync(options, NullLoggerFactory.Instance, CancellationToken.None);
            seeded = await PlateWeb.Cli.BenchHistorySeeder.SeedAsync(options.DatabasePath, Reads, seed: 16, CancellationToken.None);
            SqliteConnection.ClearAllPools();
        });
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.BaseAddress.ToString(),
            Locale = "en-US",
            ViewportSize = new ViewportSize { Width = 1366, Height = 768 },
        });
        context.SetDefaultTimeout(60_000);
        var page = await context.NewPageAsync();
        var table = new StringBuilder("| History, 100 000 reads | median of 3, ms | runs, ms |\n|---|---:|---|\n");
        try
        {
            await BrowserFixture.SignInAsync(page);
            var pager = page.GetByText(PagerTotal());

            // Open: from the navigation's start to an interactive circuit with the first 25 rows and the total shown.
            var open = new List<double>();
            for (var run = 0; run < Runs; run++)
            {
                await page.GotoAsync("/history");
                await page.WaitForInteractiveAsync();
                await Expect(pager).ToBeVisibleAsync();
                await Expect(page.Locator(".history-grid tbody tr")).ToHaveCountAsync(25);
                open.Add(await page.EvaluateAsync<double>("() => performance.now()"));
            }
            Row(table, "open `/history`: interactive, first page and total shown", open);

            // A filtered address, as a shared link opens it.
            var plate = seeded[seeded.Count / 2].Text;
            var search = Uri.EscapeDataString(PlateWeb.Recognition.Grammar.PlateGrammar.Normalize(plate));
            var link = new List<double>();
            for (var run = 0; run < Runs; run++)
            {
                await page.GotoAsync($"/history?q={search}&from=2000-01-01");
                await page.WaitForInteractiveAsync();
                await Expect(page.GetByText(FewFound())).ToBeVisibleAsync();
                await Expect(page.GetByRole(AriaRole.Button, new() { NameRegex = DetailsButton() }).First).ToBeVisibleAsync();
                link.Add(await page.EvaluateAsync<double>("() => performance.now()"));
            }
            Row(table, "open a filtered address (plate search + date): its row shown", link);

            // A search typed on the open page: from the last key to the row (includes the box's 300 ms debounce).
            var typed = new List<double>();
            for (var run = 0; run < Runs; run++)
            {
                await page.GotoAsync("/history");
                await page.WaitForInteractiveAsync();
                await Expect(pager).ToBeVisibleAsync();
                var started = DateTime.UtcNow;
                await page.GetByLabel("Search plate text").FillAsync(PlateWeb.Recognition.Grammar.PlateGrammar.Normalize(plate));
                await Expect(page.GetByText(FewFound())).ToBeVisibleAsync();
                typed.Add((DateTime.UtcNow - started).TotalMilliseconds);
            }
            Row(table, "type a plate on the open page: its row shown (300 ms debounce included)", typed);
            await page.ScreenshotAsync(new() { Path = Path.Combine(fixture.ScreenshotDirectory, "history-100k.png") });
        }
        catch
        {
            await page.ScreenshotAsync(new() { Path = Path.Combine(fixture.ScreenshotDirectory, "failure-history-100k.png"), FullPage = true });
            output.WriteLine(app.Log);
            throw;
        }
        finally
        {
            await context.CloseBoundedAsync();
        }
        var text = table.ToString();
        output.WriteLine(text);
        await File.WriteAllTextAsync(Path.Combine(fixture.ScreenshotDirectory, "history-100k-timings.md"), text);
    }

    private static void Row(StringBuilder table, string what, List<double> runs)
    {
        var median = runs.Order().ToArray()[runs.Count / 2];
        table.Append(CultureInfo.InvariantCulture, $"| {what} | {median:0} | {string.Join(", ", runs.Select(r => r.ToString("0", CultureInfo.InvariantCulture)))} |\n");
    }

    // The seeded plate and its few look-alikes (a corrected read shows its correction, so its text is not asked for).
    [GeneratedRegex(@"^1-\d{1,3} of \d{1,3}$")]
    private static partial Regex FewFound();

    [GeneratedRegex(@"^Details of ")]
    private static partial Regex DetailsButton();

    // "1-25 of 100000" (MudBlazor's pager, whatever its number format).
    [GeneratedRegex(@"^1-25 of 100[,.  ]?000$")]
    private static partial Regex PagerTotal();
}
