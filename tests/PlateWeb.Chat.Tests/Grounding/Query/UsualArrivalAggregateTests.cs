using PlateWeb.Chat.Evaluation;

namespace PlateWeb.Chat.Tests.Grounding.Query;

/// <summary>"When does AB-123-CD usually arrive?": the median of its first read of each day, with the spread and the days.</summary>
public sealed class UsualArrivalAggregateTests(HistoryFixture fixture) : IClassFixture<HistoryFixture>
{
    // First reads 08:14, 09:00, 12:00, 17:02 (one a day): the median is halfway between 09:00 and 12:00.
    private const string Fact = "usual arrival of AB-123-CD: 10:30, median of the first read on 4 days, earliest 08:14, latest 17:02";

    [Theory]
    [InlineData("When does AB-123-CD usually arrive?", "en", "AB-123-CD usually arrives around 10:30, the median time of its first read on 4 days, between 08:14 and 17:02 [1].")]
    [InlineData("What time does AB-123-CD usually come?", "en", "AB-123-CD usually arrives around 10:30, the median time of its first read on 4 days, between 08:14 and 17:02 [1].")]
    [InlineData("À quelle heure arrive habituellement AB-123-CD ?", "fr", "AB-123-CD arrive habituellement vers 10:30, heure médiane de sa première lecture sur 4 jours, entre 08:14 et 17:02 [1].")]
    [InlineData("AB-123-CD passe à quelle heure d'habitude ?", "fr", "AB-123-CD arrive habituellement vers 10:30, heure médiane de sa première lecture sur 4 jours, entre 08:14 et 17:02 [1].")]
    public async Task Plate_MedianOfFirstReadsWithSpreadAndDays(string question, string language, string answer)
    {
        var grounded = await fixture.History.AskAsync(question);

        Assert.Equal(("usual_arrival", language), (grounded.Intent, grounded.Language));
        Assert.Equal([Fact], grounded.Facts.Select(f => f.Line).ToArray());
        Assert.Equal([3L, 2L, 1L, 4L], grounded.Facts[0].ReadIds);
        Assert.Equal(answer, grounded.Answer);
    }

    [Fact]
    public async Task FromARead_ItsPlate()
    {
        var grounded = await fixture.History.AskAsync("When does it usually arrive?", new PlateWeb.Chat.Grounding.GroundingContext(2, null));

        Assert.Equal("usual_arrival", grounded.Intent);
        Assert.Equal([Fact], grounded.Facts.Select(f => f.Line).ToArray());
    }

    [Fact]
    public async Task LaterReadsOfADay_DoNotCount_OneDayIsTooFew()
    {
        await using var history = await SeededHistory.CreateAsync(
        [
            new SeedRead(1, "GH-456-JK", "FR", "FR-SIV", 0.9, "2026-11-24 07:50"),
            new SeedRead(2, "GH-456-JK", "FR", "FR-SIV", 0.9, "2026-11-24 18:30"),
            new SeedRead(3, "GH-456-JK", "FR", "FR-SIV", 0.9, "2026-11-25 08:10"),
            new SeedRead(4, "GH-456-JK", "FR", "FR-SIV", 0.9, "2026-11-25 12:00"),
            new SeedRead(5, "GH-456-JK", "FR", "FR-SIV", 0.9, "2026-11-26 08:05"),
            new SeedRead(6, "EF-458-GH", "FR", "FR-SIV", 0.9, "2026-11-26 06:40"),
        ], HistoryFixture.Today);

        var three = await history.AskAsync("When does GH-456-JK normally arrive?");
        var one = await history.AskAsync("À quelle heure arrive habituellement EF-458-GH ?");

        Assert.Equal(["usual arrival of GH-456-JK: 08:05, median of the first read on 3 days, earliest 07:50, latest 08:10"], three.Facts.Select(f => f.Line).ToArray());
        Assert.Equal([5L, 3L, 1L], three.Facts[0].ReadIds);
        Assert.Equal(["usual arrival of EF-458-GH: 06:40, median of the first read on 1 day, earliest 06:40, latest 06:40"], one.Facts.Select(f => f.Line).ToArray());
        Assert.Equal("EF-458-GH n'a été vue qu'un jour, d'abord à 06:40 [1] : c'est trop peu pour parler d'habitude.", one.Answer);
    }

    [Theory]
    [InlineData("When does ZZ-999-ZZ usually arrive?", "not found: ZZ-999-ZZ")]
    [InlineData("When does AB-123-CD usually arrive this month?", "usual arrival of AB-123-CD: 10:30, median of the first read on 4 days, earliest 08:14, latest 17:02")]
    [InlineData("When does AB-123-CD usually arrive last week?", "count: 0 reads of AB-123-CD")]
    public async Task NotFoundOrPeriod(string question, string fact)
    {
        Assert.Equal([fact], (await fixture.History.AskAsync(question)).Facts.Select(f => f.Line).ToArray());
    }

    [Theory]
    [InlineData("When was AB-123-CD last seen?", "last_seen")]
    [InlineData("À quelle heure passe-t-il le plus de voitures ?", "busiest_hour")]
    public async Task OtherTimeQuestions_NotThisAggregate(string question, string intent)
    {
        Assert.Equal(intent, (await fixture.History.AskAsync(question)).Intent);
    }
}
