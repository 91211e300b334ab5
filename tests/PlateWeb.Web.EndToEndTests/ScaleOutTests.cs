using Microsoft.Playwright;
using PlateWeb.Data.Tests;
using static Microsoft.Playwright.Assertions;

namespace PlateWeb.Web.EndToEndTests;

/// <summary>
/// Two web nodes, as a load balancer would spread them: two PlateWeb.Web processes on one PostgreSQL database and
/// one Redis (each its own data folder, so nothing is shared through files). The admin signs in on node B, makes a
/// watchlist and a rule there, is still signed in on node A (one key ring, in the database), uploads a watched plate
/// on node A, and the page open on node B hears the alert.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ScaleOutTests(BrowserFixture fixture)
{
    private const string Plate = "GH-451-TZ";

    [Fact]
    public async Task TwoNodes_UploadOnNodeA_PageOnNodeBSeesTheAlert()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var postgres = await PostgresCluster.StartAsync();
        var database = await postgres.CreateDatabaseAsync("scaleout");
        var settings = new Dictionary<string, string>
        {
            ["Data:Provider"] = "Postgres",
            ["Data:ConnectionString"] = database,
            ["Redis:Connection"] = redis.Connection,
        };
        // One after the other: the first applies the migrations.
        await using var nodeA = await AppServer.StartAsync(settings: settings);
        await using var nodeB = await AppServer.StartAsync(settings: settings);
        try
        {
            await RunAsync(nodeA, nodeB);
        }
        catch (Exception ex) when (ex is PlaywrightException or TimeoutException)
        {
            throw new InvalidOperationException($"Node A:\n{Tail(nodeA.Log)}\nNode B:\n{Tail(nodeB.Log)}\nRedis:\n{Tail(redis.Log)}", ex);
        }
    }

    private async Task RunAsync(AppServer nodeA, AppServer nodeB)
    {
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = nodeB.BaseAddress.ToString(),
            Locale = "en-US",
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        context.SetDefaultTimeout(30_000);
        var admin = await context.NewPageAsync();
        await BrowserFixture.SignInAsync(admin);

        // A list and a rule made on node B: node A's rules are told through Redis to reload.
        await admin.OpenAsync("/alerts/watchlists");
        await admin.GetByLabel("Name").FillAsync("scale-out e2e");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Create the list" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Heading, new() { Name = "Entries of scale-out e2e" })).ToBeVisibleAsync();
        await admin.GetByLabel("Plate or pattern").FillAsync(Plate);
        await admin.GetByLabel("Label").FillAsync("Two nodes");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Add", Exact = true }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Cell, new() { Name = "GH451TZ", Exact = true })).ToBeVisibleAsync();
        await admin.OpenAsync("/alerts/rules");
        await admin.GetByLabel("Name").FillAsync("Scale-out rule");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Create the rule" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Cell, new() { Name = "Scale-out rule", Exact = true })).ToBeVisibleAsync();

        // The page that listens, on node B.
        var watcher = await context.NewPageAsync();
        await watcher.OpenAsync("/history");
        await Expect(watcher.GetByRole(AriaRole.Button, new() { Name = "Alerts (0 new)" })).ToBeVisibleAsync();

        // Node A takes node B's sign-in cookie (browsers do not keep cookies apart by port): the key ring is shared.
        var uploader = await context.NewPageAsync();
        await uploader.GotoAsync(new Uri(nodeA.BaseAddress, "/").ToString());
        Assert.DoesNotContain("/account/login", uploader.Url, StringComparison.Ordinal);
        await uploader.WaitForInteractiveAsync();
        var picture = PlatePictures.WriteFrenchPlate(fixture.ScreenshotDirectory, "e2e-scale-out.png", Plate);
        var chooser = await uploader.RunAndWaitForFileChooserAsync(() => uploader.GetByRole(AriaRole.Button, new() { Name = "Choose images" }).ClickAsync());
        await chooser.SetFilesAsync(picture);
        await Expect(uploader.GetByRole(AriaRole.Img, new() { Name = $"Plates read in e2e-scale-out.png: {Plate}" })).ToBeVisibleAsync(new() { Timeout = 90_000 });

        var snackbar = watcher.Locator(".mud-snackbar").Filter(new() { HasText = Plate });
        await Expect(snackbar).ToContainTextAsync($"Alert: {Plate} seen (upload) · Two nodes · rule Scale-out rule", new() { Timeout = 30_000 });
        await Expect(watcher.GetByRole(AriaRole.Button, new() { Name = "Alerts (1 new)" })).ToBeVisibleAsync();
        await watcher.ScreenshotAsync(new() { Path = Path.Combine(fixture.ScreenshotDirectory, "scale-out-alert-on-node-b.png"), FullPage = true });
        await context.CloseBoundedAsync();
    }

    private static string Tail(string log) => log.Length <= 4000 ? log : log[^4000..];
}
