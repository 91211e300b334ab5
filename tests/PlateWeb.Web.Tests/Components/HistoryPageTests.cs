using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PlateWeb.Data;
using PlateWeb.Data.Storage;
using PlateWeb.Recognition.Grammar;
using PlateWeb.Web.Features.History;

namespace PlateWeb.Web.Tests.Components;

public sealed class HistoryPageTests : MudTestContext
{
    private readonly FakeReadQueries _queries = new(
    [
        new ReadRow(1, 1, "AB-123-CD", null, 0.62f, "FR", "FR-SIV", new DateTime(2026, 1, 2, 3, 4, 0, DateTimeKind.Utc), "car.jpg",
            PlateLeft: 100, PlateTop: 200, PlateRight: 300, PlateBottom: 250, ImageWidth: 1280, ImageHeight: 960),
        new ReadRow(2, 2, "M-AB 1234", null, 0.71f, "DE", "DE", new DateTime(2026, 1, 3, 3, 4, 0, DateTimeKind.Utc), "auto.png"),
    ]);

    public HistoryPageTests()
    {
        Services.AddSingleton<IReadQueries>(_queries);
        // The page deletes through the store; these tests never delete, so it gets no database.
        Services.AddSingleton(new PlateStore(new NoDatabase(), Options.Create(new DataOptions()), TimeProvider.System, NullLogger<PlateStore>.Instance));
        Services.AddSingleton(new BulkReads(new NoDatabase(), TimeProvider.System));
    }

    [Fact]
    public void HistoryPage_EachRowShowsItsPlateCroppedFromThePicture()
    {
        var page = Render<HistoryPage>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("a.history-thumb").Count));
        var thumb = page.FindAll("a.history-thumb").Single(a => a.GetAttribute("href") == "images/1");
        // PlateCrop's viewBox: the plate with a margin of 30 % of its height, over the whole 1280 x 960 picture.
        Assert.Equal("85 185 230 80", thumb.QuerySelector("svg")?.GetAttribute("viewBox"));
        Assert.Equal("images/1", thumb.QuerySelector("image")?.GetAttribute("href"));
        Assert.Equal("1280", thumb.QuerySelector("image")?.GetAttribute("width"));
        Assert.Equal("The picture of AB-123-CD (car.jpg)", thumb.GetAttribute("aria-label"));
        // A row without its plate's place keeps the file name.
        Assert.Equal("auto.png", page.FindAll("a.history-thumb").Single(a => a.GetAttribute("href") == "images/2").TextContent.Trim());
    }

    [Fact]
    public void HistoryPage_FiltersInTheAddress_AreTheGridsFilters()
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo("/history?q=AB1&country=FR&min=0.8&from=2026-01-02&to=2026-01-03&notaplate=true");
        var page = Render<HistoryPage>();

        page.WaitForAssertion(() => Assert.NotNull(_queries.LastQuery));
        var query = _queries.LastQuery!;
        Assert.Equal(("AB1", "FR", 0.8f, true), (query.Search, query.Country, query.MinConfidence, query.NotAPlate));
        Assert.Equal((new DateTime(2026, 1, 2), new DateTime(2026, 1, 4)), (query.From, query.To));
        Assert.Equal("AB1", page.Find("input").GetAttribute("value"));
    }

    [Fact]
    public void HistoryPage_UnusableFiltersInTheAddress_AreIgnoredAndNamed()
    {
        var filter = HistoryFilter.FromUrl(new string('A', 40), "DE", "abc", "yesterday", "2026-01-03", null, null, out var ignored);

        Assert.Equal(["q", "min", "from"], ignored);
        Assert.Equal(new HistoryFilter(Country: "DE", To: new DateTime(2026, 1, 3)), filter);
        Services.GetRequiredService<NavigationManager>().NavigateTo("/history?min=abc");
        var page = Render<HistoryPage>();
        page.WaitForAssertion(() => Assert.Contains("M-AB 1234", page.Markup, StringComparison.Ordinal));
        Assert.Null(_queries.LastQuery!.MinConfidence);
    }

    [Fact]
    public async Task HistoryPage_ChangingAFilter_WritesItInTheAddress()
    {
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo("/history?min=0.5");
        JSInterop.SetupVoid("history.replaceState", _ => true);
        var page = Render<HistoryPage>();
        page.WaitForAssertion(() => Assert.Contains("M-AB 1234", page.Markup, StringComparison.Ordinal));

        await page.Find("input").InputAsync(new() { Value = "A8I23CD" });

        // Rewritten in place (history.replaceState): a navigation would close a details dialog opened meanwhile.
        page.WaitForAssertion(() => Assert.Single(JSInterop.Invocations["history.replaceState"]), TimeSpan.FromSeconds(5));
        var address = new Uri((string)JSInterop.Invocations["history.replaceState"][0].Arguments[2]!);
        Assert.Equal(("/history", "?min=0.5&q=A8I23CD"), (address.AbsolutePath, address.Query));
        Assert.Equal("/history?q=A8I23CD&country=FR&min=0.8&from=2026-01-02&notaplate=true",
            navigation.GetUriWithQueryParameters("/history", new HistoryFilter("A8I23CD", "FR", 0.8f, new DateTime(2026, 1, 2), NotAPlate: true).UrlParameters()));
    }

    [Fact]
    public void HistoryPage_CameraInTheAddress_FiltersTheGridAndTheExports()
    {
        Services.AddSingleton<PlateWeb.Data.Sightings.ICameraDirectory>(new Cameras([new(3, "Gate"), new(5, "Exit")]));
        Services.GetRequiredService<NavigationManager>().NavigateTo("/history?camera=3");

        var page = Render<HistoryPage>();

        page.WaitForAssertion(() => Assert.Equal(3, _queries.LastQuery?.CameraId));
        Assert.Contains(page.FindAll("a"), a => a.GetAttribute("href") == "history/export.csv?camera=3");
        Assert.Contains(page.FindAll("a"), a => a.GetAttribute("href") == "history/export.json?camera=3");
        Assert.Contains(page.FindAll("label"), l => l.TextContent.Trim() == "Camera");
        Assert.Contains(page.FindAll("input"), i => i.GetAttribute("value") == "Gate");
        Assert.Equal("/history?camera=3", Services.GetRequiredService<NavigationManager>().GetUriWithQueryParameters("/history", new HistoryFilter(Camera: 3).UrlParameters()));
    }

    [Fact]
    public void HistoryPage_NoCamera_NoCameraFilter()
    {
        Services.AddSingleton<PlateWeb.Data.Sightings.ICameraDirectory>(new Cameras([]));

        var page = Render<HistoryPage>();

        page.WaitForAssertion(() => Assert.Contains("M-AB 1234", page.Markup, StringComparison.Ordinal));
        Assert.DoesNotContain(page.FindAll("label"), l => l.TextContent.Trim() == "Camera");
    }

    [Theory]
    [InlineData("3", 3, new string[0])]
    [InlineData("gate", null, new[] { "camera" })]
    [InlineData("-1", null, new[] { "camera" })]
    public void HistoryFilter_CameraFromTheAddress(string camera, int? expected, string[] bad)
    {
        var filter = HistoryFilter.FromUrl(null, null, null, null, null, null, camera, out var ignored);

        Assert.Equal(expected, filter.Camera);
        Assert.Equal(bad, ignored);
        Assert.Equal(expected, filter.ToQuery(TimeZoneInfo.Utc).CameraId);
    }

    private sealed class Cameras(IReadOnlyList<PlateWeb.Data.Sightings.CameraRef> cameras) : PlateWeb.Data.Sightings.ICameraDirectory
    {
        public Task<IReadOnlyList<PlateWeb.Data.Sightings.CameraRef>> ListAsync(CancellationToken ct) => Task.FromResult(cameras);
    }

    [Fact]
    public void HistoryPage_ChartsToggle_IsRememberedInLocalStorage()
    {
        JSInterop.Setup<string?>("localStorage.getItem", HistoryPage.ChartsKey).SetResult("hidden");
        var stored = JSInterop.SetupVoid("localStorage.setItem", HistoryPage.ChartsKey, "shown");

        var page = Render<HistoryPage>();

        page.WaitForAssertion(() => Assert.Contains("Show charts", page.Markup, StringComparison.Ordinal));
        Assert.DoesNotContain("Reads per country", page.Markup, StringComparison.Ordinal);
        page.FindAll("button").Single(b => b.TextContent.Trim() == "Show charts").Click();
        page.WaitForAssertion(() => Assert.Contains("Reads per country", page.Markup, StringComparison.Ordinal));
        Assert.Single(stored.Invocations);
    }

    [Fact]
    public void HistoryPage_Renders_SeededReads()
    {
        var page = Render<HistoryPage>();

        page.WaitForAssertion(() =>
        {
            Assert.Contains("AB-123-CD", page.Markup, StringComparison.Ordinal);
            Assert.Contains("M-AB 1234", page.Markup, StringComparison.Ordinal);
        });
        Assert.Contains("Search plate text", page.Markup, StringComparison.Ordinal);
        Assert.Equal(0, _queries.LastQuery!.Skip);
        Assert.Contains(page.FindAll("a"), a => a.GetAttribute("href") == "history/export.csv");
        Assert.Contains("Reads per country", page.Markup, StringComparison.Ordinal);
        Assert.Contains(page.FindAll("[aria-label]"), e => e.GetAttribute("aria-label") == "FR: 1 reads");
    }

    [Fact]
    public void HistoryPage_Viewer_SeesNoDeleteNorExport()
    {
        Auth.SetAuthorized("viewer");
        Auth.SetRoles(PlateWeb.Web.Features.Account.Roles.Viewer);
        Auth.SetPolicies();

        var page = Render<HistoryPage>();

        page.WaitForAssertion(() => Assert.Contains("AB-123-CD", page.Markup, StringComparison.Ordinal));
        Assert.DoesNotContain(page.FindAll("a"), a => a.GetAttribute("href")?.StartsWith("history/export", StringComparison.Ordinal) == true);
        Assert.DoesNotContain(page.FindAll("button[aria-label]"), b => b.GetAttribute("aria-label")!.StartsWith("Delete", StringComparison.Ordinal));
        // No row to tick: the bulk actions are for admins.
        Assert.Empty(page.FindAll(".history-select"));
    }

    [Fact]
    public async Task HistoryPage_Search_AsksForTheTypedText()
    {
        var page = Render<HistoryPage>();
        page.WaitForAssertion(() => Assert.Contains("M-AB 1234", page.Markup, StringComparison.Ordinal));

        await page.Find("input").InputAsync(new() { Value = "A8I23CD" });

        page.WaitForAssertion(() =>
        {
            Assert.Equal("A8I23CD", _queries.LastQuery!.Search);
            Assert.DoesNotContain("M-AB 1234", page.Markup, StringComparison.Ordinal);
            Assert.Contains("AB-123-CD", page.Markup, StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task HistoryPage_TextTypedWhileThePageRendersAgain_IsKeptAndSearched()
    {
        // The charts' figures arrive after the first render and render the page again, possibly inside the search
        // box's 300 ms pause: the box keeps what was typed, and the search runs with it.
        var page = Render<HistoryPage>();
        page.WaitForAssertion(() => Assert.Contains("M-AB 1234", page.Markup, StringComparison.Ordinal));

        await page.Find("input").InputAsync(new() { Value = "A8I23CD" });
        page.Render();

        Assert.Equal("A8I23CD", page.Find("input").GetAttribute("value"));
        page.WaitForAssertion(() => Assert.Equal("A8I23CD", _queries.LastQuery!.Search), TimeSpan.FromSeconds(5));
        Assert.Equal("A8I23CD", page.Find("input").GetAttribute("value"));
    }

    [Fact]
    public async Task HistoryPage_SearchLongerThanAPlate_SaysSoAndDoesNotQuery()
    {
        var page = Render<HistoryPage>();
        page.WaitForAssertion(() => Assert.Contains("M-AB 1234", page.Markup, StringComparison.Ordinal));
        var queriesBefore = _queries.Searches;

        await page.Find("input").InputAsync(new() { Value = new string('A', 40) });

        page.WaitForAssertion(() => Assert.Contains("at most 32 letters and digits", page.Markup, StringComparison.Ordinal), TimeSpan.FromSeconds(5));
        Assert.Equal(queriesBefore, _queries.Searches);
        Assert.Null(_queries.LastQuery!.Search);
        Assert.Contains("M-AB 1234", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void HistoryPage_Paris_ShowsReadTimesInTheUsersZone()
    {
        // 23:30 UTC on 1 January is 00:30 on 2 January in Paris.
        _queries.Rows = [new ReadRow(3, 3, "GH-456-JK", null, 0.9f, "FR", "FR-SIV", new DateTime(2026, 1, 1, 23, 30, 0), "night.jpg")];
        Services.GetRequiredService<PlateWeb.Web.Features.TimeZones.UserClock>().Use("Europe/Paris");
        var culture = System.Globalization.CultureInfo.CurrentCulture;
        System.Globalization.CultureInfo.CurrentCulture = System.Globalization.CultureInfo.GetCultureInfo("fr-FR");
        IRenderedComponent<HistoryPage> page;
        try
        {
            page = Render<HistoryPage>();
            page.WaitForAssertion(() => Assert.Contains("GH-456-JK", page.Markup, StringComparison.Ordinal));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = culture;
        }

        var time = page.Find("time");
        Assert.Equal("02/01/2026 00:30", time.TextContent);
        Assert.Equal("2026-01-02T00:30:00+01:00", time.GetAttribute("datetime"));
        Assert.Equal("UTC+01:00", time.GetAttribute("title"));
        Assert.Contains("Read at (Europe/Paris)", page.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("(UTC)", page.Markup, StringComparison.Ordinal);
        Assert.Equal("Europe/Paris", _queries.StatsZone!.Id);
    }

    [Fact]
    public void HistoryPage_NoZone_ShowsUtc()
    {
        _queries.Rows = [new ReadRow(3, 3, "GH-456-JK", null, 0.9f, "FR", "FR-SIV", new DateTime(2026, 1, 1, 23, 30, 0), "night.jpg")];

        var page = Render<HistoryPage>();

        page.WaitForAssertion(() => Assert.Contains("GH-456-JK", page.Markup, StringComparison.Ordinal));
        Assert.Equal("2026-01-01T23:30:00Z", page.Find("time").GetAttribute("datetime"));
        Assert.Contains("Read at (UTC)", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void HistoryFilter_Days_AreTheUsersLocalDays()
    {
        var paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
        var auckland = TimeZoneInfo.FindSystemTimeZoneById("Pacific/Auckland");
        var filter = new HistoryFilter(From: new DateTime(2026, 1, 2), To: new DateTime(2026, 1, 2));

        var inParis = filter.ToQuery(paris);
        var inAuckland = filter.ToQuery(auckland);
        var inUtc = filter.ToQuery(TimeZoneInfo.Utc);

        Assert.Equal((new DateTime(2026, 1, 1, 23, 0, 0), new DateTime(2026, 1, 2, 23, 0, 0)), (inParis.From, inParis.To));
        // Auckland is at UTC+13 in January: its 2 January starts at 11:00 UTC on 1 January.
        Assert.Equal((new DateTime(2026, 1, 1, 11, 0, 0), new DateTime(2026, 1, 2, 11, 0, 0)), (inAuckland.From, inAuckland.To));
        Assert.Equal((new DateTime(2026, 1, 2), new DateTime(2026, 1, 3)), (inUtc.From, inUtc.To));
    }

    private sealed class FakeReadQueries(IReadOnlyList<ReadRow> rows) : IReadQueries
    {
        public IReadOnlyList<ReadRow> Rows { get => rows; set => rows = value; }

        public ReadQuery? LastQuery { get; private set; }

        public int Searches { get; private set; }

        public Task<ReadPage> SearchAsync(ReadQuery query, CancellationToken ct)
        {
            LastQuery = query;
            Searches++;
            var hits = Hits(query);
            return Task.FromResult(new ReadPage(hits.Skip(query.Skip).Take(query.Take).ToList(), hits.Count));
        }

        public Task<(int Images, int Reads)> CountAsync(CancellationToken ct) => Task.FromResult((rows.Count, rows.Count));

        public Task<IReadOnlyList<string>> CountriesAsync(CancellationToken ct) =>
            Task.FromResult<IReadOnlyList<string>>(rows.Select(r => r.Country!).Distinct().ToList());

        public IAsyncEnumerable<ReadRow> ExportAsync(ReadQuery query, CancellationToken ct) => rows.ToAsyncEnumerable();

        public TimeZoneInfo? StatsZone { get; private set; }

        public Task<HistoryStats> StatsAsync(ReadQuery query, int days, int top, TimeZoneInfo zone, CancellationToken ct)
        {
            StatsZone = zone;
            return Task.FromResult(new HistoryStats(
                [new LabelCount("2026-01-02", 1), new LabelCount("2026-01-03", 1)],
                Hits(query).GroupBy(r => r.Country!).Select(g => new LabelCount(g.Key, g.Count())).ToList(),
                Hits(query).Select(r => new LabelCount(r.Text, 1)).ToList()));
        }

        private List<ReadRow> Hits(ReadQuery query)
        {
            var skeleton = PlateGrammar.Skeleton(query.Search ?? string.Empty);
            return rows.Where(r => PlateGrammar.Skeleton(r.Text).Contains(skeleton, StringComparison.Ordinal)).ToList();
        }
    }

    private sealed class NoDatabase : IDbContextFactory<PlateDbContext>
    {
        public PlateDbContext CreateDbContext() => throw new InvalidOperationException("These tests use no database.");
    }
}
