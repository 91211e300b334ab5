using PlateWeb.Recognition.Grammar;
using static PlateWeb.Grammar.Tests.OcrLines;

namespace PlateWeb.Grammar.Tests;

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
    public void Grammar_SlovakLayoutWithoutADistrictCode_IsTheSeriesLayout_AndOnlyDistrictsGetTheHigherPrior()
    {
        AssertReads("AC123AB", "SK", "AC123AB", "SK", "SK-SERIES", "AC-123AB");
        var district = _grammar.Match("BA123AB").Single(m => m.Format.Country == "SK");
        var series = _grammar.Match("AC123AB").Single(m => m.Format.Country == "SK");
        Assert.True(district.Format.Prior > series.Format.Prior);
    }

    [Theory]
    [InlineData("M1234AB", true)]
    [InlineData("GC1234A", true)]
    [InlineData("MX1234AB", false)]
    [InlineData("XY1234A", false)]
    public void Grammar_OldSpanishProvincialLayout_NeedsAProvinceCode(string text, bool spanish) =>
        Assert.Equal(spanish, _grammar.Match(text).Any(m => m.Format.Id == "ES-PROV"));

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
    [InlineData("ST4417EK", "ST 4417-EK")]
    [InlineData("RI352C", "RI 352-C")]
    public void Grammar_CroatianPlate_ReadsAsCroatian(string raw, string display) =>
        AssertReads(raw, "HR", raw, "HR", "HR", display);

    [Theory]
    [InlineData("NS2284BV", "NS 2284-BV")]
    [InlineData("KG512TA", "KG 512-TA")]
    public void Grammar_SerbianPlate_ReadsAsSerbian(string raw, string display) =>
        AssertReads(raw, "RS", raw, "RS", "RS", display);

    [Fact]
    public void Grammar_SlovenianPlate_ReadsAsSlovenian() =>
        AssertReads("MBK7402", "SI", "MBK7402", "SI", "SI", "MB K7402");

    [Fact]
    public void Grammar_SlovenianLayoutWithoutRegionCode_IsNotSlovenian() =>
        Assert.DoesNotContain(_grammar.Match("XYK7402"), m => m.Format.Country == "SI");

    [Fact]
    public void Grammar_SlovakPlateFromASlovenianRegionCode_IsNotTakenAsSlovenian()
    {
        // KK is Kežmarok and Krško: the Slovenian serial accepts the misread B, the Slovak one wants the 8.
        var result = _grammar.Interpret(Line("KK4B7KE"), "EU");

        Assert.Equal("KK487KE", result.Text);
        Assert.NotEqual("SI", result.Country);
    }

    [Theory]
    [InlineData("RKT482", "HU", "RKT-482")]
    [InlineData("AAKX517", "HU-2022", "AA KX-517")]
    public void Grammar_HungarianPlate_ReadsAsHungarian(string raw, string format, string display) =>
        AssertReads(raw, "HU", raw, "HU", format, display);

    [Theory]
    [InlineData("B417XKR", "RO-B", "B 417 XKR")]
    [InlineData("IS07MTE", "RO", "IS 07 MTE")]
    public void Grammar_RomanianPlate_ReadsAsRomanian(string raw, string format, string display) =>
        AssertReads(raw, "RO", raw, "RO", format, display);

    [Fact]
    public void Grammar_RomanianLayoutWithoutCountyCode_IsNotRomanian() =>
        Assert.DoesNotContain(_grammar.Match("QQ07MTE"), m => m.Format.Country == "RO");

    [Theory]
    [InlineData("152KK4471", null, "152-KK-4471")]
    [InlineData("07D83215", "IE", "07-D-83215")]
    public void Grammar_IrishPlate_ReadsAsIrish(string raw, string? hint, string display) =>
        AssertReads(raw, hint, raw, "IE", "IE", display);

    [Fact]
    public void Grammar_IrishLayoutWithoutCountyCode_IsNotIrish() =>
        Assert.DoesNotContain(_grammar.Match("152XQ4471"), m => m.Format.Country == "IE");

    [Theory]
    [InlineData("KTF381", "KTF 381")]
    [InlineData("KTF38B", "KTF 38B")]
    public void Grammar_SwedishPlate_ReadsAsSwedish(string raw, string display) =>
        AssertReads(raw, "SE", raw, "SE", "SE", display);

    [Theory]
    [InlineData("KIF381")] // I is not issued
    [InlineData("KTF38O")] // nor is O in last place, where it would pass for a 0
    public void Grammar_SwedishTextWithUnusedLetter_IsNotSwedish(string text) =>
        Assert.DoesNotContain(_grammar.Match(text), m => m.Format.Country == "SE");

    [Fact]
    public void Grammar_NorwegianPlate_ReadsAsNorwegian() =>
        AssertReads("EK40317", "NO", "EK40317", "NO", "NO", "EK 40317");

    [Fact]
    public void Grammar_DanishPlate_ReadsAsDanish() =>
        AssertReads("XR40317", "DK", "XR40317", "DK", "DK", "XR 40 317");

    [Theory]
    [InlineData("KTX409", "KTX-409")]
    [InlineData("ZU37", "ZU-37")]
    public void Grammar_FinnishPlate_ReadsAsFinnish(string raw, string display) =>
        AssertReads(raw, "FI", raw, "FI", "FI", display);

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
