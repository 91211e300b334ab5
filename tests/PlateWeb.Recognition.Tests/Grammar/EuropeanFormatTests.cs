using PlateWeb.Recognition.Grammar;
using static PlateWeb.Recognition.Tests.Grammar.OcrLines;

namespace PlateWeb.Recognition.Tests.Grammar;

/// <summary>
/// Central, south-eastern and northern European layouts. Most share their shape with an older format
/// (Croatian and Austrian, Hungarian and old Belgian), so they are read as their country under its hint.
/// </summary>
public sealed class EuropeanFormatTests
{
    private readonly PlateGrammar _grammar = new();

    [Theory]
    [InlineData("NR482KT", "SK", "NR-482KT")]
    [InlineData("TTB4821", "SK-CS", "TTB 48-21")]
    public void Grammar_SlovakPlate_ReadsAsSlovak(string raw, string format, string display) =>
        AssertReads(raw, "SK", raw, "SK", format, display);

    [Fact]
    public void Grammar_SlovakPlateWithLetterO_KeepsTheO() =>
        AssertReads("ZA517BO", "SK", "ZA517BO", "SK", "SK", "ZA-517BO");

    [Fact]
    public void Grammar_CzechPlate_ReadsAsCzech() =>
        AssertReads("2S41937", null, "2S41937", "CZ", "CZ", "2S4 1937");

    [Fact]
    public void Grammar_CzechPlateWithEightForRegionB_ReadsB() =>
        AssertReads("3827716", "EU", "3B27716", "CZ", "CZ", "3B2 7716");

    [Theory]
    [InlineData("1D23456")] // D is no region letter
    [InlineData("0A23456")] // series numbers start at 1
    public void Grammar_CzechTextOutsideTheScheme_IsNotCzech(string text) =>
        Assert.DoesNotContain(_grammar.Match(text), m => m.Format.Id == "CZ");

    [Theory]
    [InlineData("AB123CD", "FR-SIV")]
    [InlineData("1ABC234", "BE")]
    [InlineData("XQZ123", "BE-OLD")]
    [InlineData("WA12345", "PL-2")]
    [InlineData("AB12CDE", "GB")]
    [InlineData("ZH123456", "CH")]
    [InlineData("BAB1234", "DE")]
    [InlineData("W12345A", "AT")]
    [InlineData("12AB34", "PT-2005")]
    [InlineData("GZ123B", "NL-9")]
    public void Grammar_EuHint_NewLayoutsLeaveExistingReadsAlone(string raw, string format)
    {
        var result = _grammar.Interpret(Line(raw), "EU");

        Assert.Equal(raw, result.Text);
        Assert.Equal(format, result.Format);
    }

    private void AssertReads(string raw, string? hint, string text, string country, string format, string display)
    {
        var result = _grammar.Interpret(Line(raw), hint);

        Assert.True(result.Accepted, result.RejectReason);
        Assert.Equal(text, result.Text);
        Assert.Equal(country, result.Country);
        Assert.Equal(format, result.Format);
        Assert.Equal(display, result.DisplayText);
    }
}
