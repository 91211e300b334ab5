using PlateWeb.Chat.Grounding;

namespace PlateWeb.Chat.Tests.Grounding.Query;

/// <summary>"and yesterday?", "et la semaine dernière ?", "what about its country?": the previous query with the follow-up's change.</summary>
public sealed class FollowUpTests(HistoryFixture fixture) : IClassFixture<HistoryFixture>
{
    private SeededHistory History => fixture.History;

    /// <summary>Asks the questions in turn as one conversation, each with the last one's query.</summary>
    private async Task<GroundedQuestion> Conversation(params string[] questions)
    {
        GroundedQuestion? last = null;
        foreach (var question in questions)
        {
            last = await History.AskAsync(question, last is null ? null : new GroundingContext(null, null) { LastQuery = last.Query });
        }
        return last!;
    }

    [Theory]
    [InlineData("How many German plates last week?", "And this week?", "en", "count: 1 read from DE (Germany)")]
    [InlineData("Combien de plaques allemandes cette semaine ?", "Et la semaine dernière ?", "fr", "count: 1 read from DE (Allemagne)")]
    [InlineData("Combien de plaques allemandes cette semaine ?", "Et hier ?", "fr", "count: 0 reads from DE (Allemagne)")]
    [InlineData("How many reads with a confidence below 90% this week?", "and yesterday?", "en", "count: 1 read with confidence below 90%")]
    public async Task NewPeriod_KeepsWhatWasAskedAndTheOtherFilters(string first, string followUp, string language, string fact)
    {
        var grounded = await Conversation(first, followUp);

        Assert.Equal(("count", language), (grounded.Intent, grounded.Language));
        Assert.Equal([fact], grounded.Facts.Select(f => f.Line).ToArray());
    }

    [Theory]
    [InlineData("How many reads with a confidence below 90% this week?", "What about above 80%?", "en", " with confidence above 80%")]
    [InlineData("Combien de lectures avec une confiance inférieure à 90 % cette semaine ?", "Et au-dessus de 80 % ?", "fr", " with confidence above 80%")]
    [InlineData("How many reads with a confidence below 90% this week?", "and at most 70 percent?", "en", " with confidence at most 70%")]
    public async Task NewShare_ReplacesTheConfidenceFilter(string first, string followUp, string language, string tail)
    {
        var grounded = await Conversation(first, followUp);

        Assert.Equal(("count", language), (grounded.Intent, grounded.Language));
        Assert.Matches(@"^count: \d+ reads?" + System.Text.RegularExpressions.Regex.Escape(tail) + "$", grounded.Facts.Single().Line);
    }

    [Theory]
    [InlineData("busiest day this week", "and last week?", "en")]
    [InlineData("Quel jour a-t-on vu le plus de plaques cette semaine ?", "Et la semaine dernière ?", "fr")]
    public async Task NewPeriod_NewAggregatesToo(string first, string followUp, string language)
    {
        var grounded = await Conversation(first, followUp);

        Assert.Equal(("busiest_day", language, "2026-11-16 to 2026-11-22"), (grounded.Intent, grounded.Language, grounded.Period));
    }

    [Theory]
    [InlineData("Did AB-123-CD come on Tuesday?", "And on Wednesday?", "en", "AB-123-CD seen on 2026-11-25 (Wednesday): yes, 1 read")]
    [InlineData("AB-123-CD est-elle venue mardi ?", "Et mercredi ?", "fr", "AB-123-CD seen on 2026-11-25 (Wednesday): yes, 1 read")]
    [InlineData("Did AB-123-CD come on Wednesday?", "and B-MW 1234?", "en", "B-MW 1234 seen on 2026-11-25 (Wednesday): no")]
    [InlineData("Did AB-123-CD come today?", "and yesterday?", "en", "AB-123-CD seen on 2026-11-28 (Saturday): yes, 1 read")]
    public async Task NewPeriodOrPlate_SameYesNoQuestion(string first, string followUp, string language, string fact)
    {
        var grounded = await Conversation(first, followUp);

        Assert.Equal(("presence", language), (grounded.Intent, grounded.Language));
        Assert.Equal(fact, grounded.Facts[0].Line);
    }

    [Theory]
    [InlineData("When was B-MW 1234 last seen?", "What about its country?", "en", "Germany")]
    [InlineData("Quand a-t-on vu B-MW 1234 ?", "Et son pays ?", "fr", "Allemagne")]
    public async Task NewQuestion_SamePlate(string first, string followUp, string language, string country)
    {
        var grounded = await Conversation(first, followUp);

        Assert.Equal(("country", language), (grounded.Intent, grounded.Language));
        Assert.Equal([$"plate B-MW 1234: 2 reads, first 2026-11-16 07:45, last 2026-11-27 10:30, country DE ({country}), best confidence 85%"],
            grounded.Facts.Select(f => f.Line).ToArray());
    }

    [Fact]
    public async Task ThreeTurns_EachBuildsOnTheLast()
    {
        var grounded = await Conversation("How many French plates this week?", "and yesterday?", "and German ones?");

        Assert.Equal(("count", "2026-11-28 to 2026-11-28"), (grounded.Intent, grounded.Period));
        Assert.Equal(["count: 0 reads from DE (Germany)"], grounded.Facts.Select(f => f.Line).ToArray());
    }

    [Theory]
    [InlineData("How many German plates last week?", "Which countries did we see today?", "country")]
    [InlineData("How many German plates last week?", "Who owns AB-123-CD?", "unknown")]
    public async Task AWholeQuestion_StandsAlone(string first, string second, string intent)
    {
        var grounded = await Conversation(first, second);

        Assert.Equal(intent, grounded.Intent);
        Assert.Equal(second, grounded.Query);
    }
}

/// <summary>A follow-up that names another camera replaces the camera filter and keeps the rest.</summary>
public sealed class CameraFollowUpTests(CameraHistoryFixture fixture) : IClassFixture<CameraHistoryFixture>
{
    private async Task<GroundedQuestion> Conversation(params string[] questions)
    {
        GroundedQuestion? last = null;
        foreach (var question in questions)
        {
            last = await fixture.History.AskAsync(question, last is null ? null : new GroundingContext(null, null) { LastQuery = last.Query });
        }
        return last!;
    }

    [Theory]
    [InlineData("How many reads at camera Gate this week?", "and at camera Exit?", "en", "count: 1 read at camera Exit")]
    [InlineData("Combien de lectures à la caméra Gate cette semaine ?", "Et à la caméra Entrée ?", "fr", "count: 2 reads at camera Entrée")]
    [InlineData("How many reads at camera Gate this week?", "and yesterday?", "en", "count: 0 reads at camera Gate")]
    [InlineData("How many reads at camera Gate today?", "what about the entree camera?", "en", "count: 1 read at camera Entrée")]
    public async Task NewCamera_ReplacesTheCameraFilter(string first, string followUp, string language, string fact)
    {
        var grounded = await Conversation(first, followUp);

        Assert.Equal(("count", language), (grounded.Intent, grounded.Language));
        Assert.Equal([fact], grounded.Facts.Select(f => f.Line).ToArray());
    }
}
