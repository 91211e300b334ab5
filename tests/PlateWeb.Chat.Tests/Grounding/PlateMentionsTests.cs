using PlateWeb.Chat.Grounding;
using PlateWeb.Recognition.Grammar;

namespace PlateWeb.Chat.Tests.Grounding;

public sealed class PlateMentionsTests
{
    private static readonly PlateMentions Mentions = new(new PlateGrammar());

    private static string[] Found(string text) => Mentions.Find(text).Select(m => m.Written).ToArray();

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
}
