namespace PlateWeb.Chat.Tests.Grounding.Query;

/// <summary>"Which American plates do we have?": the country is a filter of the list, and the facts name the plates.</summary>
public sealed class CountryListTests(HistoryFixture fixture) : IClassFixture<HistoryFixture>
{
    [Theory]
    [InlineData("Which American plates do we have?", "en", "United States")]
    [InlineData("Quelles plaques américaines avons-nous ?", "fr", "États-Unis")]
    [InlineData("Show me the plates from the USA", "en", "United States")]
    public async Task Country_ListsThatCountrysReads(string question, string language, string name)
    {
        var grounded = await fixture.History.AskAsync(question);

        Assert.Equal(("list", language), (grounded.Intent, grounded.Language));
        Assert.Equal([$"read #11: 7ABC123 at 2026-11-20 22:10, country US ({name}), confidence 90%"], grounded.Facts.Select(f => f.Line).ToArray());
    }

    [Theory]
    [InlineData("Which Dutch plates do we have?", "en", "count: 0 reads from NL (Netherlands)")]
    [InlineData("Quelles plaques néerlandaises avons-nous ?", "fr", "count: 0 reads from NL (Pays-Bas)")]
    public async Task CountryNeverSeen_CountsZeroFromIt(string question, string language, string fact)
    {
        var grounded = await fixture.History.AskAsync(question);

        Assert.Equal(language, grounded.Language);
        Assert.Equal([fact], grounded.Facts.Select(f => f.Line).ToArray());
    }
}
