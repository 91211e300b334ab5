using PlateWeb.Chat.Grounding;

namespace PlateWeb.Chat.Tests.Grounding;

/// <summary>Question → expected facts on a seeded SQLite history (<see cref="HistoryFixture"/>), in English and French.</summary>
public sealed class GroundingServiceTests(HistoryFixture fixture) : IClassFixture<HistoryFixture>
{
    private const string AbAllTime = "plate AB-123-CD: 4 reads, first 2026-11-10 09:00, last 2026-11-28 17:02, country FR (France), best confidence 93%";
    private const string BmwEn = "plate B-MW 1234: 2 reads, first 2026-11-16 07:45, last 2026-11-27 10:30, country DE (Germany), best confidence 85%";
    private const string BmwFr = "plate B-MW 1234: 2 reads, first 2026-11-16 07:45, last 2026-11-27 10:30, country DE (Allemagne), best confidence 85%";
    private const string Gh = "plate GH-456-JK: 1 read, first 2026-11-29 09:05, last 2026-11-29 09:05, country FR (France), best confidence 97%";
    private const string Corrected = "read #10: EF-458-GH at 2026-11-26 14:00, country FR (France), confidence 55%, corrected from EF-456-GH";
    private const string Read7 = "read #7: GH-456-JK at 2026-11-29 09:05, country FR (France), confidence 97%";

    private SeededHistory History => fixture.History;

    private async Task AssertGrounded(string question, string language, string intent, string period, params string[] facts)
    {
        var grounded = await History.AskAsync(question);
        Assert.Equal((language, intent, period), (grounded.Language, grounded.Intent, grounded.Period));
        Assert.Equal(facts, grounded.Facts.Select(f => f.Line).ToArray());
        Assert.Equal(Enumerable.Range(1, facts.Length), grounded.Facts.Select(f => f.Number));
        Assert.Equal(HistoryFixture.Today, grounded.Today);
    }

    [Theory]
    [InlineData("How many times did we see AB-123-CD?", "en")]
    [InlineData("Combien de fois a-t-on vu AB-123-CD ?", "fr")]
    public Task Count_Plate_CountThenSummary(string question, string language) =>
        AssertGrounded(question, language, "count", "all", "count: 4 reads of AB-123-CD", AbAllTime);

    [Theory]
    [InlineData("How many times was AB-123-CD seen yesterday?", "en")]
    [InlineData("Combien de fois AB-123-CD a-t-elle été vue hier ?", "fr")]
    public Task Count_PlateAndPeriod_CountOverThePeriodSummaryOverAllTime(string question, string language) =>
        AssertGrounded(question, language, "count", "2026-11-28 to 2026-11-28", "count: 1 read of AB-123-CD", AbAllTime);

    [Fact]
    public Task Count_PlateNotSeenInThePeriod_CountsZeroThenItsSummary() =>
        AssertGrounded("How many times did we see GH-456-JK last week?", "en", "count", "2026-11-16 to 2026-11-22", "count: 0 reads of GH-456-JK", Gh);

    [Theory]
    [InlineData("How many plates starting with AB?", "en")]
    [InlineData("Combien de plaques commençant par AB ?", "fr")]
    [InlineData("Combien de plaques qui commencent par ab ?", "fr")]
    public Task Count_Prefix_CountsEffectiveTextsStartingWithIt(string question, string language) =>
        AssertGrounded(question, language, "count", "all", "count: 5 reads starting with AB");

    [Theory]
    [InlineData("How many German plates?", "en", "count: 2 reads from DE (Germany)")]
    [InlineData("Combien de plaques allemandes ?", "fr", "count: 2 reads from DE (Allemagne)")]
    [InlineData("Combien de plaques des Pays-Bas ?", "fr", "count: 0 reads from NL (Pays-Bas)")]
    public Task Count_Country_CountsThatCountry(string question, string language, string fact) =>
        AssertGrounded(question, language, "count", "all", fact);

    [Theory]
    [InlineData("How many reads this month?", "en", "2026-11-01 to 2026-11-29", "count: 11 reads")]
    [InlineData("Combien de lectures le mois dernier ?", "fr", "2026-10-01 to 2026-10-31", "count: 1 read")]
    public Task Count_Period_CountsEveryRead(string question, string language, string period, string fact) =>
        AssertGrounded(question, language, "count", period, fact);

    [Theory]
    [InlineData("AB1Z3CD")]   // Z/2 confusion
    [InlineData("A8-I23-CD")] // B/8 and I/1
    [InlineData("ab-123-cd")] // lower case
    [InlineData("AB12CD")]    // one character missing (from 5 characters on)
    [InlineData("AB-1234-CD")] // one extra character
    [InlineData("4B-123-CD")] // one weaker confusion (A/4)
    public async Task Plate_ConfusedOrMistyped_FindsTheStoredPlate(string written)
    {
        var facts = await History.FactsAsync($"How many times did we see {written}?");

        Assert.Equal(["[1] count: 4 reads of AB-123-CD", "[2] " + AbAllTime], facts);
    }

    [Theory]
    [InlineData("When was AB-123-CE seen?", "en", "not found: AB-123-CE")] // one different character: another plate
    [InlineData("Quand a-t-on vu zz-999-zz ?", "fr", "not found: ZZ-999-ZZ")]
    [InlineData("When was EF-456-GH seen?", "en", "not found: EF-456-GH")] // the OCR text of a corrected read is no longer its text
    public Task Plate_NeverSeen_NotFoundAndNothingElse(string question, string language, string fact) =>
        AssertGrounded(question, language, "last_seen", "all", fact);

    [Fact]
    public Task Plate_Corrected_FoundByItsCorrection() =>
        AssertGrounded("When was EF-458-GH seen?", "en", "last_seen", "all",
            "plate EF-458-GH: 1 read, first 2026-11-26 14:00, last 2026-11-26 14:00, country FR (France), best confidence 55%");

    [Theory]
    [InlineData("When was AB-123-CD first seen?", "en", "first_seen")]
    [InlineData("Quand a-t-on vu AB-123-CD pour la première fois ?", "fr", "first_seen")]
    [InlineData("When did we last see AB-123-CD?", "en", "last_seen")]
    [InlineData("Quand a-t-on vu AB-123-CD pour la dernière fois ?", "fr", "last_seen")]
    [InlineData("Did we see AB-123-CD?", "en", "last_seen")]
    public Task FirstLast_Plate_Summary(string question, string language, string intent) =>
        AssertGrounded(question, language, intent, "all", AbAllTime);

    [Theory]
    [InlineData("What was the last plate seen?", "en", "last_seen", "read #7: GH-456-JK at 2026-11-29 09:05, country FR (France), confidence 97%")]
    [InlineData("Quelle est la dernière plaque vue ?", "fr", "last_seen", "read #7: GH-456-JK at 2026-11-29 09:05, country FR (France), confidence 97%")]
    [InlineData("What was the first German plate?", "en", "first_seen", "read #6: B-MW 1234 at 2026-11-16 07:45, country DE (Germany), confidence 75%")]
    [InlineData("Quelle a été la première plaque ?", "fr", "first_seen", "read #12: BRA2E19 at 2026-09-03 11:00, country BR (Brésil), confidence 88%")]
    public Task FirstLast_NoPlate_OneRead(string question, string language, string intent, string fact) =>
        AssertGrounded(question, language, intent, "all", fact);

    [Theory]
    [InlineData("Which plates start with AB?", "en")]
    [InlineData("Quelles plaques commencent par AB ?", "fr")]
    public Task List_Prefix_ReadsNewestFirst(string question, string language) =>
        AssertGrounded(question, language, "list", "all",
            "read #3: AB-123-CD at 2026-11-28 17:02, country FR (France), confidence 91%",
            "read #8: AB-987-ZZ at 2026-11-28 08:00, country FR (France), confidence 60%",
            "read #2: AB-123-CD at 2026-11-25 12:00, country FR (France), confidence 88%",
            "read #1: AB-123-CD at 2026-11-23 08:14, country FR (France), confidence 93%",
            "read #4: AB-123-CD at 2026-11-10 09:00, country FR (France), confidence 80%");

    [Theory]
    [InlineData("What did we see today?", "en", "2026-11-29 to 2026-11-29")]
    [InlineData("Qu'a-t-on vu aujourd’hui ?", "fr", "2026-11-29 to 2026-11-29")]
    public Task List_Today_TodaysReads(string question, string language, string period) =>
        AssertGrounded(question, language, "list", period, Read7);

    [Theory]
    [InlineData("Which plates did we see in March?", "en", "2026-03-01 to 2026-03-31", "count: 0 reads")]
    [InlineData("Quelles plaques en mars 2025 ?", "fr", "2025-03-01 to 2025-03-31", "count: 0 reads")]
    public Task List_NothingInThePeriod_CountsZero(string question, string language, string period, string fact) =>
        AssertGrounded(question, language, "list", period, fact);

    [Theory]
    [InlineData("Which countries did we see last week?", "en", "country ?? (unknown): 1 read", "country DE (Germany): 1 read", "country US (United States): 1 read")]
    [InlineData("Quels pays la semaine dernière ?", "fr", "country ?? (inconnu): 1 read", "country DE (Allemagne): 1 read", "country US (États-Unis): 1 read")]
    public Task Country_NoPlate_TalliesOfThePeriod(string question, string language, params string[] facts) =>
        AssertGrounded(question, language, "country", "2026-11-16 to 2026-11-22", facts);

    [Theory]
    [InlineData("Which country is B-MW 1234 from?", "en", BmwEn)]
    [InlineData("De quel pays vient B-MW 1234 ?", "fr", BmwFr)]
    public Task Country_Plate_SummaryWithItsCountry(string question, string language, string fact) =>
        AssertGrounded(question, language, "country", "all", fact);

    [Theory]
    [InlineData("Explain the format of AB-123-CD", "en")]
    [InlineData("Explique le format de AB-123-CD", "fr")]
    public async Task ExplainFormat_Plate_ItsFormatThenOtherCountriesItFits(string question, string language)
    {
        var grounded = await History.AskAsync(question);

        Assert.Equal(("explain_format", language), (grounded.Intent, grounded.Language));
        Assert.Equal(language == "fr"
            ? ["format of AB-123-CD: Format français SIV AA-123-AA, attribué depuis 2009 (les lettres I, O et U ne sont pas utilisées)",
               "format of AB 123 CD: Format italien AA 123 AA, attribué depuis 1994 (les lettres I, O, Q et U ne sont pas utilisées)",
               // AB is no Slovak district code: the series layout.
               "format of AB-123CD: Format slovaque AB-123CD dont les premières lettres ne sont pas un code de district"]
            : ["format of AB-123-CD: French SIV format AA-123-AA, issued since 2009 (letters I, O and U are not used)",
               "format of AB 123 CD: Italian format AA 123 AA, issued since 1994 (letters I, O, Q and U are not used)",
               "format of AB-123CD: Slovak format AB-123CD whose first letters are not a district code"],
            grounded.Facts.Select(f => f.Line).ToArray());
        Assert.Equal([3L, 2L, 1L, 4L], grounded.Facts[0].ReadIds);
    }

    [Fact]
    public Task ExplainFormat_PlateNeverSeen_StillExplainedByTheGrammar() =>
        AssertGrounded("What kind of plate is GB12 XYZ?", "en", "explain_format", "all",
            "format of GB12 XYZ: British format AB12 CDE (area code, age identifier, random letters), issued since 2001");

    [Fact]
    public Task ExplainFormat_FitsNoFormat_NotFound() =>
        AssertGrounded("Explain the format of A1B2C3D4E5", "en", "explain_format", "all", "not found: A1B2C3D4E5");

    [Fact]
    public Task ExplainFormat_Country_ItsFormatsOnTheirExamples() =>
        AssertGrounded("Explique le format allemand", "fr", "explain_format", "all",
            "format of B-AB 1234: Format allemand : code de district (1 à 3 lettres), 1 à 2 lettres et 1 à 4 chiffres, p. ex. B-AB 1234",
            "format of B-AB 123E: Plaque allemande avec suffixe E (électrique) ou H (véhicule historique), p. ex. B-AB 123E");

    [Theory]
    [InlineData("How confident was the read of GH-456-JK?", "en")]
    [InlineData("Quelle confiance pour GH-456-JK ?", "fr")]
    public Task Confidence_PlateWithFewReads_ItsReads(string question, string language) =>
        AssertGrounded(question, language, "confidence", "all", Read7);

    [Fact]
    public Task Confidence_PlateWithManyReads_ItsSummary() =>
        AssertGrounded("How confident were the reads of AB-123-CD?", "en", "confidence", "all", AbAllTime);

    [Theory]
    [InlineData("What was the confidence of read #7?", "en")]
    [InlineData("Confiance de la lecture #7 ?", "fr")]
    public Task Confidence_ReadByNumber_ThatRead(string question, string language) =>
        AssertGrounded(question, language, "confidence", "all", Read7);

    [Fact]
    public Task ReadByNumber_Missing_NotFound() =>
        AssertGrounded("How confident was read #999?", "en", "confidence", "all", "not found: #999");

    [Theory]
    [InlineData("Compare AB-123-CD and B-MW 1234", "en", AbAllTime, BmwEn)]
    [InlineData("Compare AB-123-CD et B-MW 1234", "fr", AbAllTime, BmwFr)]
    [InlineData("AB-123-CD or ZZ-999-ZZ?", "en", AbAllTime, "not found: ZZ-999-ZZ")]
    public Task Compare_TwoPlates_OneSummaryEach(string question, string language, string first, string second) =>
        AssertGrounded(question, language, "compare", "all", first, second);

    [Theory]
    [InlineData("Compare German and French plates last week", "en", "count: 1 read from DE (Germany)", "count: 0 reads from FR (France)")]
    [InlineData("Compare les plaques allemandes et françaises la semaine dernière", "fr", "count: 1 read from DE (Allemagne)", "count: 0 reads from FR (France)")]
    public Task Compare_TwoCountries_OneCountEach(string question, string language, string first, string second) =>
        AssertGrounded(question, language, "compare", "2026-11-16 to 2026-11-22", first, second);

    [Theory]
    [InlineData("Which reads were corrected?", "en")]
    [InlineData("Quelles lectures ont été corrigées ?", "fr")]
    public Task Corrections_CorrectedReadsNewestFirst(string question, string language) =>
        AssertGrounded(question, language, "corrections", "all", Corrected);

    [Theory]
    [InlineData("Was EF-458-GH corrected?", "en", Corrected)]
    [InlineData("Quelqu'un a corrigé GH-456-JK ?", "fr", Read7)]
    public Task Corrections_Plate_ItsNewestReads(string question, string language, string fact) =>
        AssertGrounded(question, language, "corrections", "all", fact);

    [Fact]
    public Task Corrections_NoneInThePeriod_CountsZero() =>
        AssertGrounded("Were any reads corrected today?", "en", "corrections", "2026-11-29 to 2026-11-29", "count: 0 reads");

    [Theory]
    [InlineData("What can you do?", "en", "help")]
    [InlineData("Que peux-tu faire ?", "fr", "help")]
    [InlineData("Hello!", "en", "greeting")]
    [InlineData("Bonjour !", "fr", "greeting")]
    [InlineData("Merci", "fr", "greeting")]
    [InlineData("What's the weather tomorrow?", "en", "unknown")]
    [InlineData("Quel temps fera-t-il demain ?", "fr", "unknown")]
    [InlineData("Who owns AB-123-CD?", "en", "unknown")]
    [InlineData("À qui appartient AB-123-CD ?", "fr", "unknown")]
    [InlineData("What colour is the car AB-123-CD?", "en", "unknown")]
    [InlineData("How many red cars did we see?", "en", "count")] // asks a count, of what the history does not hold
    [InlineData("Combien de camions ?", "fr", "count")]
    [InlineData("Quand la camionnette bleue est-elle passée la première fois ?", "fr", "first_seen")]
    [InlineData("Which country is the driver from?", "en", "country")]
    [InlineData("When was this plate first seen?", "en", "first_seen")] // "this plate" with no plate in context
    public Task NothingInTheHistory_NoFacts(string question, string language, string intent) =>
        AssertGrounded(question, language, intent, "all");

    [Fact]
    public async Task List_MoreThanTenReads_TenNewestThenTheTotal()
    {
        var reads = Enumerable.Range(1, 12)
            .Select(i => new Evaluation.SeedRead(i, $"AA-{100 + i}-BB", "FR", "FR-SIV", 0.9, $"2026-11-29 {i + 6:00}:00"))
            .Append(new Evaluation.SeedRead(13, "AA-101-BB", "FR", "FR-SIV", 0.5, "2026-11-29 06:00"))
            .ToList();
        await using var history = await SeededHistory.CreateAsync(reads, HistoryFixture.Today);

        var facts = await history.FactsAsync("List the plates seen today");

        Assert.Equal(11, facts.Length);
        Assert.Equal("[1] read #12: AA-112-BB at 2026-11-29 18:00, country FR (France), confidence 90%", facts[0]);
        Assert.StartsWith("[10] read #3: AA-103-BB", facts[9], StringComparison.Ordinal);
        Assert.Equal("[11] count: 13 reads", facts[10]);
    }

    [Fact]
    public async Task List_OnePlateWithManyReads_TenNewestReadsThenItsCount()
    {
        var reads = Enumerable.Range(1, 12).Select(i => new Evaluation.SeedRead(i, "AB-123-CD", "FR", "FR-SIV", 0.9, $"2026-11-{i + 10:00} 08:00")).ToList();
        await using var history = await SeededHistory.CreateAsync(reads, HistoryFixture.Today);

        var grounded = await history.AskAsync("Liste les lectures de AB-123-CD");

        Assert.Equal("list", grounded.Intent);
        Assert.Equal(11, grounded.Facts.Count);
        Assert.Equal("read #12: AB-123-CD at 2026-11-22 08:00, country FR (France), confidence 90%", grounded.Facts[0].Line);
        Assert.Equal([12L], grounded.Facts[0].ReadIds);
        Assert.Equal("count: 12 reads of AB-123-CD", grounded.Facts[10].Line);
    }

    [Fact]
    public async Task Sources_FactsCarryTheirReadIdsAndPlate()
    {
        var grounded = await History.AskAsync("How many times did we see AB-123-CD?");

        Assert.Equal([3L, 2L, 1L, 4L], grounded.Facts[0].ReadIds);
        Assert.Equal("AB-123-CD", grounded.Facts[0].PlateText);
        Assert.Equal([3L, 2L, 1L, 4L], grounded.Facts[1].ReadIds);
    }

    [Theory]
    [InlineData("When was this plate first seen?", 5L, "first_seen", BmwEn)]
    [InlineData("How sure are you about this plate?", 7L, "confidence", "read #7: GH-456-JK at 2026-11-29 09:05, country FR (France), confidence 97%")]
    [InlineData("How many times was it seen?", 2L, "count", "count: 4 reads of AB-123-CD", AbAllTime)]
    [InlineData("Cette plaque a-t-elle été corrigée ?", 10L, "corrections", Corrected)]
    public async Task Context_ThisPlate_ResolvedFromTheRead(string question, long readId, string intent, params string[] facts)
    {
        var grounded = await History.AskAsync(question, new GroundingContext(readId, null));

        Assert.Equal(intent, grounded.Intent);
        Assert.Equal(facts, grounded.Facts.Select(f => f.Line).ToArray());
    }

    [Fact]
    public async Task Context_QuestionAboutTheWholeHistory_IgnoresIt()
    {
        var grounded = await History.AskAsync("How many plates today?", new GroundingContext(3, "AB-123-CD"));

        Assert.Equal(["count: 1 read"], grounded.Facts.Select(f => f.Line).ToArray());
    }

    [Fact]
    public async Task Context_PlateTextOnly_ResolvedLikeAWrittenPlate()
    {
        var grounded = await History.AskAsync("Quand cette plaque a-t-elle été vue ?", new GroundingContext(null, "B-MW 1234"));

        Assert.Equal(("fr", "last_seen"), (grounded.Language, grounded.Intent));
        Assert.Equal([BmwFr], grounded.Facts.Select(f => f.Line).ToArray());
    }
}

/// <summary>A read's effective text is its correction: search, prefixes and display all use it.</summary>
public sealed class EffectiveTextTests
{
    [Fact]
    public async Task Prefix_CorrectedReads_CountedByTheirCorrection()
    {
        await using var history = await SeededHistory.CreateAsync(
        [
            new(1, "ZZ-111-CD", "FR", "FR-SIV", 0.9, "2026-11-20 10:00", CorrectedFrom: "AB-111-CD"), // no longer an AB
            new(2, "ab 222 zz", "FR", "FR-SIV", 0.9, "2026-11-21 10:00", CorrectedFrom: "XY-222-ZZ"), // now an AB, typed without dashes
            new(3, "AB-333-CD", "FR", "FR-SIV", 0.9, "2026-11-22 10:00"),
        ], HistoryFixture.Today);

        Assert.Equal(["[1] count: 2 reads starting with AB"], await history.FactsAsync("How many plates starting with AB?"));
        Assert.Equal(
            ["[1] read #2: AB-222-ZZ at 2026-11-21 10:00, country FR (France), confidence 90%, corrected from XY-222-ZZ"],
            (await history.FactsAsync("Which reads of AB-222-ZZ were corrected?")).Take(1).ToArray());
    }

    [Fact]
    public async Task Seed_TimeInTheSkippedHour_TakenAfterTheClockChange()
    {
        await using var history = await SeededHistory.CreateAsync(
            [new(1, "AB-123-CD", "FR", "FR-SIV", 0.9, "2026-03-29 02:30")], HistoryFixture.Today);

        var facts = await history.FactsAsync("When was AB-123-CD seen?");

        Assert.Contains("last 2026-03-29 03:00", Assert.Single(facts), StringComparison.Ordinal);
    }
}
