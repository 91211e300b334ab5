using PlateWeb.Recognition.Grammar;

namespace PlateWeb.Grammar.Tests;

public sealed class PlateMatcherTests
{
    [Theory]
    [InlineData("AB123CD", "A8I23CD")]
    [InlineData("AB-123-CD", "ab 123 cd")]
    [InlineData("OOD0Q", "00000")]
    [InlineData("S5Z2G6", "552266")]
    public void Skeleton_ConfusableTexts_AreEqual(string a, string b) =>
        Assert.Equal(PlateGrammar.Skeleton(a), PlateGrammar.Skeleton(b));

    [Fact]
    public void Skeleton_DifferentTexts_Differ() =>
        Assert.NotEqual(PlateGrammar.Skeleton("AB123CD"), PlateGrammar.Skeleton("AB123CE"));

    [Theory]
    [InlineData("AB123CD", "A8I23CD", true)]
    [InlineData("AB123CD", "AB123C", true)]
    [InlineData("AB123CD", "XAB123CD", true)]
    [InlineData("AB123CD", "AB128CD", true)]
    [InlineData("AB123CD", "AB-I23-C0", true)]
    [InlineData("AB123CD", "XY999ZZ", false)]
    [InlineData("AB123CD", "AB12", false)]
    [InlineData("AB123CD", "AB1234CE", false)]
    [InlineData("", "", false)]
    [InlineData("AB123CD", "", false)]
    public void FuzzyEquals_OneEditAfterSkeleton(string a, string b, bool expected)
    {
        Assert.Equal(expected, PlateMatcher.FuzzyEquals(a, b));
        Assert.Equal(expected, PlateMatcher.FuzzyEquals(b, a));
    }

    [Fact]
    public void FuzzyEquals_MaxEdits_IsHonoured()
    {
        Assert.False(PlateMatcher.FuzzyEquals("AB123CD", "AB123", maxEdits: 1));
        Assert.True(PlateMatcher.FuzzyEquals("AB123CD", "AB123", maxEdits: 2));
        Assert.False(PlateMatcher.FuzzyEquals("AB123CD", "AB123CE", maxEdits: 0));
        Assert.True(PlateMatcher.FuzzyEquals("AB123CD", "A8I23CD", maxEdits: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => PlateMatcher.FuzzyEquals("A", "A", -1));
    }

    [Theory]
    [InlineData("AB1??CD", "AB123CD", false, 0)]
    [InlineData("AB1", "AB123CD", true, 0)]
    [InlineData("AB1", "XAB123CD", true, 1)]
    [InlineData("AB123CD", "AB123C", false, 1)]
    [InlineData("AB123CD", "XY999ZZ", false, 2)]
    public void Distance_WildcardAndPrefix(string pattern, string text, bool prefix, int expected) =>
        Assert.Equal(expected, PlateMatcher.Distance(pattern, text, limit: 1, prefix) switch { > 1 => 2, var d => d });

    [Fact]
    public void Distance_LongTexts_DoNotOverflowTheStack() =>
        Assert.Equal(0, PlateMatcher.Distance(new string('A', 5000), new string('A', 5000), limit: 1));

    [Fact]
    public void Neighbours_DeletionsInsertionsAndWeakTwins()
    {
        Assert.Equal(["812", "A12", "A82", "A81"], PlateMatcher.Deletions("A812"));
        Assert.Equal(["A_812", "A8_12", "A81_2"], PlateMatcher.Insertions("A812", '_'));
        Assert.Equal(["4T", "A7", "A1"], PlateMatcher.WeakTwins("AT"));
    }

    [Theory]
    [InlineData("AB123CD", "AB12CD", true)]
    [InlineData("XAB123", "AB123", true)]
    [InlineData("AB1234", "AB123", true)]
    [InlineData("AB1X3", "AB13", true)]
    [InlineData("AB123", "AB123", false)]
    [InlineData("AX123", "AB12", false)]
    public void IsOneInsertion_FindsOneInsertedCharacter(string longer, string shorter, bool expected) =>
        Assert.Equal(expected, PlateMatcher.IsOneInsertion(longer, shorter));

    [Theory]
    [InlineData(4, false)]
    [InlineData(5, true)]
    public void AllowsEdit_FromFiveCharacters(int length, bool expected) =>
        Assert.Equal(expected, PlateMatcher.AllowsEdit(length));
}
