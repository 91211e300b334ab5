namespace PlateWeb.Chat.Tests.Grounding.Query;

/// <summary>"How many different plates?": distinct plates, not reads.</summary>
public sealed class DistinctPlatesAggregateTests(HistoryFixture fixture) : IClassFixture<HistoryFixture>
{
    [Theory]
    [InlineData("How many different plates last week?", "en", "3 different plates were seen between 2026-11-16 and 2026-11-22 [1].")]
    [InlineData("Combien de plaques différentes la semaine dernière ?", "fr", "3 plaques différentes ont été vues entre le 2026-11-16 et le 2026-11-22 [1].")]
    public async Task Period_DistinctPlatesOfThePeriod(string question, string language, string answer)
    {
        var grounded = await fixture.History.AskAsync(question);

        Assert.Equal(("distinct_plates", language), (grounded.Intent, grounded.Language));
        Assert.Equal(["count: 3 plates"], grounded.Facts.Select(f => f.Line).ToArray());
        Assert.Equal(answer, grounded.Answer);
    }

    [Theory]
    [InlineData("How many distinct French plates?", "count: 4 plates from FR (France)", "4 different plates were seen [1].")]
    [InlineData("Combien de plaques françaises différentes ?", "count: 4 plates from FR (France)", "4 plaques différentes ont été vues [1].")]
    [InlineData("How many unique plates?", "count: 9 plates", "9 different plates were seen [1].")]
    public async Task WithCountryOrAllTime(string question, string fact, string answer)
    {
        var grounded = await fixture.History.AskAsync(question);

        Assert.Equal([fact], grounded.Facts.Select(f => f.Line).ToArray());
        Assert.Equal(answer, grounded.Answer);
    }
}
