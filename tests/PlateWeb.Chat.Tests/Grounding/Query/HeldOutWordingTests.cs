using PlateWeb.Chat.Grounding;

namespace PlateWeb.Chat.Tests.Grounding.Query;

/// <summary>
/// Wordings of the held-out questions per category (tools/plateweb_tools/chat/eval/categories.py) that the grounding once read wrong:
/// each with what it must ground to on the seeded history (today Sunday 2026-11-29).
/// </summary>
public sealed class HeldOutWordingTests(HistoryFixture fixture) : IClassFixture<HistoryFixture>
{
    /// <summary>What the question grounds to; the fact lines joined by " | " so that the whole can be compared at once.</summary>
    private async Task<(string Intent, string Language, string Period, string Facts)> Ask(string question, string? previous = null)
    {
        var context = previous is null ? null : new GroundingContext(null, null) { LastQuery = (await fixture.History.AskAsync(previous)).Query };
        var grounded = await fixture.History.AskAsync(question, context);
        return (grounded.Intent, grounded.Language, grounded.Period, string.Join(" | ", grounded.Facts.Select(f => f.Line)));
    }

    [Theory]
    [InlineData("How many reads yesterday morning?", "en", "count: 1 read between 06:00 and 12:00")]
    [InlineData("Combien de lectures hier matin ?", "fr", "count: 1 read between 06:00 and 12:00")]
    [InlineData("How many reads yesterday afternoon?", "en", "count: 1 read between 12:00 and 18:00")]
    [InlineData("Combien de lectures hier après-midi ?", "fr", "count: 1 read between 12:00 and 18:00")]
    public async Task PartOfTheDay_AfterADay_IsAFilter(string question, string language, string fact)
    {
        Assert.Equal(("count", language, "2026-11-28 to 2026-11-28", fact), await Ask(question));
    }

    [Fact]
    public async Task GoodMorning_StaysAGreeting_NotAFilter()
    {
        Assert.Equal("count: 13 reads", (await Ask("Good morning, how many reads?")).Facts);
    }

    [Theory]
    [InlineData("How many low-confidence reads, below 60 percent?")]
    [InlineData("How many reads is the system not sure about, confidence below 60?")]
    public async Task Confidence_HyphenOrSure_StillCountsUnderTheThreshold(string question)
    {
        Assert.Equal(("count", "en", "all", "count: 2 reads with confidence below 60%"), await Ask(question));
    }

    [Theory]
    [InlineData("How many reads have been corrected?", "en", "count: 1 read corrected")]
    [InlineData("Combien de lectures françaises ont été corrigées ?", "fr", "count: 1 read from FR (France) corrected")]
    public async Task Corrected_AsAVerb_CountedWithItsCountry(string question, string language, string fact)
    {
        Assert.Equal(("count", language, "all", fact), await Ask(question));
    }

    [Theory]
    [InlineData("Est-ce que des lectures ont été corrigées ?")]
    [InlineData("Were any reads corrected?")]
    public async Task Corrected_AsAVerb_NotCounted_StaysTheCorrectionsQuestion(string question)
    {
        Assert.Equal("corrections", (await Ask(question)).Intent);
    }

    [Theory]
    [InlineData("How many reads have 123 somewhere in the plate?", "count: 9 reads containing 123")]
    [InlineData("How many reads of plates ending in CD?", "count: 5 reads ending with CD")]
    public async Task Pattern_CasualWordings(string question, string fact)
    {
        Assert.Equal(("count", "en", "all", fact), await Ask(question));
    }

    [Fact]
    public async Task Pattern_ContiennentAlone_ListsThatPlate()
    {
        Assert.Equal(("list", "fr", "all", "read #8: AB-987-ZZ at 2026-11-28 08:00, country FR (France), confidence 60%"),
            await Ask("Quelles plaques contiennent 987 ?"));
    }

    [Fact]
    public async Task SeeTheMost_IsTheTopPlate()
    {
        Assert.Equal(("top_plates", "en", "all", "plate AB-123-CD: 4 reads"), await Ask("Which plate did we see the most?"));
    }

    [Fact]
    public async Task ShowUp_IsPresence_NotAList()
    {
        var (intent, language, period, facts) = await Ask("did AB-123-CD show up yesterday");

        Assert.Equal(("presence", "en", "2026-11-28 to 2026-11-28"), (intent, language, period));
        Assert.StartsWith("AB-123-CD seen on 2026-11-28 (Saturday): yes, 1 read | ", facts, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Normally_BeforeWhen_IsTheUsualArrival()
    {
        Assert.Equal("usual_arrival", (await Ask("Normally, when does AB-123-CD come in?")).Intent);
    }

    [Fact]
    public async Task SeeForTheFirstTime_IsNewPlates()
    {
        var (intent, _, period, facts) = await Ask("Which plates did we see for the first time this week?");

        Assert.Equal(("new_plates", "2026-11-23 to 2026-11-29"), (intent, period));
        Assert.StartsWith("count: 3 plates first seen from 2026-11-23 to 2026-11-29 | ", facts, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("How many plates have not been seen since November 25?", "en")]
    [InlineData("Combien de plaques n'ont pas été vues depuis le 25 novembre ?", "fr")]
    public async Task NotSeenSince_ADateWithItsMonth(string question, string language)
    {
        var (intent, lang, period, facts) = await Ask(question);

        Assert.Equal(("not_seen_since", language, "2026-11-25 to 2026-11-29"), (intent, lang, period));
        Assert.StartsWith("count: 4 plates seen before 2026-11-25 (Wednesday) and not since | ", facts, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Compte les plaques distinctes en novembre.", "distinct_plates", "2026-11-01 to 2026-11-30", "count: 7 plates")]
    [InlineData("Compte les lectures de cette semaine.", "count", "2026-11-23 to 2026-11-29", "count: 7 reads")]
    public async Task Compte_Counts(string question, string intent, string period, string fact)
    {
        Assert.Equal((intent, "fr", period, fact), await Ask(question));
    }

    [Theory]
    [InlineData("What was the busiest day last week?", "Same for October?", "en", "2026-10-01 to 2026-10-31", "busiest day: 2026-10-15 (Thursday), 1 read")]
    [InlineData("Quel a été le jour le plus chargé la semaine dernière ?", "Pareil pour octobre ?", "fr", "2026-10-01 to 2026-10-31", "busiest day: 2026-10-15 (Thursday), 1 read")]
    public async Task FollowUp_AMonthAlone_ReplacesThePeriod(string previous, string question, string language, string period, string fact)
    {
        Assert.Equal(("busiest_day", language, period, fact), await Ask(question, previous));
    }

    [Fact]
    public async Task FollowUp_LaSemaineDAvant_IsTheWeekBefore()
    {
        Assert.Equal(("distinct_plates", "fr", "2026-11-16 to 2026-11-22", "count: 3 plates"),
            await Ask("et la semaine d'avant ?", "Combien de plaques différentes cette semaine ?"));
    }

    [Theory]
    [InlineData("How many reads between Nov 16 and Nov 20?")]
    [InlineData("How many reads on Nov 28?")]
    public async Task MonthAndDay_AreADate_NotAPlate(string question)
    {
        var (_, _, _, facts) = await Ask(question);

        Assert.DoesNotContain("not found", facts, StringComparison.Ordinal);
        Assert.StartsWith("count: ", facts, StringComparison.Ordinal);
    }
}
