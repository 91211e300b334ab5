namespace PlateWeb.Chat.Tests.Grounding.Query;

/// <summary>"at night", "in the morning", "after 22:00", "between 8 and 9": the local time of day, whatever the UTC offset of the date.</summary>
public sealed class TimeOfDayFilterTests(HistoryFixture fixture) : IClassFixture<HistoryFixture>
{
    [Theory]
    [InlineData("How many reads at night?", "en", "count: 1 read between 22:00 and 06:00")]
    [InlineData("Combien de lectures la nuit ?", "fr", "count: 1 read between 22:00 and 06:00")]
    [InlineData("How many reads in the morning?", "en", "count: 7 reads between 06:00 and 12:00")]
    [InlineData("Combien de lectures le matin ?", "fr", "count: 7 reads between 06:00 and 12:00")]
    [InlineData("How many reads in the afternoon?", "en", "count: 4 reads between 12:00 and 18:00")]
    [InlineData("Combien de lectures le soir ?", "fr", "count: 1 read between 18:00 and 22:00")]
    [InlineData("How many reads between 8 and 9?", "en", "count: 2 reads between 08:00 and 09:00")]
    [InlineData("Combien de lectures entre 8h et 9h ?", "fr", "count: 2 reads between 08:00 and 09:00")]
    [InlineData("How many reads before 8 am?", "en", "count: 1 read between 00:00 and 08:00")]
    [InlineData("Combien de lectures avant 7 h 50 ?", "fr", "count: 1 read between 00:00 and 07:50")]
    [InlineData("Combien de lectures avant 7h50 ?", "fr", "count: 1 read between 00:00 and 07:50")]
    public async Task Count_OnlyReadsInTheWindow(string question, string language, string fact)
    {
        var grounded = await fixture.History.AskAsync(question);

        Assert.Equal(("count", language), (grounded.Intent, grounded.Language));
        Assert.Equal([fact], grounded.Facts.Select(f => f.Line).ToArray());
    }

    [Theory]
    [InlineData("Which reads after 22:00?", "en", "United States")]
    [InlineData("Quelles lectures après 22h ?", "fr", "États-Unis")]
    [InlineData("Which plates did we see after 10 pm?", "en", "United States")]
    public async Task List_AfterATime(string question, string language, string country)
    {
        var grounded = await fixture.History.AskAsync(question);

        Assert.Equal(("list", language), (grounded.Intent, grounded.Language));
        Assert.Equal([$"read #11: 7ABC123 at 2026-11-20 22:10, country US ({country}), confidence 90%"], grounded.Facts.Select(f => f.Line).ToArray());
    }

    [Theory]
    [InlineData("Which reads between 11:00 and 12:00?")]
    [InlineData("Quelles lectures entre 11h et 12h ?")]
    public async Task SummerTime_LocalHourOfThatDate(string question)
    {
        // Read 12 is at 11:00 in Paris on 2026-09-03 (UTC+2, 09:00 UTC); the reads of November are at UTC+1.
        var grounded = await fixture.History.AskAsync(question);

        Assert.Equal([12L], grounded.Facts.SelectMany(f => f.ReadIds).ToArray());
    }

    [Theory]
    [InlineData("How many reads in the morning last week?", "en")]
    [InlineData("Combien de lectures le matin la semaine dernière ?", "fr")]
    public async Task WithAPeriod_BothApply(string question, string language)
    {
        var grounded = await fixture.History.AskAsync(question);

        Assert.Equal((language, "2026-11-16 to 2026-11-22"), (grounded.Language, grounded.Period));
        Assert.Equal(["count: 1 read between 06:00 and 12:00"], grounded.Facts.Select(f => f.Line).ToArray());
    }

    [Fact]
    public async Task GoodMorning_StaysAGreeting()
    {
        var grounded = await fixture.History.AskAsync("Good morning");

        Assert.Equal("greeting", grounded.Intent);
    }
}
