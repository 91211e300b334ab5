namespace PlateWeb.Chat.Tests.Grounding.Query;

/// <summary>"confidence below / above / at least N %" narrows the reads of any aggregate, as the facts print the percentage.</summary>
public sealed class ConfidenceFilterTests(HistoryFixture fixture) : IClassFixture<HistoryFixture>
{
    private const string Read10 = "read #10: EF-458-GH at 2026-11-26 14:00, country FR (France), confidence 55%, corrected from EF-456-GH";

    [Theory]
    [InlineData("Which reads had a confidence below 60 %?", "en", "read #13: XK 12345 at 2026-11-22 13:30, country ?? (unknown), confidence 40%")]
    [InlineData("Quelles lectures avaient une confiance inférieure à 60 % ?", "fr", "read #13: XK 12345 at 2026-11-22 13:30, country ?? (inconnu), confidence 40%")]
    [InlineData("Lectures avec moins de 60 % de confiance", "fr", "read #13: XK 12345 at 2026-11-22 13:30, country ?? (inconnu), confidence 40%")]
    public async Task Below_ListsOnlyReadsPrintedBelow_NotTheOneAt60(string question, string language, string read13)
    {
        var grounded = await fixture.History.AskAsync(question);

        Assert.Equal(("list", language), (grounded.Intent, grounded.Language));
        Assert.Equal([Read10, read13], grounded.Facts.Select(f => f.Line).ToArray());
    }

    [Theory]
    [InlineData("How many reads with a confidence above 90%?", "en", "count: 3 reads with confidence above 90%")]
    [InlineData("Combien de lectures avec une confiance supérieure à 90 % ?", "fr", "count: 3 reads with confidence above 90%")]
    [InlineData("How many reads with confidence of at least 90 percent?", "en", "count: 4 reads with confidence at least 90%")]
    [InlineData("Combien de lectures ont une fiabilité d'au moins 90 % ?", "fr", "count: 4 reads with confidence at least 90%")]
    public async Task Count_CountsReadsOverTheThreshold(string question, string language, string fact)
    {
        var grounded = await fixture.History.AskAsync(question);

        Assert.Equal(("count", language), (grounded.Intent, grounded.Language));
        Assert.Equal([fact], grounded.Facts.Select(f => f.Line).ToArray());
    }

    [Theory]
    [InlineData("Which German plates had a confidence below 80% last week?", "en", "country DE (Germany)")]
    [InlineData("Quelles plaques allemandes avaient une confiance sous 80 % la semaine dernière ?", "fr", "country DE (Allemagne)")]
    public async Task CombinedWithCountryAndPeriod_AllApply(string question, string language, string country)
    {
        var grounded = await fixture.History.AskAsync(question);

        Assert.Equal(("list", language, "2026-11-16 to 2026-11-22"), (grounded.Intent, grounded.Language, grounded.Period));
        Assert.Equal([$"read #6: B-MW 1234 at 2026-11-16 07:45, {country}, confidence 75%"], grounded.Facts.Select(f => f.Line).ToArray());
    }

    [Theory]
    [InlineData("How many times did we see AB-123-CD with a confidence below 90%?", "count: 2 reads of AB-123-CD with confidence below 90%")]
    [InlineData("Combien de fois a-t-on vu AB-123-CD avec une confiance inférieure à 90 % ?", "count: 2 reads of AB-123-CD with confidence below 90%")]
    public async Task CombinedWithAPlate_CountsThatPlatesReads(string question, string fact)
    {
        var facts = await fixture.History.FactsAsync(question);

        Assert.Equal("[1] " + fact, facts[0]);
    }

    [Fact]
    public async Task NoThreshold_StaysTheConfidenceQuestion()
    {
        var grounded = await fixture.History.AskAsync("How confident are you about AB-987-ZZ?");

        Assert.Equal("confidence", grounded.Intent);
        Assert.Null(grounded.Answer);
    }
}
