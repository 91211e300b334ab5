using PlateWeb.Chat.Evaluation;

namespace PlateWeb.Chat.Tests.Grounding.Query;

/// <summary>
/// A history for the set questions. Today is Sunday 2026-11-29: AA-111-AA yesterday and today; BB-222-BB yesterday only;
/// CC-333-CC today and on 2026-11-10; DD-444-DD first on Wednesday; EE-555-EE and GG-777-GG not since Monday 2026-11-23;
/// FF-666-FF before and since Monday.
/// </summary>
public sealed class PlateSetHistory : IAsyncLifetime
{
    public SeededHistory History { get; private set; } = null!;

    public async Task InitializeAsync() => History = await SeededHistory.CreateAsync(
    [
        new SeedRead(1, "AA-111-AA", "FR", "FR-SIV", 0.9, "2026-11-28 09:00"),
        new SeedRead(2, "AA-111-AA", "FR", "FR-SIV", 0.9, "2026-11-29 08:00"),
        new SeedRead(3, "BB-222-BB", "FR", "FR-SIV", 0.9, "2026-11-28 10:00"),
        new SeedRead(4, "CC-333-CC", "FR", "FR-SIV", 0.9, "2026-11-29 10:00"),
        new SeedRead(5, "CC-333-CC", "FR", "FR-SIV", 0.9, "2026-11-10 10:00"),
        new SeedRead(6, "DD-444-DD", "FR", "FR-SIV", 0.9, "2026-11-25 12:00"),
        new SeedRead(7, "EE-555-EE", "FR", "FR-SIV", 0.9, "2026-11-20 12:00"),
        new SeedRead(8, "FF-666-FF", "FR", "FR-SIV", 0.9, "2026-11-18 12:00"),
        new SeedRead(9, "FF-666-FF", "FR", "FR-SIV", 0.9, "2026-11-24 12:00"),
        new SeedRead(10, "GG-777-GG", "FR", "FR-SIV", 0.9, "2026-11-05 12:00"),
    ], HistoryFixture.Today);

    public async Task DisposeAsync() => await History.DisposeAsync();
}

/// <summary>Seen in both periods, new in a period, not seen since a day: plates as sets over periods, with ready answers.</summary>
public sealed class PlateSetAggregateTests(PlateSetHistory fixture) : IClassFixture<PlateSetHistory>
{
    private const string Aa = "plate AA-111-AA: 2 reads, first 2026-11-28 09:00, last 2026-11-29 08:00, country FR (France), best confidence 90%";

    [Theory]
    [InlineData("Which plates were seen both yesterday and today?", "en", "1 plate was seen both on Saturday 2026-11-28 and on Sunday 2026-11-29 [1]: AA-111-AA [2].")]
    [InlineData("Quelles plaques ont été vues hier et aujourd'hui ?", "fr", "1 plaque a été vue à la fois le samedi 2026-11-28 et le dimanche 2026-11-29 [1] : AA-111-AA [2].")]
    [InlineData("plates seen today and also yesterday", "en", "1 plate was seen both on Saturday 2026-11-28 and on Sunday 2026-11-29 [1]: AA-111-AA [2].")]
    public async Task Both_OnlyPlatesOfBothDays(string question, string language, string answer)
    {
        var grounded = await fixture.History.AskAsync(question);

        Assert.Equal(("seen_both", language), (grounded.Intent, grounded.Language));
        Assert.Equal(["count: 1 plate seen both on 2026-11-28 (Saturday) and on 2026-11-29 (Sunday)", Aa], grounded.Facts.Select(f => f.Line).ToArray());
        Assert.Equal(answer, grounded.Answer);
    }

    [Fact]
    public async Task Both_WeeksAndCount()
    {
        var grounded = await fixture.History.AskAsync("How many plates were seen both last week and this week?");

        Assert.Equal("seen_both", grounded.Intent);
        Assert.Equal("count: 1 plate seen both from 2026-11-16 to 2026-11-22 and from 2026-11-23 to 2026-11-29", grounded.Facts[0].Line);
        Assert.StartsWith("plate FF-666-FF:", grounded.Facts[1].Line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Which new plates did we see this week, never seen before?", "en",
        "3 plates were seen for the first time between 2026-11-23 and 2026-11-29 [1]: AA-111-AA (since 2026-11-28) [2], BB-222-BB (since 2026-11-28) [3], DD-444-DD (since 2026-11-25) [4].")]
    [InlineData("Quelles nouvelles plaques cette semaine ?", "fr",
        "3 plaques ont été vues pour la première fois entre le 2026-11-23 et le 2026-11-29 [1] : AA-111-AA (depuis le 2026-11-28) [2], BB-222-BB (depuis le 2026-11-28) [3], DD-444-DD (depuis le 2026-11-25) [4].")]
    public async Task New_FirstReadInThePeriod(string question, string language, string answer)
    {
        var grounded = await fixture.History.AskAsync(question);

        Assert.Equal(("new_plates", language), (grounded.Intent, grounded.Language));
        Assert.Equal("count: 3 plates first seen from 2026-11-23 to 2026-11-29", grounded.Facts[0].Line);
        Assert.Equal(4, grounded.Facts.Count);
        Assert.Equal(answer, grounded.Answer);
    }

    [Fact]
    public async Task New_TodayIsNotNewForAnOldPlate()
    {
        var grounded = await fixture.History.AskAsync("How many new plates today?");

        // AA-111-AA was first seen yesterday, CC-333-CC on 2026-11-10: no plate of today is new.
        Assert.Equal(("new_plates", "en"), (grounded.Intent, grounded.Language));
        Assert.Equal(["count: 0 plates first seen on 2026-11-29 (Sunday)"], grounded.Facts.Select(f => f.Line).ToArray());
        Assert.Equal("No new plate was seen on Sunday 2026-11-29 [1].", grounded.Answer);
    }

    [Theory]
    [InlineData("Which plates have not been seen since Monday?", "en",
        "2 plates seen before Monday 2026-11-23 have not been seen since [1]: EE-555-EE (last seen 2026-11-20) [2], GG-777-GG (last seen 2026-11-05) [3].")]
    [InlineData("Quelles plaques ne sont pas revenues depuis lundi ?", "fr",
        "2 plaques vues avant le lundi 2026-11-23 n'ont plus été vues depuis [1] : EE-555-EE (dernière fois le 2026-11-20) [2], GG-777-GG (dernière fois le 2026-11-05) [3].")]
    [InlineData("plaques pas vues depuis lundi", "fr",
        "2 plaques vues avant le lundi 2026-11-23 n'ont plus été vues depuis [1] : EE-555-EE (dernière fois le 2026-11-20) [2], GG-777-GG (dernière fois le 2026-11-05) [3].")]
    public async Task NotSince_SeenBeforeAndNotAfter(string question, string language, string answer)
    {
        var grounded = await fixture.History.AskAsync(question);

        Assert.Equal(("not_seen_since", language), (grounded.Intent, grounded.Language));
        Assert.Equal("count: 2 plates seen before 2026-11-23 (Monday) and not since", grounded.Facts[0].Line);
        Assert.Equal(answer, grounded.Answer);
    }

    [Theory]
    [InlineData("How many reads yesterday and today?", "count")]
    [InlineData("Did AA-111-AA come yesterday?", "presence")]
    [InlineData("When was GG-777-GG first seen?", "first_seen")]
    public async Task OtherQuestions_NotASet(string question, string intent)
    {
        Assert.Equal(intent, (await fixture.History.AskAsync(question)).Intent);
    }
}
