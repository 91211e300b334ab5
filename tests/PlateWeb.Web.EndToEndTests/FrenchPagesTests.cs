using System.Xml.Linq;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace PlateWeb.Web.EndToEndTests;

/// <summary>
/// Every page in French, as a French browser sees it: no sentence of the app's English resources
/// may show (a missing translation, or text written in English in a component).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class FrenchPagesTests(BrowserFixture fixture, ITestOutputHelper output)
{
    [System.Text.RegularExpressions.GeneratedRegex(@"\d (KB|MB|GB|TB)\b")]
    private static partial System.Text.RegularExpressions.Regex EnglishUnits();

    [Fact]
    public async Task EveryPageInFrench_ShowsNoEnglishSentenceOfTheApp()
    {
        var english = EnglishSentences();
        Assert.True(english.Count > 100, $"only {english.Count} English sentences found: is the resource folder right?");
        var page = await fixture.NewPageAsync(locale: "fr-FR");
        var found = new List<string>();
        try
        {
            foreach (var path in new[]
                     {
                         "/", "/history", "/chat", "/about", "/account/users", "/settings/api-keys", "/audit",
                         "/cameras", "/live", "/alerts/watchlists", "/alerts/rules", "/alerts/deliveries", "/alerts/mqtt",
                     })
            {
                await page.OpenAsync(path);
                await page.WaitForTimeoutAsync(300);
                var text = await page.EvaluateAsync<string>("() => document.body.innerText");
                found.AddRange(english.Where(e => text.Contains(e, StringComparison.Ordinal)).Select(e => $"{path}: \"{e}\""));
                // Units too: French writes octets ("4,8 Mo"), and a billion is "Md".
                found.AddRange(EnglishUnits().Matches(text).Select(m => $"{path}: unit \"{m.Value}\""));
                await page.ScreenshotAsync(new() { Path = Path.Combine(fixture.ScreenshotDirectory, $"fr{path.Replace('/', '-')}.png"), FullPage = true });
            }
        }
        finally
        {
            await page.Context.CloseBoundedAsync();
        }
        output.WriteLine(string.Join('\n', found));
        Assert.Empty(found);
    }

    [Fact]
    public async Task HistoryAndChatInFrench_WithReads_ShowNoEnglishSentenceOfTheApp()
    {
        var english = EnglishSentences();
        var page = await fixture.NewPageAsync(locale: "fr-FR");
        var picture = PlatePictures.WriteFrenchPlate(fixture.ScreenshotDirectory, "e2e-fr-data.png");
        var found = new List<string>();
        async Task CollectAsync(string where)
        {
            var text = await page.EvaluateAsync<string>("() => document.body.innerText");
            found.AddRange(english.Where(e => text.Contains(e, StringComparison.Ordinal)).Select(e => $"{where}: \"{e}\""));
            found.AddRange(EnglishUnits().Matches(text).Select(m => $"{where}: unit \"{m.Value}\""));
        }
        try
        {
            await page.OpenAsync("/");
            var chooser = await page.RunAndWaitForFileChooserAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Choisir des images" }).ClickAsync());
            await chooser.SetFilesAsync(picture);
            await Assertions.Expect(page.GetByText(PlatePictures.PlateText).First).ToBeVisibleAsync(new() { Timeout = 90_000 });
            await CollectAsync("/ (a result)");

            // History with a read in it: the grid, its thumbnail and pager, the charts, the selection bar.
            await page.OpenAsync("/history");
            await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = $"Détails de {PlatePictures.PlateText}" }).First).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Lectures par pays" })).ToBeVisibleAsync();
            await page.GetByRole(AriaRole.Checkbox, new() { Name = $"Sélectionner {PlatePictures.PlateText}" }).First.CheckAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = "Lectures sélectionnées" })).ToBeVisibleAsync();
            await CollectAsync("/history (with reads, one selected)");
            await page.ScreenshotAsync(new() { Path = Path.Combine(fixture.ScreenshotDirectory, "fr-history-with-reads.png"), FullPage = true });

            // The chat with an answer and its sources.
            await page.OpenAsync("/chat");
            var box = page.GetByLabel("Votre question");
            await box.FillAsync($"Quand a-t-on vu {PlatePictures.PlateText} ?");
            await box.PressAsync("Enter");
            var answers = page.Locator("article.chat-answer");
            try
            {
                await Assertions.Expect(answers).Not.ToHaveCountAsync(0, new() { Timeout = 10_000 });
            }
            catch (PlaywrightException)
            {
                await page.GetByRole(AriaRole.Button, new() { Name = "Envoyer" }).ClickAsync();
            }
            var sources = answers.Last.GetByRole(AriaRole.Region, new() { Name = "Sources" });
            await Assertions.Expect(sources).ToContainTextAsync(PlatePictures.PlateText, new() { Timeout = 60_000 });
            var stop = page.GetByRole(AriaRole.Button, new() { Name = "Arrêter" });
            if (await stop.IsVisibleAsync()) await stop.ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Envoyer" })).ToBeVisibleAsync(new() { Timeout = 15_000 });
            await CollectAsync("/chat (an answer with sources)");
            await page.ScreenshotAsync(new() { Path = Path.Combine(fixture.ScreenshotDirectory, "fr-chat-with-reads.png"), FullPage = true });
        }
        finally
        {
            await page.Context.CloseBoundedAsync();
        }
        output.WriteLine(string.Join('\n', found));
        Assert.Empty(found);
    }

    /// <summary>
    /// The English values of the web app's resources that differ from their French value and hold at
    /// least two words (single words such as "OK" or "Audit" are the same in both languages); the part
    /// before any placeholder, so that "{0} reads since {1}" is looked for as "reads since".
    /// </summary>
    private static List<string> EnglishSentences()
    {
        var root = AppServer.RepositoryRoot();
        var sentences = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(root, "src", "PlateWeb.Web"), "*.resx", SearchOption.AllDirectories))
        {
            if (file.EndsWith(".fr.resx", StringComparison.Ordinal) || file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)) continue;
            var french = Path.ChangeExtension(file, null) + ".fr.resx";
            if (!File.Exists(french)) continue;
            var fr = Values(french);
            foreach (var (name, value) in Values(file))
            {
                if (fr.TryGetValue(name, out var f) && f == value) continue;
                foreach (var part in value.Split(['{', '}'], StringSplitOptions.RemoveEmptyEntries))
                {
                    var words = part.Trim(' ', ',', '.', ':', '(', ')', '·', '—', '-');
                    if (words.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length >= 2 && !int.TryParse(words, out _)) sentences.Add(words);
                }
            }
        }
        return sentences.ToList();
    }

    private static Dictionary<string, string> Values(string resx) =>
        XDocument.Load(resx).Root!.Elements("data")
            .Where(d => d.Element("value") is not null)
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string)d.Element("value")!);
}
