using PlateWeb.Recognition.Grammar;

namespace PlateWeb.Grammar.Tests;

public sealed class SkeletonTests
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
        Assert.Equal(expected, PlateGrammar.FuzzyEquals(a, b));
        Assert.Equal(expected, PlateGrammar.FuzzyEquals(b, a));
    }

    [Fact]
    public void FuzzyEquals_MaxEdits_IsHonoured()
    {
        Assert.False(PlateGrammar.FuzzyEquals("AB123CD", "AB123", maxEdits: 1));
        Assert.True(PlateGrammar.FuzzyEquals("AB123CD", "AB123", maxEdits: 2));
        Assert.False(PlateGrammar.FuzzyEquals("AB123CD", "AB123CE", maxEdits: 0));
        Assert.True(PlateGrammar.FuzzyEquals("AB123CD", "A8I23CD", maxEdits: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => PlateGrammar.FuzzyEquals("A", "A", -1));
    }
}
