using PlateWeb.Recognition.Grammar;

namespace PlateWeb.Grammar.Tests;

/// <summary>
/// Look-alikes a layout tells apart by place (<see cref="PlateGrammar.StandIns"/>): on old Brazilian plates,
/// whose font draws O like 0 and I like 1, a reader's 0 where a letter must be counts for the O; on Slovak
/// plates, O and 0 only.
/// </summary>
public sealed class StandInsTests
{
    private readonly PlateGrammar _grammar = new();

    private FormatMatch MatchOf(string text, string format) => _grammar.Match(text).Single(m => m.Format.Id == format);

    [Fact]
    public void OldBrazilian_ZeroStandsForOAmongTheLetters_AndOForZeroAmongTheDigits()
    {
        var standIns = _grammar.StandIns("OZC8400", MatchOf("OZC8400", "BR-OLD"));

        Assert.Equal(["0", "", "", "", "", "O", "O"], standIns);
    }

    [Fact]
    public void OldBrazilian_NoStandInWhereTheMercosulLayoutTakesTheTwin()
    {
        // The fifth place of a Mercosul plate takes a letter from A to J: a reader's I there is a Mercosul plate's
        // I, not an old plate's 1. The fourth place is a digit in both layouts.
        var standIns = _grammar.StandIns("PJI1123", MatchOf("PJI1123", "BR-OLD"));

        Assert.Equal(["", "", "1", "I", "", "", ""], standIns);
    }

    [Theory]
    [InlineData("BRA2E19", "BR-MERCOSUL")]
    [InlineData("AB123CD", "FR-SIV")]
    [InlineData("7ABC123", "US-CA")]
    public void OtherFormats_NothingStandsIn(string text, string format)
    {
        var standIns = _grammar.StandIns(text, MatchOf(text, format));

        Assert.All(standIns, s => Assert.Equal("", s));
        Assert.Equal(text.Length, standIns.Count);
    }

    [Fact]
    public void Slovak_ZeroAndOStandInByPlace_ButNotOneAndI()
    {
        // The Slovak font draws O like 0, but its 1 has a flag: a 0 among the digits takes the O's evidence, the 1
        // beside it none, and neither does the I among the letters.
        var standIns = _grammar.StandIns("BA301IZ", MatchOf("BA301IZ", "SK"));

        Assert.Equal(["", "", "", "O", "", "", ""], standIns);
    }

    [Fact]
    public void OnlyOldBrazilianAndSlovakPlatesTellLookAlikesApartByPlace()
    {
        Assert.Equal([("SK", "O"), ("BR-OLD", "OI")],
            _grammar.Formats.Where(f => f.LookAlikesByPlace.Length > 0).Select(f => (f.Id, f.LookAlikesByPlace)));
    }
}
