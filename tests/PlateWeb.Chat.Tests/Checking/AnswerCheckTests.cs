using PlateWeb.Chat.Checking;
using PlateWeb.Chat.Grounding;

namespace PlateWeb.Chat.Tests.Checking;

public sealed class AnswerCheckTests
{
    private static readonly AnswerChecker Checker = FakeChatModel.Checker;

    private static GroundedQuestion Grounded(string language, string intent, string question, params string[] facts) =>
        new(question, language, intent, "all", new DateOnly(2026, 11, 29), facts.Select((f, i) => new GroundingFact(i + 1, f, [], null)).ToList());

    // The browser's case: "Quelles plaques avons-nous vues aujourd'hui ?" with facts 5-7 other plates.
    private static readonly GroundedQuestion TodayList = new(
        "Quelles plaques avons-nous vues aujourd'hui ?", "fr", Intents.List, "2026-11-29 to 2026-11-29", new DateOnly(2026, 11, 29),
        new[]
        {
            "read #10: R-ET 8 at 2026-11-29 17:02, country DE (Allemagne), confidence 91%",
            "read #9: R-ET 8 at 2026-11-29 16:40, country DE (Allemagne), confidence 88%",
            "read #8: R-ET 8 at 2026-11-29 15:10, country DE (Allemagne), confidence 90%",
            "read #7: R-ET 8 at 2026-11-29 14:00, country DE (Allemagne), confidence 86%",
            "read #6: BRA2E19 at 2026-11-29 12:00, country BR (Brésil), confidence 97%",
            "read #5: AB-123-CD at 2026-11-29 10:30, country FR (France), confidence 93%",
            "read #4: M-AB 1234 at 2026-11-29 09:15, country DE (Allemagne), confidence 95%",
        }.Select((f, i) => new GroundingFact(i + 1, f, [], null)).ToList());

    private static readonly GroundedQuestion FrenchCount = Grounded("fr", Intents.Count, "Combien de fois a-t-on vu AB123CD ?",
        "count: 3 reads of AB-123-CD",
        "plate AB-123-CD: 3 reads, first 2026-11-23 08:14, last 2026-11-28 17:02, country FR (France), best confidence 93%");

    [Theory]
    [InlineData("AB-123-CD a été vue 3 fois [1].")]
    [InlineData("AB123CD a été vue 3 fois [1] ; elle a été vue pour la dernière fois le 2026-11-28 à 17:02 [2].")]
    [InlineData("AB 123 CD compte 3 lectures [1], la dernière le 28 novembre à 17h02 [2].")]
    public void Check_GoodFrenchAnswer_Passes(string answer) =>
        Assert.Empty(Checker.Check(FrenchCount, answer).Problems);

    [Fact]
    public void Check_PlatesCitedFromOtherFacts_WrongCitation()
    {
        var verdict = Checker.Check(TodayList, "Plaques vues aujourd'hui : R-ET 8 [1], R-ET 8 [5], R-ET 8 [6], R-ET 8 [7].");

        var wrong = verdict.Problems.Where(p => p.Kind == AnswerProblemKind.WrongCitation).Select(p => p.Detail).ToList();
        Assert.Equal(["plate RET8 is not in fact [5]", "plate RET8 is not in fact [6]", "plate RET8 is not in fact [7]"], wrong);
    }

    [Theory]
    [InlineData("AB-123-CD a été vue 4 fois [1].", AnswerProblemKind.WrongCitation)] // a count no fact holds
    [InlineData("AB-123-CD a été vue 3 fois [1], dernière fois le 2026-11-27 [2].", AnswerProblemKind.WrongCitation)] // a wrong day
    [InlineData("AB-123-CX a été vue 3 fois [1].", AnswerProblemKind.UnknownValue)] // a plate of nobody
    [InlineData("AB-123-CD a été vue 3 fois [4].", AnswerProblemKind.WrongCitation)] // a fact that does not exist
    [InlineData("AB-123-CD a été lue avec une France (FR) [2].", AnswerProblemKind.Garbled)] // the country label where it does not fit
    [InlineData("AB-123-CD est immatriculée au France (FR) [2].", AnswerProblemKind.Garbled)]
    [InlineData("AB-123-CD was seen 3 times [1].", AnswerProblemKind.WrongLanguage)] // English to a French question
    [InlineData("AB-123-CD a été vue vue vue 3 fois [1].", AnswerProblemKind.Garbled)]
    [InlineData("AB-123-CD a été vue 3 fois", AnswerProblemKind.Garbled)] // cut short
    [InlineData("AB-123-CD a été vue 3 fois [1], last seen le 2026-11-28 [2].", AnswerProblemKind.Garbled)] // fact words copied, not translated
    [InlineData("3 lectures corrected de AB-123-CD [1].", AnswerProblemKind.Garbled)]
    [InlineData("Elle a été vue pour la dernière fois le 2026-11-28 à 17:02 [2].", AnswerProblemKind.MissingKeyValue)] // no count
    public void Check_GarbledFrenchAnswer_Fails(string answer, AnswerProblemKind kind)
    {
        var verdict = Checker.Check(FrenchCount, answer);

        Assert.False(verdict.Passed);
        Assert.Contains(verdict.Problems, p => p.Kind == kind);
    }

    [Theory]
    [InlineData("2MJY980 was first seen on 2026-11-24 [1].", "time of fact [1]")]
    [InlineData("2MJY980 came first, on 2026-11-24 at 06:54 [1].", null)]
    public void Check_FirstReadOfADay_NeedsItsTime(string answer, string? missing)
    {
        var first = Grounded("en", Intents.FirstSeen, "Which car came first on Tuesday?",
            "read #386: 2MJY980 at 2026-11-24 06:54, country US (United States), confidence 93%");

        var problems = Checker.Check(first, answer).Problems.Where(p => p.Kind == AnswerProblemKind.MissingKeyValue).Select(p => p.Detail).ToArray();

        Assert.Equal(missing is null ? [] : [missing], problems);
    }

    [Fact]
    public void Check_ListEndingWithACitedItem_IsNotCutShort()
    {
        var perHour = Grounded("en", "per_hour", "Reads per hour on Monday?", "hour 06:00-07:00: 1 read", "hour 08:00-09:00: 2 reads");

        Assert.Empty(Checker.Check(perHour, "Reads per hour:\n- 06:00-07:00: 1 read [1]\n- 08:00-09:00: 2 reads [2]").Problems);
        Assert.Contains(Checker.Check(perHour, "Reads per hour: 06:00-07:00 has 1 read [1] and 08:00-09:00").Problems, p => p.Detail == "cut short (no full stop)");
    }

    [Theory]
    [InlineData("LUB 2757 a été corrigée à partir de LUB Z757 [1].", null)]
    [InlineData("LUB 2757 a été corrigée par formaton [1].", "text before the correction of fact [1]")]
    public void Check_Correction_NamesTheTextBefore(string answer, string? missing)
    {
        var correction = Grounded("fr", Intents.Corrections, "Est-ce que la lecture de LUB2757 a été corrigée par quelqu'un ?",
            "read #168: LUB 2757 at 2026-11-11 06:41, country PL (Pologne), confidence 79%, corrected from LUB Z757");

        var problems = Checker.Check(correction, answer).Problems.Where(p => p.Kind == AnswerProblemKind.MissingKeyValue).Select(p => p.Detail).ToArray();

        Assert.Equal(missing is null ? [] : [missing], problems);
    }

    [Fact]
    public void Check_CorrectionNotFirst_StillNamesTheTextBefore()
    {
        var reads = Grounded("fr", Intents.Corrections, "Est-ce que la lecture de V8015KS a été corrigée par quelqu'un ?",
            "read #315: V-8015-KS at 2026-11-20 20:08, country ES (Espagne), confidence 87%",
            "read #285: V-8015-KS at 2026-11-19 08:21, country ES (Espagne), confidence 99%, corrected from V-8O15-KS");

        Assert.Contains(Checker.Check(reads, "V-8015-KS a été corrigée par formaton [1]; V-8015-KS a été corrigée par formaton [2].").Problems,
            p => p.Detail == "text before the correction of fact [2]");
    }

    [Fact]
    public void Check_ConfidenceOfAPlateReadTwice_NamesBothPercentages()
    {
        var reads = Grounded("en", Intents.Confidence, "How high was the confidence when 2OCY712 was read?",
            "read #153: 2-OCY-712 at 2026-11-08 16:49, country BE (Belgium), confidence 57%",
            "read #119: 2-OCY-712 at 2026-11-05 08:22, country BE (Belgium), confidence 74%");

        Assert.Contains(Checker.Check(reads, "Read #153 (2-OCY-712) has a confidence of 57% [1].").Problems,
            p => p.Detail == "percentage of fact [2]");
        Assert.True(Checker.Check(reads, "2-OCY-712 was read with a confidence of 57% on 2026-11-08 [1] and 74% on 2026-11-05 [2].").Passed);
    }

    [Fact]
    public void Check_NoFacts_MustSayNotInTheData()
    {
        var none = Grounded("en", Intents.Unknown, "Who owns AB-123-CD?");

        Assert.True(Checker.Check(none, "That is not in the data.").Passed);
        Assert.Contains(Checker.Check(none, "It belongs to Mr Smith.").Problems, p => p.Kind == AnswerProblemKind.MissingKeyValue);
    }

    [Fact]
    public void Check_FirstSeenWithNaturalDate_Passes()
    {
        var grounded = Grounded("en", Intents.FirstSeen, "When did we first see UU85JMA?",
            "plate UU85 JMA: 9 reads, first 2026-11-15 14:08, last 2026-11-22 14:50, country GB (United Kingdom), best confidence 97%");

        Assert.True(Checker.Check(grounded, "UU85 JMA was first seen on 15 November 2026 at 14:08 [1].").Passed);
        Assert.Contains(Checker.Check(grounded, "UU85 JMA was first seen on 2026-11-22 at 14:50 [1].").Problems, p => p.Kind == AnswerProblemKind.MissingKeyValue);
    }

    [Fact]
    public void Stream_WrongCitation_NeverLetsTheWrongPieceOut()
    {
        var stream = new CheckedAnswerStream(Checker, Checker.Prepare(TodayList));
        var shown = "";
        foreach (var piece in "Plaques vues aujourd'hui : R-ET 8 [1], R-ET 8 [2], R-ET 8 [5], R-ET 8 [6].".Split(' '))
        {
            shown += stream.Push(piece + " ");
        }

        Assert.Equal("Plaques vues aujourd'hui : R-ET 8 [1], R-ET 8 [2]", shown);
        Assert.NotNull(stream.Failure);
        Assert.Equal("", stream.Complete());
    }

    [Fact]
    public void Stream_GoodAnswer_AllOfItOnceComplete()
    {
        var stream = new CheckedAnswerStream(Checker, Checker.Prepare(FrenchCount));
        var answer = "AB-123-CD a été vue 3 fois [1] ; elle a été vue pour la dernière fois le 2026-11-28 à 17:02 [2].";
        var shown = string.Concat(answer.Split(' ').Select((w, i) => stream.Push(i == 0 ? w : " " + w))) + stream.Complete();

        Assert.Equal(answer, shown);
        Assert.Null(stream.Failure);
    }

    [Fact]
    public void HeldOut_EveryReferenceAnswer_Passes()
    {
        var failed = HeldOut().Where(q => !Checker.Check(q.Grounded, q.Answer).Passed).Select(q => q.Answer).ToList();

        Assert.Empty(failed);
    }

    [Fact]
    public void HeldOut_EveryRendering_PassesAndHoldsTheExpectedStrings()
    {
        var failed = new List<string>();
        foreach (var q in HeldOut())
        {
            var rendered = FactRenderer.Render(Checker.Prepare(q.Grounded));
            var expected = q.Kind == "nofacts" ? [q.Grounded.Language == "fr" ? "pas dans les données" : "not in the data"] : q.Expect;
            if (!Checker.Check(q.Grounded, rendered).Passed || !expected.All(e => rendered.Contains(e, StringComparison.Ordinal))) failed.Add(rendered);
        }

        Assert.Empty(failed);
    }

    private static IReadOnlyList<HeldOutAnswer> HeldOut() =>
        HeldOutAnswer.Read(Path.Combine(RepositoryRoot.Path, "tools", "plateweb_tools", "chat", "eval", "heldout.jsonl"), "reference");
}
