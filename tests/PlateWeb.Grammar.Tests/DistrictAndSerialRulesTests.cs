using PlateWeb.Recognition.Grammar;
using static PlateWeb.Grammar.Tests.OcrLines;

namespace PlateWeb.Grammar.Tests;

public sealed class DistrictAndSerialRulesTests
{
    private readonly PlateGrammar _grammar = new();

    [Theory]
    [InlineData("MAB1234")]  // München
    [InlineData("HHAB123")]  // Hamburg
    [InlineData("KAXY99")]   // Karlsruhe
    public void Match_GermanTextWithKnownDistrict_FitsGermanFormat(string text) =>
        Assert.Contains(_grammar.Match(text), m => m.Format.Id == "DE");

    // Texts shorter than a format's fixed cut (the Polish serial starts at the third or fourth character) once
    // threw from Match, and so from the plate reader's decoding, failing the whole image.
    [Theory]
    [InlineData("1")]
    [InlineData("12")]
    [InlineData("")]
    public void Match_ShortText_FitsNothingAndDoesNotThrow(string text) =>
        Assert.Empty(_grammar.Match(text));

    [Fact]
    public void Match_TextShorterThanAPolishSerial_FitsOtherFormatsButNotPolish() =>
        Assert.DoesNotContain(_grammar.Match("AB1"), m => m.Format.Country == "PL");

    [Theory]
    [InlineData("XQZ1234")]
    [InlineData("QYO9034")]
    public void Match_LetterRunWithoutDistrict_IsNotGerman(string text) =>
        Assert.DoesNotContain(_grammar.Match(text), m => m.Format.Country == "DE");

    [Fact]
    public void Interpret_ThreeLettersFourDigitsWithoutGermanDistrict_ReadsAsBrazilian()
    {
        var result = _grammar.Interpret(Line("XQZ1234"));

        Assert.True(result.Accepted);
        Assert.Equal("BR", result.Country);
    }

    [Theory]
    [InlineData("WA12345", true)]
    [InlineData("WA1234A", true)]
    [InlineData("WA123AA", true)]
    [InlineData("WA1AA23", true)]
    [InlineData("WAA1234", false)]   // a 3-letter district would be PL-3, not a 2-letter one with a letter serial
    [InlineData("RKT1SAN", false)]
    public void Match_PolishTwoLetterDistrict_AcceptsOnlyIssuedSerialLayouts(string text, bool polish2) =>
        Assert.Equal(polish2, _grammar.Match(text).Any(m => m.Format.Id == "PL-2"));

    [Fact]
    public void Match_SlovakPlate_FitsSlovakFormat() =>
        Assert.Contains(_grammar.Match("BA123AB"), m => m.Format.Id == "SK");

    [Fact]
    public void Match_CzechPlate_FitsCzechFormat() =>
        Assert.Contains(_grammar.Match("1B80338"), m => m.Format.Id == "CZ");
}

public sealed class UnitedStatesFormatTests
{
    private readonly PlateGrammar _grammar = new();

    [Fact]
    public void Interpret_MissouriPlateWithSixForG_UsesTheLetterSlot()
    {
        // Missouri plates are LLD-LDL: a G read where the layout wants a digit is the 6 it looks like.
        var result = _grammar.Interpret(OcrLines.Line("FE9NGK"), "US");

        Assert.True(result.Accepted);
        Assert.Equal("FE9N6K", result.Text);
        Assert.Equal("US-MO", result.Format);
    }

    [Fact]
    public void Interpret_UsHint_BeatsLooserForeignFormat()
    {
        // Fits German (FB-SX 8 after dropping the T) but the US hint keeps all six characters.
        var result = _grammar.Interpret(OcrLines.Line("FB5X8T"), "US");

        Assert.Equal("FB5X8T", result.Text);
        Assert.Equal("US", result.Country);
    }
}
