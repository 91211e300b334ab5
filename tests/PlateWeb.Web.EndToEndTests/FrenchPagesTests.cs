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
            foreach (var path in new[] { "/", "/history", "/chat", "/about", "/account/users", "/settings/api-keys", "/audit" })
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
            await page.Context.CloseAsync();
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
