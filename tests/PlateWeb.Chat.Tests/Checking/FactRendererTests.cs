using PlateWeb.Chat.Checking;
using PlateWeb.Chat.Grounding;

namespace PlateWeb.Chat.Tests.Checking;

public sealed class FactRendererTests
{
    private static string Render(string language, string intent, string period, params string[] facts) =>
        FactRenderer.Render(FakeChatModel.Checker.Prepare(new GroundedQuestion(
            "?", language, intent, period, new DateOnly(2026, 11, 29), facts.Select((f, i) => new GroundingFact(i + 1, f, [], null)).ToList())));

    private const string Summary = "plate AB-123-CD: 3 reads, first 2026-11-23 08:14, last 2026-11-28 17:02, country FR (France), best confidence 93%";

    [Theory]
    [InlineData("en", Intents.LastSeen, "AB-123-CD was last seen on 2026-11-28 at 17:02 [1].")]
    [InlineData("fr", Intents.LastSeen, "AB-123-CD a été vue pour la dernière fois le 2026-11-28 à 17:02 [1].")]
    [InlineData("en", Intents.FirstSeen, "AB-123-CD was first seen on 2026-11-23 at 08:14 [1].")]
    [InlineData("fr", Intents.FirstSeen, "AB-123-CD a été vue pour la première fois le 2026-11-23 à 08:14 [1].")]
    [InlineData("fr", Intents.Country, "AB-123-CD est immatriculée en France (FR) [1].")]
    [InlineData("fr", Intents.Confidence, "La meilleure confiance pour AB-123-CD est de 93 % [1].")]
    [InlineData("en", Intents.Confidence, "The best confidence for AB-123-CD is 93% [1].")]
    public void Render_Summary_OneSentenceInTheLanguage(string language, string intent, string expected) =>
        Assert.Equal(expected, Render(language, intent, "all", Summary));

    [Fact]
    public void Render_CountOfAPlateOverAPeriod_NaturalFrench() =>
        Assert.Equal(
            "AB-123-CD n'a pas été vue du 2026-11-23 au 2026-11-29 [1]. En tout, elle compte 3 lectures, la dernière le 2026-11-28 à 17:02 [2].",
            Render("fr", Intents.Count, "2026-11-23 to 2026-11-29", "count: 0 reads of AB-123-CD", Summary));

    [Theory]
    [InlineData("count: 1 plate seen both on 2026-11-28 (Saturday) and on 2026-11-29 (Sunday)", "1 plaque vue à la fois le 2026-11-28 et le 2026-11-29 [1].")]
    [InlineData("count: 2 plates seen both on 2026-11-28 (Saturday) and on 2026-11-29 (Sunday)", "2 plaques vues à la fois le 2026-11-28 et le 2026-11-29 [1].")]
    [InlineData("count: 1 read corrected", "1 lecture corrigée [1].")]
    public void Render_FrenchParticiples_AgreeWithOneOrMany(string fact, string expected) =>
        Assert.Equal(expected, Render("fr", Intents.Count, "all", fact));

    [Theory]
    [InlineData("read #17: AB-123-CD at 2026-11-29 10:30, country FR (France), confidence 93%", "fr", "AB-123-CD a été lue le 2026-11-29 à 10:30, avec une confiance de 93 %.")]
    [InlineData("read #17: AB-123-CD at 2026-11-29 10:30, country FR (France), confidence 93%", "en", "AB-123-CD was read on 2026-11-29 at 10:30, with a confidence of 93%.")]
    [InlineData(Summary, "fr", "AB-123-CD compte 3 lectures, vue pour la dernière fois le 2026-11-28 à 17:02.")]
    [InlineData("count: 12 reads", "fr", "12 lectures.")]
    [InlineData("country FR (France): 111 reads", "fr", "France (FR) : 111 lectures.")]
    public void Source_OneFactLine_ASentenceInTheLanguageWithoutCitation(string line, string language, string expected) =>
        Assert.Equal(expected, new FactRenderer(FakeChatModel.Checker).Source(line, language));

    [Theory]
    [InlineData("fr", "busiest_day", "busiest day: 2026-11-22 (Sunday), 26 reads", "Le jour le plus chargé a été le dimanche 2026-11-22, avec 26 lectures [1].")]
    [InlineData("en", "busiest_hour", "busiest hour: 15:00-16:00, 33 reads", "The busiest hour was 15:00-16:00, with 33 reads [1].")]
    [InlineData("fr", "per_day", "day 2026-11-24 (Tuesday): 21 reads", "mardi 2026-11-24 : 21 lectures [1].")]
    [InlineData("fr", "per_hour", "hour 06:00-07:00: 1 read", "06:00-07:00 : 1 lecture [1].")]
    [InlineData("fr", "seen_times", "plate JC-792-PQ: 1 read", "JC-792-PQ : 1 lecture [1].")]
    [InlineData("fr", "presence", "VN67 ALZ seen on 2026-11-25 (Wednesday): yes, 1 read", "Oui, VN67 ALZ a été vue une fois le mercredi 2026-11-25 [1].")]
    [InlineData("en", "presence", "LS-342-VW seen on 2026-11-28 (Saturday): no", "No, LS-342-VW was not seen on Saturday 2026-11-28 [1].")]
    public void Render_AggregateLines_InWordsNotAsWritten(string language, string intent, string fact, string expected)
    {
        var rendered = Render(language, intent, "all", fact);

        Assert.Equal(expected, rendered);
        Assert.Empty(FakeChatModel.Checker.Check(new GroundedQuestion("?", language, intent, "all", new DateOnly(2026, 11, 29), [new GroundingFact(1, fact, [], null)]), rendered).Problems);
    }

    [Fact]
    public void Render_PolishPlateCountry_TakesEnNotAu() =>
        Assert.Equal("PO 4439T est immatriculée en Pologne (PL) [1].",
            Render("fr", Intents.Country, "all", "plate PO 4439T: 7 reads, first 2026-09-09 15:10, last 2026-11-08 09:17, country PL (Pologne), best confidence 99%"));

    [Fact]
    public void Render_List_EachReadWithItsCitationThenTheTotal()
    {
        var text = Render("fr", Intents.List, "2026-11-29 to 2026-11-29",
            "read #6: BRA2E19 at 2026-11-29 12:00, country BR (Brésil), confidence 97%",
            "read #5: AB-123-CD at 2026-11-29 10:30, country FR (France), confidence 93%",
            "read #4: M-AB 1234 at 2026-11-29 09:15, country DE (Allemagne), confidence 95%",
            "count: 12 reads");

        Assert.Equal("Lectures le 2026-11-29 : BRA2E19 le 2026-11-29 à 12:00 [1], AB-123-CD le 2026-11-29 à 10:30 [2] et M-AB 1234 le 2026-11-29 à 09:15 [3], sur 12 lectures en tout [4].", text);
    }

    [Fact]
    public void Render_CountryTallies_English() =>
        Assert.Equal("France (FR): 111 reads [1]; United States (US): 51 reads [2].",
            Render("en", Intents.Country, "all", "country FR (France): 111 reads", "country US (United States): 51 reads"));

    [Theory]
    [InlineData("en", "That is not in the data.")]
    [InlineData("fr", "Ce n'est pas dans les données.")]
    public void Render_NoFacts_NotInTheData(string language, string expected) => Assert.Equal(expected, Render(language, Intents.Unknown, "all"));

    [Fact]
    public void Render_NotFoundBesideAPlate_SaysSoWithItsCitation() =>
        Assert.Equal("AB-123-CD compte 3 lectures, vue pour la dernière fois le 2026-11-28 à 17:02 [1]. ZZ999ZZ n'est pas dans les données [2].",
            Render("fr", Intents.Compare, "all", Summary, "not found: ZZ999ZZ"));
}
