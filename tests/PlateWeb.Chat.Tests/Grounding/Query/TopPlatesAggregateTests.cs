namespace PlateWeb.Chat.Tests.Grounding.Query;

/// <summary>"3 most frequent plates", "which plate was seen the least": plates ranked by reads over the scope.</summary>
public sealed class TopPlatesAggregateTests(HistoryFixture fixture) : IClassFixture<HistoryFixture>
{
    [Theory]
    [InlineData("What are the 3 most frequent plates?", "en", "The most frequent plates were AB-123-CD (4 times) [1], B-MW 1234 (twice) [2], GH-456-JK (once) [3].")]
    [InlineData("Quelles sont les 3 plaques les plus vues ?", "fr", "Les plaques les plus fréquentes ont été AB-123-CD (4 fois) [1], B-MW 1234 (deux fois) [2], GH-456-JK (une fois) [3].")]
    public async Task TopK_MostReadsFirst(string question, string language, string answer)
    {
        var grounded = await fixture.History.AskAsync(question);

        Assert.Equal(("top_plates", language), (grounded.Intent, grounded.Language));
        Assert.Equal(["plate AB-123-CD: 4 reads", "plate B-MW 1234: 2 reads", "plate GH-456-JK: 1 read"], grounded.Facts.Select(f => f.Line).ToArray());
        Assert.Equal(answer, grounded.Answer);
    }

    [Theory]
    [InlineData("Which plate was seen the most?", "en", "The most frequent plate was AB-123-CD (4 times) [1].")]
    [InlineData("Quelle plaque a-t-on vue le plus souvent ?", "fr", "La plaque la plus fréquente a été AB-123-CD (4 fois) [1].")]
    public async Task Singular_OnePlate(string question, string language, string answer)
    {
        var grounded = await fixture.History.AskAsync(question);

        Assert.Equal(language, grounded.Language);
        Assert.Equal(["plate AB-123-CD: 4 reads"], grounded.Facts.Select(f => f.Line).ToArray());
        Assert.Equal(answer, grounded.Answer);
    }

    [Theory]
    [InlineData("Which plate was seen the least this week?", "en", "The least frequent plate between 2026-11-23 and 2026-11-29 was GH-456-JK (once) [1].")]
    [InlineData("Quelle plaque est la moins vue cette semaine ?", "fr", "La plaque la moins fréquente entre le 2026-11-23 et le 2026-11-29 a été GH-456-JK (une fois) [1].")]
    public async Task Least_FewestReadsFirst(string question, string language, string answer)
    {
        var grounded = await fixture.History.AskAsync(question);

        Assert.Equal(language, grounded.Language);
        Assert.Equal(answer, grounded.Answer);
    }

    [Fact]
    public async Task MostCommonCountry_StaysACountryTally()
    {
        var grounded = await fixture.History.AskAsync("What is the most common country?");

        Assert.Equal("country", grounded.Intent);
    }
}
