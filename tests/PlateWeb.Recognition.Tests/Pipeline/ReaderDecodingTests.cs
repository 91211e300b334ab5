using PlateWeb.Recognition.Grammar;
using PlateWeb.Recognition.Pipeline;

namespace PlateWeb.Recognition.Tests.Pipeline;

/// <summary>The plate reader's distribution decoded under the hinted region's formats.</summary>
public sealed class ReaderDecodingTests
{
    private static readonly PlateGrammar Grammar = new();

    [Fact]
    public void SlovakDistrictPlate_TheLetterOTheReaderGaveLittle_WinsOverTheGenericZero_AndKeepsAStorableConfidence()
    {
        // The benchmark's BB135BO: every character sure but the last, a 0 the reader holds at about 97 %
        // (two steps at 0.86 each) against O. "BB135B0" fits only the generic European pattern.
        var reading = Readings.Of([('B', null, 0f), ('B', null, 0f), ('1', null, 0f), ('3', null, 0f), ('5', null, 0f), ('B', null, 0f), ('0', 'O', 0.86f)], region: 1);
        var line = reading.ToLine();
        Assert.Equal("BB135B0", line.Text);

        var decoded = ReaderDecoding.Decode(Grammar, reading, line, Grammar.Interpret(line, "EU"), "EU");

        Assert.Equal(("BB135BO", "SK", "SK"), (decoded.Text, decoded.Country, decoded.Format));
        Assert.Contains(decoded.Candidates, c => c.Text == "BB135B0");
        // The read's probability under the reader alone is about 2 %: the format's win must not leave it there.
        Assert.True(reading.ProbabilityOf("BB135BO") < 0.05);
        Assert.InRange(decoded.Confidence, 0.3f, 0.9f);
    }

    [Fact]
    public void NotADistrictCode_TheGenericZeroTheReaderIsSureOf_Stands()
    {
        // "QX" is no Slovak district: the layout keeps its lower prior, and the reader's 0 stands.
        var reading = Readings.Of([('Q', null, 0f), ('X', null, 0f), ('1', null, 0f), ('3', null, 0f), ('5', null, 0f), ('B', null, 0f), ('0', 'O', 0.86f)], region: 1);
        var line = reading.ToLine();

        var decoded = ReaderDecoding.Decode(Grammar, reading, line, Grammar.Interpret(line, "EU"), "EU");

        Assert.Equal("QX135B0", decoded.Text);
        Assert.Equal(reading.ProbabilityOf("QX135B0"), decoded.Confidence, 3);
    }
}
