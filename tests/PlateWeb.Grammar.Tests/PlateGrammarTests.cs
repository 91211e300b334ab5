using PlateWeb.Recognition.Grammar;
using PlateWeb.Recognition.Ocr;
using static PlateWeb.Grammar.Tests.OcrLines;

namespace PlateWeb.Grammar.Tests;

public sealed class PlateGrammarTests
{
    private readonly PlateGrammar _grammar = new();

    [Fact]
    public void Interpret_FrenchPlateWithI_ReadsOne()
    {
        var result = _grammar.Interpret(Line("ABI23CD"));

        Assert.True(result.Accepted);
        Assert.Equal("AB123CD", result.Text);
        Assert.Equal("FR", result.Country);
        Assert.Equal("FR-SIV", result.Format);
        Assert.Equal("AB-123-CD", result.DisplayText);
        Assert.Contains("SIV", result.Explanation);
        var correction = Assert.Single(result.Corrections);
        Assert.Equal(new GrammarCorrection(2, 'I', '1', correction.Reason), correction);
        Assert.Contains("FR-SIV expects a digit at position 3", correction.Reason);
    }

    [Fact]
    public void Interpret_FrenchPlateWith8_ReadsB()
    {
        var result = _grammar.Interpret(Line("A8123CD"));

        Assert.Equal("AB123CD", result.Text);
        Assert.Equal("FR-SIV", result.Format);
        Assert.Equal(new GrammarCorrection(1, '8', 'B', result.Corrections[0].Reason), Assert.Single(result.Corrections));
        Assert.Contains("letter", result.Corrections[0].Reason);
    }

    [Fact]
    public void Interpret_FrenchPlateWithO_ReadsZero()
    {
        var result = _grammar.Interpret(Line("AB1O3CD"));

        Assert.Equal("AB103CD", result.Text);
        Assert.Equal("FR-SIV", result.Format);
    }

    [Fact]
    public void Interpret_FrenchPlateWithExcludedLetter_UsesLookAlike()
    {
        // O is never issued on SIV plates; D is the closest letter that is.
        var result = _grammar.Interpret(Line("AB123CO"));

        Assert.Equal("AB123CD", result.Text);
        Assert.Contains("does not use O", Assert.Single(result.Corrections).Reason);
    }

    [Fact]
    public void Interpret_CleanFrenchPlate_HasNoCorrections()
    {
        var result = _grammar.Interpret(Line("AB123CD", 0.95f));

        Assert.Equal("AB123CD", result.Text);
        Assert.Empty(result.Corrections);
        Assert.Equal(0.95f, result.Confidence, 3);
    }

    [Fact]
    public void Interpret_UsesOcrAlternative_WhenNoConfusionTwin()
    {
        // E has no digit look-alike in the confusion table; the engine's second choice supplies it.
        var line = Line("AB1E3CD").With(3, Char('E', 0.6f, ('3', 0.35f)));

        var result = _grammar.Interpret(line);

        Assert.Equal("AB133CD", result.Text);
        var correction = Assert.Single(result.Corrections);
        Assert.Equal('3', correction.To);
        Assert.Contains("next choice", correction.Reason);
        Assert.Equal(0.35f, result.CharConfidences[3], 3);
    }

    [Fact]
    public void Interpret_Mercosul_StaysMercosul()
    {
        var result = _grammar.Interpret(Line("BRA2E19"));

        Assert.Equal("BRA2E19", result.Text);
        Assert.Equal("BR", result.Country);
        Assert.Equal("BR-MERCOSUL", result.Format);
        Assert.Empty(result.Corrections);
    }

    [Fact]
    public void Interpret_OldBrazilianWithO_ReadsZero()
    {
        // LLL-DDDD also fits the German layout, so without a hint the text is right but the country is not
        // decidable; the Brazilian hint settles it.
        var plain = _grammar.Interpret(Line("AYO9O34"));
        var brazilian = _grammar.Interpret(Line("AYO9O34"), "BR");

        Assert.Equal("AYO9034", plain.Text);
        Assert.Equal("AYO9034", brazilian.Text);
        Assert.Equal("BR", brazilian.Country);
        Assert.Equal("BR-OLD", brazilian.Format);
        Assert.Equal(new GrammarCorrection(4, 'O', '0', brazilian.Corrections[0].Reason), Assert.Single(brazilian.Corrections));
    }

    [Theory]
    [InlineData("AB12CDE", "GB", "GB", "AB12 CDE")]
    [InlineData("1234BCD", "ES", "ES", "1234 BCD")]
    [InlineData("GZ123B", "NL", "NL-9", "GZ-123-B")]
    [InlineData("7ABC123", "US", "US-CA", "7ABC123")]
    [InlineData("1ABC234", "BE", "BE", "1-ABC-234")]
    [InlineData("AA12BB", "PT", "PT-2020", "AA-12-BB")]
    [InlineData("ZH123456", "CH", "CH", "ZH 123456")]
    [InlineData("BAB1234", "DE", "DE", "B-AB 1234")]
    public void Interpret_KnownFormat_IsRecognised(string raw, string country, string format, string display)
    {
        var result = _grammar.Interpret(Line(raw));

        Assert.True(result.Accepted);
        Assert.Equal(raw, result.Text);
        Assert.Equal(country, result.Country);
        Assert.Equal(format, result.Format);
        Assert.Equal(display, result.DisplayText);
    }

    [Fact]
    public void Interpret_LeadingJunkChar_IsDropped()
    {
        // The blue EU band is often read as an I in front of the plate.
        var line = Line("IAB123CD").With(0, Char('I', 0.5f));

        var result = _grammar.Interpret(line);

        Assert.Equal("AB123CD", result.Text);
        Assert.Equal("FR-SIV", result.Format);
        Assert.Equal(7, result.CharConfidences.Count);
    }

    [Fact]
    public void Interpret_ClearTrailingOWhereDigitsEnd_ReadsZeroRatherThanDropping()
    {
        // German FW-E 50 read as FWE5O: the O is as clear as the rest, so it is the look-alike of a zero.
        var result = _grammar.Interpret(Line("FWE5O"), "EU");

        Assert.Equal("FWE50", result.Text);
        Assert.Equal("DE", result.Format);
        Assert.Equal(new GrammarCorrection(4, 'O', '0', result.Corrections[0].Reason), Assert.Single(result.Corrections));
    }

    [Fact]
    public void Interpret_TrailingJunkChar_IsDropped()
    {
        var line = Line("AB123CD1").With(7, Char('1', 0.5f));

        var result = _grammar.Interpret(line);

        Assert.Equal("AB123CD", result.Text);
        Assert.Equal("FR-SIV", result.Format);
    }

    [Theory]
    [InlineData("")]
    [InlineData("III")]
    [InlineData("12")]
    [InlineData("----")]
    [InlineData("EEE")]
    [InlineData("1111111111111")]
    [InlineData("EEEEEE")]
    [InlineData("I1I1L1")]
    [InlineData("ABCDEFGHIJ")]
    [InlineData("0000O")]
    [InlineData("88B8B")]
    [InlineData("OO0OOD")]
    [InlineData("1I1T1")]
    [InlineData("E3E3E")]
    [InlineData("HHNHH")]
    public void Interpret_Junk_IsRejected(string raw)
    {
        var result = _grammar.Interpret(Line(raw));

        Assert.False(result.Accepted);
        Assert.False(string.IsNullOrWhiteSpace(result.RejectReason));
        Assert.Equal(string.Empty, result.Text);
        Assert.Empty(result.Candidates);
        Assert.Empty(result.CharConfidences);
    }

    [Fact]
    public void Interpret_EmptyLine_IsRejected()
    {
        var result = _grammar.Interpret(OcrLine.Empty);

        Assert.False(result.Accepted);
        Assert.NotNull(result.RejectReason);
    }

    [Theory]
    [InlineData("ABI23CD")]
    [InlineData("A8123CD")]
    [InlineData("AYO9O34")]
    [InlineData("IAB123CD")]
    [InlineData("GZ123B")]
    [InlineData("B0S8Z6G1")]
    [InlineData("12345")]
    public void Interpret_Result_IsWellFormed(string raw)
    {
        var result = _grammar.Interpret(Line(raw, 0.8f));

        Assert.True(result.Accepted);
        Assert.InRange(result.Candidates.Count, 1, PlateGrammar.MaxCandidates);
        Assert.Equal(result.Text, result.Candidates[0].Text);
        Assert.Equal(result.Format, result.Candidates[0].FormatId);
        Assert.Equal(result.Candidates.Count, result.Candidates.Select(c => c.Text).Distinct().Count());
        for (var i = 1; i < result.Candidates.Count; i++)
        {
            Assert.True(result.Candidates[i - 1].Score >= result.Candidates[i].Score, "scores must be descending");
        }

        Assert.All(result.Candidates, c => Assert.InRange(c.Score, 0f, 1f));
        Assert.InRange(result.Confidence, 0f, 1f);
        Assert.InRange(result.CountryConfidence, 0f, 1f);
        Assert.Equal(result.Text.Length, result.CharConfidences.Count);
        Assert.All(result.CharConfidences, c => Assert.InRange(c, 0f, 1f));
        Assert.Equal(result.Text, PlateGrammar.Normalize(result.DisplayText!));
        Assert.All(result.Corrections, c => Assert.Equal(result.Text[c.Position], c.To));
    }

    [Fact]
    public void Interpret_KeepsRawTextAsLowCandidate()
    {
        // Nine characters: too long for every pattern, so only dropping both ends finds the plate.
        var result = _grammar.Interpret(Line("XAB123CDY"));

        Assert.Equal("AB123CD", result.Text);
        var raw = Assert.Single(result.Candidates, c => c.Text == "XAB123CDY");
        Assert.Null(raw.FormatId);
        Assert.True(raw.Score < result.Candidates[0].Score);
    }

    [Fact]
    public void Interpret_CountryHint_ChangesTheText()
    {
        // Without a hint the O is read as a 0 to fit French SIV; a British hint keeps the GB letters.
        var plain = _grammar.Interpret(Line("AB12OCD"));
        var british = _grammar.Interpret(Line("AB12OCD"), "GB");

        Assert.Equal("AB120CD", plain.Text);
        Assert.Equal("FR", plain.Country);
        Assert.Equal("AB12OCD", british.Text);
        Assert.Equal("GB", british.Country);
    }

    [Theory]
    [InlineData("AB123CD", null, "FR-SIV")]
    [InlineData("AB123CD", "IT", "IT")]
    [InlineData("AB123CD", "it-IT", "IT")]
    [InlineData("1ABC234", null, "BE")]
    [InlineData("1ABC234", "US", "US-CA")]
    [InlineData("ABC1234", "US", "US-TX")]
    [InlineData("ABC1234", null, "DE")]
    [InlineData("ABC1234", "BR", "BR-OLD")]
    public void Interpret_CountryHint_ChangesTheFormat(string raw, string? hint, string format)
    {
        var result = _grammar.Interpret(Line(raw), hint);

        Assert.Equal(raw, result.Text);
        Assert.Equal(format, result.Format);
    }

    [Fact]
    public void Interpret_CountryHint_RaisesCountryConfidence()
    {
        var plain = _grammar.Interpret(Line("AB123CD"));
        var hinted = _grammar.Interpret(Line("AB123CD"), "FR");
        var unique = _grammar.Interpret(Line("BRA2E19"));

        Assert.True(hinted.CountryConfidence > plain.CountryConfidence);
        Assert.True(unique.CountryConfidence > 0.5f);
    }

    [Fact]
    public void Interpret_InFrench_ExplainsInFrench()
    {
        var result = _grammar.Interpret(Line("AB123CD"), null, "fr-FR");

        Assert.StartsWith("Format français SIV", result.Explanation);
    }

    [Fact]
    public void Interpret_LineWithoutCharacters_UsesText()
    {
        var result = _grammar.Interpret(new OcrLine("ab-i23-cd", 0.8f, []));

        Assert.Equal("AB123CD", result.Text);
        Assert.Equal(7, result.CharConfidences.Count);
    }

    [Fact]
    public void Interpret_ConcurrentCalls_GiveSameResult()
    {
        var expected = _grammar.Interpret(Line("ABI23CD"));
        var texts = new string[64];

        Parallel.For(0, texts.Length, i => texts[i] = _grammar.Interpret(Line("ABI23CD")).Text);

        Assert.All(texts, t => Assert.Equal(expected.Text, t));
    }

    [Theory]
    [InlineData(" ab-123.cd ", "AB123CD")]
    [InlineData("1-abc-123", "1ABC123")]
    [InlineData("--", "")]
    public void Normalize_RemovesSeparatorsAndUppercases(string raw, string expected) =>
        Assert.Equal(expected, PlateGrammar.Normalize(raw));

    [Theory]
    [InlineData("DE", "US", true)]
    [InlineData("GB", "BR", true)]
    [InlineData("BR", "EU", true)]
    [InlineData("DE", "FR", false)]
    [InlineData("EU", "SK", false)]
    [InlineData("US", "us", false)]
    [InlineData("DE", null, false)]
    public void OtherRegion_ComparesEuropeTheUsAndBrazil_NotCountriesOfOneRegion(string formatCountry, string? hint, bool other) =>
        Assert.Equal(other, PlateGrammar.OtherRegion(formatCountry, hint));
}
