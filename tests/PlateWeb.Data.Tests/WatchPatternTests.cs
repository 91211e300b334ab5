using PlateWeb.Data.Alerts;

namespace PlateWeb.Data.Tests;

public sealed class WatchPatternTests
{
    private const WatchTolerance Default = WatchTolerance.ConfusionsAndOneEdit;

    [Theory]
    [InlineData("AB-123-CD", "AB123CD")]
    [InlineData("ab 123 cd", "AB-123-CD")]
    [InlineData("AB-123-CD", "A8-I23-CD")]   // B/8 and 1/I confused by the OCR
    [InlineData("AB-123-CD", "AB-I23-C0")]   // 1/I and D/0
    [InlineData("AB-123-CD", "AB-123-C")]    // one character missing
    [InlineData("AB-123-CD", "AB-1233-CD")]  // one extra
    [InlineData("AB-123-CD", "AB-124-CD")]   // one wrong
    [InlineData("AB-1??-CD", "AB-177-CD")]
    [InlineData("AB-1??-CD", "A8-177-CD")]
    [InlineData("AB1*", "AB-123-CD")]
    [InlineData("AB1*", "AB1")]
    [InlineData("AB12*", "A8-I23-CD")]
    public void Matches_WithDefaultTolerance(string pattern, string plate) =>
        Assert.True(WatchPattern.Parse(pattern).Matches(plate, Default));

    [Theory]
    [InlineData("AB-123-CD", "XY-987-ZT")]
    [InlineData("AB-123-CD", "AB-12-C")]     // two missing
    [InlineData("AB-123-CD", "AB-456-CD")]   // three wrong
    [InlineData("AB-1??-CD", "AB-7-CD")]     // a wildcard stands for one character: two missing
    [InlineData("AB1*", "XAB123")]           // a prefix starts the plate
    [InlineData("AB1*", "CD-123-AB")]
    [InlineData("AB-123-CD", "")]
    public void DoesNotMatch_WithDefaultTolerance(string pattern, string plate) =>
        Assert.False(WatchPattern.Parse(pattern).Matches(plate, Default));

    [Fact]
    public void Matches_Exact_ForgivesOnlySeparatorsAndCase()
    {
        var pattern = WatchPattern.Parse("AB-123-CD");
        Assert.True(pattern.Matches("ab 123 cd", WatchTolerance.Exact));
        Assert.False(pattern.Matches("A8-123-CD", WatchTolerance.Exact));
        Assert.False(pattern.Matches("AB-123-C", WatchTolerance.Exact));
    }

    [Fact]
    public void Matches_Confusions_ForgivesConfusionsButNoEdit()
    {
        var pattern = WatchPattern.Parse("AB-123-CD");
        Assert.True(pattern.Matches("A8-I23-C0", WatchTolerance.Confusions));
        Assert.False(pattern.Matches("AB-123-C", WatchTolerance.Confusions));
        Assert.False(pattern.Matches("AB-124-CD", WatchTolerance.Confusions));
    }

    [Fact]
    public void Matches_ShortPattern_AllowsNoEdit()
    {
        // One edit on four characters would match a large share of all plates.
        var pattern = WatchPattern.Parse("AB12");
        Assert.True(pattern.Matches("A812", Default));
        Assert.False(pattern.Matches("AB13", Default));
        Assert.False(pattern.Matches("AB1", Default));
    }

    [Fact]
    public void Matches_PrefixWithTolerance_ForgivesOneEditInThePrefix()
    {
        var pattern = WatchPattern.Parse("AB123*");
        Assert.True(pattern.Matches("AB124-XY", Default));
        Assert.True(pattern.Matches("AB23XY", Default));
        Assert.False(pattern.Matches("AB124-XY", WatchTolerance.Confusions));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("??-???")]
    [InlineData("AB*12")]
    [InlineData("AB/12")]
    [InlineData("ABCDEFGHIJKLMNOPQ")]
    public void TryParse_NotAPattern_GivesAReason(string text)
    {
        Assert.Null(WatchPattern.TryParse(text, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Fact]
    public void ToString_IsNormalized()
    {
        Assert.Equal("AB1??CD", WatchPattern.Parse(" ab-1??-cd ").ToString());
        Assert.Equal("AB1*", WatchPattern.Parse("ab 1*").ToString());
    }
}
