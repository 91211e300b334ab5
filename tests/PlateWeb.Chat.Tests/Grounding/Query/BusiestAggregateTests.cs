namespace PlateWeb.Chat.Tests.Grounding.Query;

/// <summary>"Busiest day last week", "busiest hour": the local day or hour with the most reads of the scope, ties together.</summary>
public sealed class BusiestAggregateTests(HistoryFixture fixture) : IClassFixture<HistoryFixture>
{
    [Theory]
    [InlineData("What was the busiest day this week?", "en", "The busiest day between 2026-11-23 and 2026-11-29 was Saturday 2026-11-28 [1], with 2 reads.")]
    [InlineData("Quel jour a-t-on vu le plus de plaques cette semaine ?", "fr", "Le jour le plus chargé entre le 2026-11-23 et le 2026-11-29 a été le samedi 2026-11-28 [1], avec 2 lectures.")]
    public async Task Day_TheDayWithMostReads(string question, string language, string answer)
    {
        var grounded = await fixture.History.AskAsync(question);

        Assert.Equal(("busiest_day", language, "2026-11-23 to 2026-11-29"), (grounded.Intent, grounded.Language, grounded.Period));
        Assert.Equal(["busiest day: 2026-11-28 (Saturday), 2 reads"], grounded.Facts.Select(f => f.Line).ToArray());
        Assert.Equal(answer, grounded.Answer);
    }

    [Theory]
    [InlineData("busiest day last week", "en", "The busiest days between 2026-11-16 and 2026-11-22 were Monday 2026-11-16 [1], Friday 2026-11-20 [2], Sunday 2026-11-22 [3], with 1 read each.")]
    [InlineData("Le jour le plus chargé la semaine dernière ?", "fr", "Les jours les plus chargés entre le 2026-11-16 et le 2026-11-22 ont été lundi 2026-11-16 [1], vendredi 2026-11-20 [2], dimanche 2026-11-22 [3], avec 1 lecture chacun.")]
    public async Task Day_TiesListedInOrder_NotTheReads(string question, string language, string answer)
    {
        var grounded = await fixture.History.AskAsync(question);

        Assert.Equal(("busiest_day", language), (grounded.Intent, grounded.Language));
        Assert.Equal(
            ["busiest day: 2026-11-16 (Monday), 1 read", "busiest day: 2026-11-20 (Friday), 1 read", "busiest day: 2026-11-22 (Sunday), 1 read"],
            grounded.Facts.Select(f => f.Line).ToArray());
        Assert.Equal(answer, grounded.Answer);
    }

    [Theory]
    [InlineData("What is the busiest hour?", "en", "The busiest hours were 08:00-09:00 [1], 09:00-10:00 [2], with 2 reads each.")]
    [InlineData("À quelle heure voit-on le plus de plaques ?", "fr", "Les heures les plus chargées ont été 08:00-09:00 [1], 09:00-10:00 [2], avec 2 lectures chacune.")]
    public async Task Hour_LocalHoursWithMostReads(string question, string language, string answer)
    {
        var grounded = await fixture.History.AskAsync(question);

        Assert.Equal(("busiest_hour", language, "all"), (grounded.Intent, grounded.Language, grounded.Period));
        Assert.Equal(["busiest hour: 08:00-09:00, 2 reads", "busiest hour: 09:00-10:00, 2 reads"], grounded.Facts.Select(f => f.Line).ToArray());
        Assert.Equal(answer, grounded.Answer);
    }

    [Theory]
    [InlineData("Busiest hour for German plates?", "en", "The busiest hours were 07:00-08:00 [1], 10:00-11:00 [2], with 1 read each.")]
    [InlineData("Heure de pointe des plaques allemandes ?", "fr", "Les heures les plus chargées ont été 07:00-08:00 [1], 10:00-11:00 [2], avec 1 lecture chacune.")]
    public async Task Hour_WithACountryFilter(string question, string language, string answer)
    {
        var grounded = await fixture.History.AskAsync(question);

        Assert.Equal(language, grounded.Language);
        Assert.Equal(answer, grounded.Answer);
    }

    [Theory]
    [InlineData("Busiest day in March?", "No read between 2026-03-01 and 2026-03-31 [1].")]
    [InlineData("Jour le plus chargé en mars ?", "Aucune lecture entre le 2026-03-01 et le 2026-03-31 [1].")]
    public async Task NothingInThePeriod_SaysSo(string question, string answer)
    {
        var grounded = await fixture.History.AskAsync(question);

        Assert.Equal(["count: 0 reads"], grounded.Facts.Select(f => f.Line).ToArray());
        Assert.Equal(answer, grounded.Answer);
    }
}
