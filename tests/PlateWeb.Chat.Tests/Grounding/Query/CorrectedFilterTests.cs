namespace PlateWeb.Chat.Tests.Grounding.Query;

/// <summary>"corrected plates this week", "lectures non corrigées": reads a user corrected, or that nobody did.</summary>
public sealed class CorrectedFilterTests(HistoryFixture fixture) : IClassFixture<HistoryFixture>
{
    [Theory]
    [InlineData("How many corrected plates this week?", "en")]
    [InlineData("Combien de lectures corrigées cette semaine ?", "fr")]
    [InlineData("How many reads that were corrected this week?", "en")]
    public async Task Corrected_CountsOnlyCorrectedReads(string question, string language)
    {
        var grounded = await fixture.History.AskAsync(question);

        Assert.Equal(("count", language, "2026-11-23 to 2026-11-29"), (grounded.Intent, grounded.Language, grounded.Period));
        Assert.Equal(["count: 1 read corrected"], grounded.Facts.Select(f => f.Line).ToArray());
        Assert.Equal([10L], grounded.Facts[0].ReadIds);
    }

    [Theory]
    [InlineData("corrected plates this week", "en")]
    [InlineData("lectures corrigées cette semaine", "fr")]
    public async Task Corrected_Alone_ListsThem(string question, string language)
    {
        var grounded = await fixture.History.AskAsync(question);

        Assert.Equal(("list", language), (grounded.Intent, grounded.Language));
        Assert.Equal(["read #10: EF-458-GH at 2026-11-26 14:00, country FR (France), confidence 55%, corrected from EF-456-GH"], grounded.Facts.Select(f => f.Line).ToArray());
    }

    [Theory]
    [InlineData("Which reads were not corrected this week?", "en")]
    [InlineData("Quelles lectures non corrigées cette semaine ?", "fr")]
    [InlineData("Quelles plaques n'ont pas été corrigées cette semaine ?", "fr")]
    public async Task NotCorrected_LeavesTheCorrectedOut(string question, string language)
    {
        var grounded = await fixture.History.AskAsync(question);

        Assert.Equal(("list", language), (grounded.Intent, grounded.Language));
        Assert.Equal([7L, 3L, 8L, 5L, 2L, 1L], grounded.Facts.Select(f => Assert.Single(f.ReadIds)).ToArray());
    }

    [Theory]
    [InlineData("How many reads were never corrected?", "count: 12 reads not corrected")]
    [InlineData("Combien de lectures sans correction ?", "count: 12 reads not corrected")]
    public async Task NotCorrected_Count(string question, string fact)
    {
        Assert.Equal([fact], (await fixture.History.AskAsync(question)).Facts.Select(f => f.Line).ToArray());
    }

    [Theory]
    [InlineData("Which reads were corrected?")]
    [InlineData("Quelles lectures ont été corrigées ?")]
    [InlineData("Was EF-458-GH corrected?")]
    public async Task TheCorrectionAsked_StaysTheCorrectionsQuestion(string question)
    {
        Assert.Equal("corrections", (await fixture.History.AskAsync(question)).Intent);
    }
}
