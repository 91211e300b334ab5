using PlateWeb.Chat.Grounding;
using PlateWeb.Recognition.Grammar;

namespace PlateWeb.Chat.Tests.Grounding;

public sealed class PlateMentionsTests
{
    private static readonly PlateMentions Mentions = new(new PlateGrammar());

    private static string[] Found(string text) => Mentions.Find(text).Select(m => m.Written).ToArray();

    private static readonly HashSet<string> NoneKnown = [];

    private static string[] FoundInQuestion(string text) => Mentions.Find(text, NoneKnown).Select(m => m.Written).ToArray();

    [Fact]
    public void Find_PlatesWrittenWithSpaces_AreJoined()
    {
        Assert.Equal(["RG60 KEU", "B MW 1234"], Found("Seen: RG60 KEU and B MW 1234."));
    }

    [Fact]
    public void Find_FrenchParticipleEu_IsNoPartOfAPlate()
    {
        Assert.Equal(["VN67 ALZ"], Found("On a eu VN67 ALZ mercredi ?"));
    }

    [Theory]
    [InlineData("Plaques vues : E-RE 9720 [1], RG60 KEU [8], RG60 KEU [9].", new[] { "E-RE 9720", "RG60 KEU" })]
    [InlineData("France (FR): 40 reads [1]; United States (US): 18 reads [2].", new string[0])]
    [InlineData("V-8015-KS compte 4 lectures [1]. VN67 ALZ compte 7 lectures [2].", new[] { "V-8015-KS", "VN67 ALZ" })]
    public void Find_PunctuationBetweenWords_EndsAPlate(string answer, string[] expected)
    {
        Assert.Equal(expected, Found(answer));
    }

    [Theory]
    [InlineData("when did we see ai 6875?", new[] { "ai 6875" })]
    [InlineData("quand a-t-on vu ai 6875 ?", new[] { "ai 6875" })]
    [InlineData("quand a-t-on vu ab 123 cd ?", new[] { "ab 123 cd" })]
    [InlineData("quand a-t-on vu la 135 ye ?", new[] { "la 135 ye" })]
    [InlineData("did we see ai 6875 and ab 123 cd?", new[] { "ai 6875", "ab 123 cd" })]
    public void Find_LowerCasePlateWithAWord_FittingAFormat(string text, string[] expected)
    {
        Assert.Equal(expected, FoundInQuestion(text));
    }

    [Theory]
    [InlineData("How many reads at 10 am?")]      // AT10AM fits the Austrian layout, but has 2 digits
    [InlineData("Combien de lectures en 2026 ?")] // a year
    [InlineData("did we see the 12 ab?")]         // 2 digits, not in the history
    [InlineData("le 3 mars")]
    [InlineData("Combien de plaques du 16 au 20 novembre ?")] // 16AU20 fits the Dutch layout, but "au" is not first
    public void Find_LowerCaseWordsWithoutAFormat_AreNoPlate(string text)
    {
        Assert.DoesNotContain(Mentions.Find(text, NoneKnown), m => m.Written.Any(char.IsAsciiLetterLower) && m.Written.Contains(' ', StringComparison.Ordinal));
    }

    [Fact]
    public void Find_LowerCaseRunWithAWord_KnownToTheHistory_IsAPlate()
    {
        Assert.Empty(FoundInQuestion("did we see le 12 ab?"));
        Assert.Contains("LE12AB", Mentions.FindWordLike("did we see le 12 ab?"));
        Assert.Equal(["le 12 ab"], Mentions.Find("did we see le 12 ab?", new HashSet<string> { "LE12AB" }).Select(m => m.Written).ToArray());
    }

    [Fact]
    public void Find_InAnAnswer_ReadsNoWordAsAPlate()
    {
        // Answers and facts are checked strictly (null known): "ai 6875" written by the model is no plate there.
        Assert.Empty(Found("when did we see ai 6875?"));
    }
}
