using PlateWeb.Recognition.Grammar;

namespace PlateWeb.Grammar.Tests;

public sealed class PlateFormatTests
{
    private readonly PlateGrammar _grammar = new();

    public static TheoryData<string> FormatIds()
    {
        var data = new TheoryData<string>();
        foreach (var f in PlateFormats.All)
        {
            data.Add(f.Id);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(FormatIds))]
    public void Match_EveryFormat_AcceptsItsOwnExample(string id)
    {
        var format = PlateFormats.All.Single(f => f.Id == id);

        Assert.False(string.IsNullOrEmpty(format.Example));
        Assert.Contains(_grammar.Match(format.Example), m => m.Format.Id == id);
        Assert.False(string.IsNullOrWhiteSpace(format.Explanation));
        Assert.False(string.IsNullOrWhiteSpace(format.ExplanationFr));
        // Only the letters-only US format sits below the generic ones (see its comment in PlateFormats).
        Assert.InRange(format.Prior, id == "US-VANITY" ? 0.001f : 0.01f, 1f);
    }

    [Theory]
    [MemberData(nameof(FormatIds))]
    public void Interpret_CleanReadOfEveryExample_IsAcceptedUnchanged(string id)
    {
        var format = PlateFormats.All.Single(f => f.Id == id);
        var line = OcrLines.Line(format.Example);

        var result = _grammar.Interpret(line);

        Assert.True(result.Accepted, result.RejectReason);
        Assert.Contains(result.Candidates, c => c.Text == format.Example);
        if (!format.IsGeneric)
        {
            // A clean read of a specific layout must never be "corrected" into another one.
            Assert.Equal(format.Example, result.Text);
        }
    }

    [Fact]
    public void All_CoversRequiredCountries()
    {
        var countries = PlateFormats.All.Select(f => f.Country).ToHashSet();

        foreach (var c in new[] { "FR", "DE", "IT", "ES", "NL", "BE", "PL", "GB", "PT", "AT", "CH", "SK", "CZ", "HR", "RS", "SI", "HU", "RO", "IE", "SE", "NO", "DK", "FI", "EU", "US", "BR" })
        {
            Assert.Contains(c, countries);
        }

        Assert.Equal(PlateFormats.All.Count, PlateFormats.All.Select(f => f.Id).Distinct().Count());
    }

    [Fact]
    public void Match_FrenchPlate_ListsSivFirstThenOthers()
    {
        var matches = _grammar.Match("AB-123-CD");

        Assert.Equal("FR-SIV", matches[0].Format.Id);
        Assert.Equal("AB-123-CD", matches[0].DisplayText);
        Assert.Contains(matches, m => m.Format.Id == "IT");
        Assert.Contains(matches, m => m.Format.Id == "EU-GENERIC");
    }

    [Fact]
    public void Match_SivWithExcludedLetter_DoesNotMatchSiv()
    {
        Assert.DoesNotContain(_grammar.Match("AO123CD"), m => m.Format.Id == "FR-SIV");
    }

    [Fact]
    public void Match_LettersOnly_IsAUsVanityPlateWithTheLowestPrior()
    {
        var matches = _grammar.Match("FZRULZ");

        var vanity = Assert.Single(matches, m => m.Format.Id == "US-VANITY");
        Assert.Equal("US", vanity.Format.Country);
        Assert.True(vanity.Format.IsGeneric);
        // Any format that takes the text with a digit in it must outweigh the letters-only reading.
        Assert.All(PlateFormats.All.Where(f => f.Id != "US-VANITY"), f => Assert.True(f.Prior > vanity.Format.Prior, f.Id));
        Assert.DoesNotContain(_grammar.Match("FZRU"), m => m.Format.Id == "US-VANITY");
        Assert.DoesNotContain(_grammar.Match("FZRUL2"), m => m.Format.Id == "US-VANITY");
    }

    [Fact]
    public void Match_Nonsense_IsEmpty()
    {
        Assert.Empty(_grammar.Match("ABCDEFGHIJKL"));
        Assert.Null(_grammar.Explain("!!"));
    }

    [Fact]
    public void Explain_InEnglish_NamesFormatAndAlternatives()
    {
        var text = _grammar.Explain("ab123cd");

        Assert.NotNull(text);
        Assert.StartsWith("AB-123-CD: French SIV format", text);
        Assert.Contains("Also fits: IT", text);
    }

    [Fact]
    public void Explain_InFrench_IsFrench()
    {
        var text = _grammar.Explain("AB123CD", "fr");

        Assert.NotNull(text);
        Assert.StartsWith("AB-123-CD : Format français SIV", text);
        Assert.Contains("Correspond aussi à : IT", text);
    }

    [Theory]
    [InlineData("AB123CD", "FR-SIV", "AB-123-CD")]
    [InlineData("ab 123 cd", "IT", "AB 123 CD")]
    [InlineData("BAB1234", "DE", "B-AB 1234")]
    [InlineData("1ABC123", "BE", "1-ABC-123")]
    [InlineData("12BDF3", "NL-7", "12-BDF-3")]
    [InlineData("123ABC45", "FR-FNI", "123 ABC 45")]
    [InlineData("BRA2E19", "BR-MERCOSUL", "BRA2E19")]
    [InlineData("ABC1234", "BR-OLD", "ABC-1234")]
    [InlineData("XYZ", "FR-SIV", "XYZ")]
    public void Format_PrintsSeparators(string text, string formatId, string expected)
    {
        var format = PlateFormats.All.Single(f => f.Id == formatId);

        Assert.Equal(expected, _grammar.Format(text, format));
    }

    [Fact]
    public void Format_UnregisteredFormat_IsCompiledOnTheFly()
    {
        var custom = new PlateFormat("XX", "XX", "DD.LL", 0.5f, "Test", "Test");

        Assert.Equal("12.AB", _grammar.Format("12AB", custom));
    }

    [Fact]
    public void Constructor_BadPattern_Throws()
    {
        Assert.Throws<FormatException>(() => new PlateGrammar([new PlateFormat("X", "X", "LLx", 1f, "", "")]));
        Assert.Throws<ArgumentException>(() => new PlateGrammar([PlateFormats.All[0], PlateFormats.All[0]]));
    }
}
