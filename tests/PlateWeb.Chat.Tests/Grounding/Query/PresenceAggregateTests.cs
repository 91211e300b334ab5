namespace PlateWeb.Chat.Tests.Grounding.Query;

/// <summary>"Did AB-123-CD come on Tuesday?": yes or no for one plate over a period (weekdays included), with its reads as facts.</summary>
public sealed class PresenceAggregateTests(HistoryFixture fixture) : IClassFixture<HistoryFixture>
{
    private const string AbAllTime = "plate AB-123-CD: 4 reads, first 2026-11-10 09:00, last 2026-11-28 17:02, country FR (France), best confidence 93%";

    [Theory]
    [InlineData("Did AB-123-CD come on Tuesday?", "en", "No, AB-123-CD was not seen on Tuesday 2026-11-24 [1]; it was last seen on 2026-11-28 at 17:02 [2].")]
    [InlineData("AB-123-CD est-elle venue mardi ?", "fr", "Non, AB-123-CD n'a pas été vue le mardi 2026-11-24 [1] ; elle a été vue pour la dernière fois le 2026-11-28 à 17:02 [2].")]
    public async Task NotSeenThatDay_NoThenWhenItWasLastSeen(string question, string language, string answer)
    {
        var grounded = await fixture.History.AskAsync(question);

        Assert.Equal(("presence", language, "2026-11-24 to 2026-11-24"), (grounded.Intent, grounded.Language, grounded.Period));
        Assert.Equal(["AB-123-CD seen on 2026-11-24 (Tuesday): no", AbAllTime], grounded.Facts.Select(f => f.Line).ToArray());
        Assert.Equal(answer, grounded.Answer);
    }

    [Theory]
    [InlineData("Did AB-123-CD come on Wednesday?", "en", "Yes, AB-123-CD was seen once on Wednesday 2026-11-25 [1]: at 12:00 [2].")]
    [InlineData("Est-ce que AB-123-CD est passée mercredi ?", "fr", "Oui, AB-123-CD a été vue une fois le mercredi 2026-11-25 [1] : à 12:00 [2].")]
    [InlineData("Was ab123cd seen on 2026-11-25?", "en", "Yes, AB-123-CD was seen once on Wednesday 2026-11-25 [1]: at 12:00 [2].")]
    public async Task SeenThatDay_YesWithItsReads(string question, string language, string answer)
    {
        var grounded = await fixture.History.AskAsync(question);

        Assert.Equal(("presence", language), (grounded.Intent, grounded.Language));
        Assert.Equal(
            ["AB-123-CD seen on 2026-11-25 (Wednesday): yes, 1 read", "read #2: AB-123-CD at 2026-11-25 12:00, country FR (France), confidence 88%"],
            grounded.Facts.Select(f => f.Line).ToArray());
        Assert.Equal([2L], grounded.Facts[0].ReadIds);
        Assert.Equal(answer, grounded.Answer);
    }

    [Theory]
    [InlineData("Did AB-123-CD come this week?", "en", "Yes, AB-123-CD was seen 3 times between 2026-11-23 and 2026-11-29 [1]: at 2026-11-23 08:14 [4], 2026-11-25 12:00 [3], 2026-11-28 17:02 [2].")]
    [InlineData("AB-123-CD est-elle passée cette semaine ?", "fr", "Oui, AB-123-CD a été vue 3 fois entre le 2026-11-23 et le 2026-11-29 [1] : à 2026-11-23 08:14 [4], 2026-11-25 12:00 [3], 2026-11-28 17:02 [2].")]
    public async Task SeveralDays_EveryReadInOrder(string question, string language, string answer)
    {
        var grounded = await fixture.History.AskAsync(question);

        Assert.Equal(language, grounded.Language);
        Assert.Equal("AB-123-CD seen from 2026-11-23 to 2026-11-29: yes, 3 reads", grounded.Facts[0].Line);
        Assert.Equal(answer, grounded.Answer);
    }

    [Theory]
    [InlineData("Did ZZ-999-ZZ come on Tuesday?", "en")]
    [InlineData("ZZ-999-ZZ est-elle venue mardi ?", "fr")]
    public async Task UnknownPlate_NotFoundAndTheModelSaysSo(string question, string language)
    {
        var grounded = await fixture.History.AskAsync(question);

        Assert.Equal(language, grounded.Language);
        Assert.Equal(["not found: ZZ-999-ZZ"], grounded.Facts.Select(f => f.Line).ToArray());
        Assert.Null(grounded.Answer);
    }

    [Theory]
    [InlineData("How many times was AB-123-CD seen on Tuesday?", "count")]
    [InlineData("Combien de fois AB-123-CD est-elle passée mardi ?", "count")]
    [InlineData("Did we see AB-123-CD?", "last_seen")]
    public async Task OtherQuestionsAboutAPlate_KeepTheirAggregate(string question, string intent)
    {
        var grounded = await fixture.History.AskAsync(question);

        Assert.Equal(intent, grounded.Intent);
    }
}
