using PlateWeb.Chat.Checking;
using PlateWeb.Chat.Tests.Grounding;
using PlateWeb.Chat.Tests.Grounding.Query;

namespace PlateWeb.Chat.Tests.Checking;

/// <summary>
/// The filters and aggregates of issue 14 through the answer check: each ready answer passes it, and so does the plain
/// rendering of the same facts (shown if a model's answer ever fails), in the question's language.
/// </summary>
public sealed class QueryAnswerCheckTests(HistoryFixture history, PlateSetHistory sets) : IClassFixture<HistoryFixture>, IClassFixture<PlateSetHistory>
{
    private static readonly AnswerChecker Checker = FakeChatModel.Checker;

    [Theory]
    [InlineData("When does AB-123-CD usually arrive?", "10:30")]
    [InlineData("À quelle heure arrive habituellement AB-123-CD ?", "10:30")]
    [InlineData("Which plates were seen both yesterday and today?", "AA-111-AA")]
    [InlineData("Quelles plaques ont été vues hier et aujourd'hui ?", "AA-111-AA")]
    [InlineData("Which new plates did we see this week, never seen before?", "DD-444-DD")]
    [InlineData("Quelles nouvelles plaques cette semaine ?", "DD-444-DD")]
    [InlineData("Which plates have not been seen since Monday?", "GG-777-GG")]
    [InlineData("Quelles plaques ne sont pas revenues depuis lundi ?", "GG-777-GG")]
    [InlineData("How many new plates today?", "0")]
    public async Task ReadyAnswerAndRendering_PassTheCheck(string question, string value)
    {
        var grounded = await (question.Contains("AB-123-CD", StringComparison.Ordinal) ? history.History : sets.History).AskAsync(question);
        var rendered = FactRenderer.Render(Checker.Prepare(grounded));

        Assert.NotNull(grounded.Answer);
        Assert.Empty(Checker.Check(grounded, grounded.Answer).Problems);
        Assert.Empty(Checker.Check(grounded, rendered).Problems);
        Assert.Contains(value, rendered, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("How many reads of AB*?", "en", "5 reads matching AB* [1].")]
    [InlineData("Combien de lectures AB* ?", "fr", "5 lectures correspondant à AB* [1].")]
    [InlineData("Combien de lectures de plaques contenant 123 ?", "fr", "9 lectures contenant 123 [1].")]
    [InlineData("How many corrected plates this week?", "en", "1 read corrected from 2026-11-23 to 2026-11-29 [1].")]
    [InlineData("Combien de lectures non corrigées ?", "fr", "12 lectures non corrigées [1].")]
    public async Task FilteredCounts_RenderedWithTheirWords(string question, string language, string expected)
    {
        var grounded = await history.History.AskAsync(question);
        var rendered = FactRenderer.Render(Checker.Prepare(grounded));

        Assert.Equal(language, grounded.Language);
        Assert.Equal(expected, rendered);
        Assert.Empty(Checker.Check(grounded, rendered).Problems);
    }

    [Theory]
    [InlineData("Quelles plaques ont été vues hier et aujourd'hui ?", "1 plaque vue à la fois le 2026-11-28 et le 2026-11-29 [1].")]
    [InlineData("Which plates have not been seen since Monday?", "2 plates seen before 2026-11-23 (Monday) and not since [1].")]
    public async Task PlateCounts_RenderedInTheQuestionsLanguage(string question, string start)
    {
        var grounded = await sets.History.AskAsync(question);

        Assert.StartsWith(start, FactRenderer.Render(Checker.Prepare(grounded)), StringComparison.Ordinal);
    }
}
