namespace PlateWeb.Chat.Tests.Grounding.Query;

/// <summary>"AB-1?3-CD", "AB*", "containing 123", "ending with 23": part of a plate, matched on its effective text.</summary>
public sealed class PlatePatternFilterTests(HistoryFixture fixture) : IClassFixture<HistoryFixture>
{
    private static readonly long[] AbReads = [3, 2, 1, 4];

    [Theory]
    [InlineData("Which plates match AB-1?3-CD?", "en")]
    [InlineData("Quelles plaques correspondent à AB-1?3-CD ?", "fr")]
    [InlineData("Show me the reads like AB1?3CD", "en")]
    public async Task QuestionMark_OneCharacter_ListsThatPlatesReads(string question, string language)
    {
        var grounded = await fixture.History.AskAsync(question);

        Assert.Equal(("list", language), (grounded.Intent, grounded.Language));
        Assert.Equal(AbReads, grounded.Facts.Select(f => Assert.Single(f.ReadIds)).ToArray());
    }

    [Theory]
    [InlineData("How many reads of AB*?", "en", "count: 5 reads matching AB*")]
    [InlineData("Combien de lectures AB* ?", "fr", "count: 5 reads matching AB*")]
    [InlineData("How many reads of AB-12*?", "en", "count: 4 reads matching AB12*")]
    [InlineData("How many reads of AB-9??-ZZ this week?", "en", "count: 1 read matching AB9??ZZ")]
    [InlineData("How many plates starting with AB?", "en", "count: 5 reads starting with AB")]
    [InlineData("Combien de plaques qui commencent par AB ?", "fr", "count: 5 reads starting with AB")]
    public async Task Star_AnyRun_CountsEveryMatchingRead(string question, string language, string fact)
    {
        var grounded = await fixture.History.AskAsync(question);

        Assert.Equal(("count", language), (grounded.Intent, grounded.Language));
        Assert.Equal([fact], grounded.Facts.Select(f => f.Line).ToArray());
    }

    [Theory]
    [InlineData("How many reads of plates containing 123?", "en")]
    [InlineData("Combien de lectures de plaques contenant 123 ?", "fr")]
    public async Task Containing_AnywhereInThePlate(string question, string language)
    {
        var grounded = await fixture.History.AskAsync(question);

        // AB-123-CD ×4, B-MW 1234 ×2, 1234 BCD, 7ABC123, XK 12345; not GH-456-JK nor BRA2E19.
        Assert.Equal(("count", language), (grounded.Intent, grounded.Language));
        Assert.Equal(["count: 9 reads containing 123"], grounded.Facts.Select(f => f.Line).ToArray());
    }

    [Theory]
    [InlineData("Which plates end with 23?", "en")]
    [InlineData("Quelles plaques se terminent par 23 ?", "fr")]
    [InlineData("plates ending with 23", "en")]
    public async Task Ending_OnlyAtTheEnd(string question, string language)
    {
        var grounded = await fixture.History.AskAsync(question);

        Assert.Equal(language, grounded.Language);
        Assert.Equal([11L], grounded.Facts.Select(f => Assert.Single(f.ReadIds)).ToArray());
        Assert.StartsWith("read #11: 7ABC123", grounded.Facts[0].Line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Corrected_MatchedOnTheCorrection_NotTheEngineText()
    {
        Assert.Equal(["count: 1 read matching EF4?8GH"], (await fixture.History.AskAsync("How many reads of EF-4?8-GH?")).Facts.Select(f => f.Line).ToArray());
        Assert.Equal(["count: 0 reads matching EF456*"], (await fixture.History.AskAsync("How many reads of EF-456*?")).Facts.Select(f => f.Line).ToArray());
    }

    [Theory]
    [InlineData("How many times did we see AB-123-CD?", "count: 4 reads of AB-123-CD")]
    [InlineData("How many times did we see AB1Z3CD?", "count: 4 reads of AB-123-CD")]
    [InlineData("Is AB-123-CD?", null)]
    public async Task WholePlates_StillPlates(string question, string? fact)
    {
        var grounded = await fixture.History.AskAsync(question);

        if (fact is not null) Assert.Equal(fact, grounded.Facts[0].Line);
        Assert.DoesNotContain(grounded.Facts, f => f.Line.Contains("matching", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FollowUp_KeepsThePattern()
    {
        var first = await fixture.History.AskAsync("How many reads of AB* this week?");
        var next = await fixture.History.AskAsync("and last week?", new PlateWeb.Chat.Grounding.GroundingContext(null, null) { LastQuery = first.Query });

        Assert.Equal(["count: 4 reads matching AB*"], first.Facts.Select(f => f.Line).ToArray());
        Assert.Equal(["count: 0 reads matching AB*"], next.Facts.Select(f => f.Line).ToArray());
    }
}
