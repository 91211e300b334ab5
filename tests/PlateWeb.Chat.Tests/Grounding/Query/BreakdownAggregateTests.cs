namespace PlateWeb.Chat.Tests.Grounding.Query;

/// <summary>Per-day and per-hour breakdowns of the scope (per country is the country tally).</summary>
public sealed class BreakdownAggregateTests(HistoryFixture fixture) : IClassFixture<HistoryFixture>
{
    private static readonly string[] ThisWeek =
    [
        "day 2026-11-23 (Monday): 1 read", "day 2026-11-25 (Wednesday): 1 read", "day 2026-11-26 (Thursday): 1 read",
        "day 2026-11-27 (Friday): 1 read", "day 2026-11-28 (Saturday): 2 reads", "day 2026-11-29 (Sunday): 1 read",
    ];

    [Theory]
    [InlineData("Reads per day this week", "en", "Reads per day between 2026-11-23 and 2026-11-29:\n- Monday 2026-11-23: 1 read [1]\n", "- Saturday 2026-11-28: 2 reads [5]\n")]
    [InlineData("Combien de lectures par jour cette semaine ?", "fr", "Lectures par jour entre le 2026-11-23 et le 2026-11-29 :\n- lundi 2026-11-23 : 1 lecture [1]\n", "- samedi 2026-11-28 : 2 lectures [5]\n")]
    public async Task PerDay_DaysInOrder(string question, string language, string start, string saturday)
    {
        var grounded = await fixture.History.AskAsync(question);

        Assert.Equal(("per_day", language), (grounded.Intent, grounded.Language));
        Assert.Equal(ThisWeek, grounded.Facts.Select(f => f.Line).ToArray());
        Assert.StartsWith(start, grounded.Answer, StringComparison.Ordinal);
        Assert.Contains(saturday, grounded.Answer, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("How many reads per hour yesterday?", "en", "Reads per hour on Saturday 2026-11-28:\n- 08:00-09:00: 1 read [1]\n- 17:00-18:00: 1 read [2]")]
    [InlineData("Lectures par heure hier ?", "fr", "Lectures par heure le samedi 2026-11-28 :\n- 08:00-09:00 : 1 lecture [1]\n- 17:00-18:00 : 1 lecture [2]")]
    public async Task PerHour_HoursInOrder(string question, string language, string answer)
    {
        var grounded = await fixture.History.AskAsync(question);

        Assert.Equal(("per_hour", language), (grounded.Intent, grounded.Language));
        Assert.Equal(["hour 08:00-09:00: 1 read", "hour 17:00-18:00: 1 read"], grounded.Facts.Select(f => f.Line).ToArray());
        Assert.Equal(answer, grounded.Answer);
    }

    [Theory]
    [InlineData("Reads per country last week?", "en", "country ?? (unknown): 1 read")]
    [InlineData("Lectures par pays la semaine dernière ?", "fr", "country ?? (inconnu): 1 read")]
    public async Task PerCountry_IsTheCountryTally(string question, string language, string first)
    {
        var grounded = await fixture.History.AskAsync(question);

        Assert.Equal(("country", language), (grounded.Intent, grounded.Language));
        Assert.Equal(first, grounded.Facts[0].Line);
    }
}
