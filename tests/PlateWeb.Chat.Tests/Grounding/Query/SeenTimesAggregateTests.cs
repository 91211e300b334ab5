namespace PlateWeb.Chat.Tests.Grounding.Query;

/// <summary>"Which plates were seen only once / at least twice?": plates by their number of reads, with a ready answer.</summary>
public sealed class SeenTimesAggregateTests(HistoryFixture fixture) : IClassFixture<HistoryFixture>
{
    [Theory]
    [InlineData("Which plates were seen only once?", "en")]
    [InlineData("Quelles plaques n'ont été vues qu'une seule fois ?", "fr")]
    [InlineData("Quelles plaques ont été vues une fois ?", "fr")]
    public async Task Once_PlatesWithOneRead_NewestFirst(string question, string language)
    {
        var grounded = await fixture.History.AskAsync(question);

        Assert.Equal(("seen_times", language), (grounded.Intent, grounded.Language));
        Assert.Equal(
            ["count: 7 plates seen exactly 1 time", "plate GH-456-JK: 1 read", "plate AB-987-ZZ: 1 read", "plate EF-458-GH: 1 read",
             "plate XK 12345: 1 read", "plate 7ABC123: 1 read", "plate 1234 BCD: 1 read", "plate BRA2E19: 1 read"],
            grounded.Facts.Select(f => f.Line).ToArray());
        Assert.Equal(language == "fr"
            ? "7 plaques ont été vues exactement une fois [1] : GH-456-JK [2], AB-987-ZZ [3], EF-458-GH [4], XK 12345 [5], 7ABC123 [6], 1234 BCD [7], BRA2E19 [8]."
            : "7 plates were seen exactly once [1]: GH-456-JK [2], AB-987-ZZ [3], EF-458-GH [4], XK 12345 [5], 7ABC123 [6], 1234 BCD [7], BRA2E19 [8].",
            grounded.Answer);
        Assert.DoesNotContain(grounded.Facts, f => f.Line.Contains("AB-123-CD", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Which plates were seen at least twice?", "en", "2 plates were seen at least twice [1]: AB-123-CD (4 times) [2], B-MW 1234 (twice) [3].")]
    [InlineData("Quelles plaques ont été vues plus d'une fois ?", "fr", "2 plaques ont été vues au moins deux fois [1] : AB-123-CD (4 fois) [2], B-MW 1234 (deux fois) [3].")]
    [InlineData("Which plates came 2 times or more?", "en", "2 plates were seen at least twice [1]: AB-123-CD (4 times) [2], B-MW 1234 (twice) [3].")]
    public async Task AtLeast_PlatesWithThatManyReads_MostFirst(string question, string language, string answer)
    {
        var grounded = await fixture.History.AskAsync(question);

        Assert.Equal(language, grounded.Language);
        Assert.Equal(["count: 2 plates seen at least 2 times", "plate AB-123-CD: 4 reads", "plate B-MW 1234: 2 reads"], grounded.Facts.Select(f => f.Line).ToArray());
        Assert.Equal(answer, grounded.Answer);
        Assert.Equal([3L, 2L, 1L, 4L], grounded.Facts[1].ReadIds);
    }

    [Theory]
    [InlineData("Which plates were seen only once last week?", "en", "3 plates were seen exactly once between 2026-11-16 and 2026-11-22 [1]: XK 12345 [2], 7ABC123 [3], B-MW 1234 [4].")]
    [InlineData("Quelles plaques vues une seule fois la semaine dernière ?", "fr", "3 plaques ont été vues exactement une fois entre le 2026-11-16 et le 2026-11-22 [1] : XK 12345 [2], 7ABC123 [3], B-MW 1234 [4].")]
    public async Task Period_CountsReadsInThePeriodOnly(string question, string language, string answer)
    {
        var grounded = await fixture.History.AskAsync(question);

        Assert.Equal(language, grounded.Language);
        Assert.Equal(answer, grounded.Answer);
    }

    [Theory]
    [InlineData("How many plates were seen exactly 3 times?", "No plate was seen exactly 3 times [1].")]
    [InlineData("Combien de plaques ont été vues exactement trois fois ?", "Aucune plaque n'a été vue exactement 3 fois [1].")]
    public async Task None_SaysNoneWithTheZeroCount(string question, string answer)
    {
        var grounded = await fixture.History.AskAsync(question);

        Assert.Equal(["count: 0 plates seen exactly 3 times"], grounded.Facts.Select(f => f.Line).ToArray());
        Assert.Equal(answer, grounded.Answer);
    }

    [Theory]
    [InlineData("How many times did we see AB-123-CD?")]
    [InlineData("Quand a-t-on vu AB-123-CD pour la première fois ?")]
    public async Task APlateNamed_NotThisAggregate(string question)
    {
        var grounded = await fixture.History.AskAsync(question);

        Assert.NotEqual("seen_times", grounded.Intent);
        Assert.Null(grounded.Answer);
    }
}
