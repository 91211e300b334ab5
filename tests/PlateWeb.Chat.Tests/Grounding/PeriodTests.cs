namespace PlateWeb.Chat.Tests.Grounding;

/// <summary>Every time expression of docs/CHAT-PROMPT.md, in both languages, against Sunday 2026-11-29.</summary>
public sealed class PeriodTests(HistoryFixture fixture) : IClassFixture<HistoryFixture>
{
    [Theory]
    [InlineData("How many plates today?", "2026-11-29 to 2026-11-29")]
    [InlineData("Combien de plaques aujourd'hui ?", "2026-11-29 to 2026-11-29")]
    [InlineData("How many plates yesterday?", "2026-11-28 to 2026-11-28")]
    [InlineData("Combien de plaques hier ?", "2026-11-28 to 2026-11-28")]
    [InlineData("Les plaques d'hier, combien ?", "2026-11-28 to 2026-11-28")]
    [InlineData("Combien avant-hier ?", "2026-11-27 to 2026-11-27")]
    [InlineData("How many plates this week?", "2026-11-23 to 2026-11-29")]
    [InlineData("Combien de plaques cette semaine ?", "2026-11-23 to 2026-11-29")]
    [InlineData("How many plates since Monday?", "2026-11-23 to 2026-11-29")]
    [InlineData("Combien de plaques depuis lundi ?", "2026-11-23 to 2026-11-29")]
    [InlineData("How many plates last week?", "2026-11-16 to 2026-11-22")]
    [InlineData("Combien de plaques la semaine dernière ?", "2026-11-16 to 2026-11-22")]
    [InlineData("How many plates in the last 7 days?", "2026-11-23 to 2026-11-29")]
    [InlineData("Combien de plaques les 7 derniers jours ?", "2026-11-23 to 2026-11-29")]
    [InlineData("How many plates over the past 30 days?", "2026-10-31 to 2026-11-29")]
    [InlineData("How many plates in the last eight days?", "2026-11-22 to 2026-11-29")]
    [InlineData("Combien de plaques les neuf derniers jours ?", "2026-11-21 to 2026-11-29")]
    [InlineData("How many plates in the last fourteen days?", "2026-11-16 to 2026-11-29")]
    [InlineData("How many plates this month?", "2026-11-01 to 2026-11-29")]
    [InlineData("Combien de plaques ce mois-ci ?", "2026-11-01 to 2026-11-29")]
    [InlineData("How many plates last month?", "2026-10-01 to 2026-10-31")]
    [InlineData("Combien de plaques le mois dernier ?", "2026-10-01 to 2026-10-31")]
    [InlineData("How many plates since Friday?", "2026-11-27 to 2026-11-29")]
    [InlineData("Combien de plaques depuis vendredi ?", "2026-11-27 to 2026-11-29")]
    [InlineData("How many plates since Sunday?", "2026-11-29 to 2026-11-29")]
    [InlineData("How many plates on 2026-11-27?", "2026-11-27 to 2026-11-27")]
    [InlineData("Combien de plaques le 27/11/2026 ?", "2026-11-27 to 2026-11-27")]
    [InlineData("How many plates in September?", "2026-09-01 to 2026-09-30")]
    [InlineData("Combien de plaques en septembre ?", "2026-09-01 to 2026-09-30")]
    [InlineData("How many plates in December?", "2025-12-01 to 2025-12-31")] // not after today: last year's
    [InlineData("Combien de plaques en février 2024 ?", "2024-02-01 to 2024-02-29")]
    [InlineData("How many plates on November 27?", "2026-11-27 to 2026-11-27")]
    [InlineData("Combien de plaques le 27 novembre ?", "2026-11-27 to 2026-11-27")]
    [InlineData("How many plates on the 27th of November?", "2026-11-27 to 2026-11-27")]
    [InlineData("How many plates on Nov 27th 2026?", "2026-11-27 to 2026-11-27")]
    [InlineData("How many plates on December 25?", "2025-12-25 to 2025-12-25")] // not after today: last year's
    [InlineData("How many plates between Nov 16 and Nov 20?", "2026-11-16 to 2026-11-20")]
    [InlineData("How many plates between Nov 9 and 15?", "2026-11-09 to 2026-11-15")]
    [InlineData("Combien de plaques du 16 au 20 novembre ?", "2026-11-16 to 2026-11-20")]
    [InlineData("How many plates from 2026-11-16 to 2026-11-19?", "2026-11-16 to 2026-11-19")]
    [InlineData("Combien de plaques du 28 décembre au 3 janvier ?", "2025-12-28 to 2026-01-03")]
    [InlineData("Combien de plaques depuis le 1er novembre ?", "2026-11-01 to 2026-11-29")]
    [InlineData("How many plates since November 20?", "2026-11-20 to 2026-11-29")]
    [InlineData("How many plates the week before?", "2026-11-16 to 2026-11-22")]
    [InlineData("Combien de plaques la semaine d'avant ?", "2026-11-16 to 2026-11-22")]
    [InlineData("Combien de plaques d'octobre ?", "2026-10-01 to 2026-10-31")]
    [InlineData("How many plates between 8 and 9?", "all")] // hours, not days
    [InlineData("How many plates?", "all")]
    [InlineData("How many plates on 2026-02-30?", "all")] // no such day
    public async Task Period_Expression_ResolvedAgainstToday(string question, string period)
    {
        var grounded = await fixture.History.AskAsync(question);

        Assert.Equal(period, grounded.Period);
        Assert.Equal("count", grounded.Intent);
    }

    [Fact]
    public async Task Period_Bounds_AreLocalDays()
    {
        // Read 8 is at 08:00 in Paris on the 28th, 07:00 UTC: in "yesterday" whatever the UTC date of the bounds.
        var grounded = await fixture.History.AskAsync("Which reads yesterday?");

        Assert.Contains(grounded.Facts, f => f.ReadIds.Contains(8));
        Assert.DoesNotContain(grounded.Facts, f => f.ReadIds.Contains(7));
    }
}
