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
        new ReadRow(1, 1, "AB-123-CD", null, 0.62f, "FR", "FR-SIV", new DateTime(2026, 1, 2, 3, 4, 0, DateTimeKind.Utc), "car.jpg"),
        new ReadRow(2, 2, "M-AB 1234", null, 0.71f, "DE", "DE", new DateTime(2026, 1, 3, 3, 4, 0, DateTimeKind.Utc), "auto.png"),
    ]);

    public HistoryPageTests()
    {
        Services.AddSingleton<IReadQueries>(_queries);
        // The page deletes through the store; these tests never delete, so it gets no database.
        Services.AddSingleton(new PlateStore(new NoDatabase(), Options.Create(new DataOptions()), TimeProvider.System, NullLogger<PlateStore>.Instance));
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

    private sealed class FakeReadQueries(IReadOnlyList<ReadRow> rows) : IReadQueries
    {
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

        public Task<HistoryStats> StatsAsync(ReadQuery query, int days, int top, CancellationToken ct) => Task.FromResult(new HistoryStats(
            [new LabelCount("2026-01-02", 1), new LabelCount("2026-01-03", 1)],
            Hits(query).GroupBy(r => r.Country!).Select(g => new LabelCount(g.Key, g.Count())).ToList(),
            Hits(query).Select(r => new LabelCount(r.Text, 1)).ToList()));

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
