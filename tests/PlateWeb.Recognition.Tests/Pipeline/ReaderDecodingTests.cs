using PlateWeb.Recognition.Grammar;
using PlateWeb.Recognition.Pipeline;

namespace PlateWeb.Recognition.Tests.Pipeline;

/// <summary>The plate reader's distribution decoded under the hinted region's formats.</summary>
public sealed class ReaderDecodingTests
{
    private static readonly PlateGrammar Grammar = new();

    [Fact]
    public void SlovakDistrictPlate_TheLetterOTheReaderGaveLittle_WinsOverTheGenericZero_WithTheZerosConfidence()
    {
        // The benchmark's BB135BO: every character sure but the last, a 0 the reader holds at about 97 %
        // (two steps at 0.86 each) against O. "BB135B0" fits only the generic European pattern.
        var reading = Readings.Of([('B', null, 0f), ('B', null, 0f), ('1', null, 0f), ('3', null, 0f), ('5', null, 0f), ('B', null, 0f), ('0', 'O', 0.86f)], region: 1);
        var line = reading.ToLine();
        Assert.Equal("BB135B0", line.Text);

        var decoded = ReaderDecoding.Decode(Grammar, reading, line, Grammar.Interpret(line, "EU"), "EU");

        Assert.Equal(("BB135BO", "SK", "SK"), (decoded.Text, decoded.Country, decoded.Format));
        Assert.Contains(decoded.Candidates, c => c.Text == "BB135B0");
        // The read's probability under the reader alone is about 2 %; the Slovak font draws O like 0, so the reader's
        // 0 at that letter's place counts for the O, and the read keeps the confidence of a clear plate.
        Assert.True(reading.ProbabilityOf("BB135BO") < 0.05);
        Assert.Equal(reading.ProbabilityOf("BB135BO", Grammar.StandIns("BB135BO", Grammar.Match("BB135BO").Single(m => m.Format.Id == "SK"))), decoded.Confidence, 3);
        Assert.True(decoded.Confidence > 0.9f);
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

    [Fact]
    public void OldBrazilianPlate_TheReadersZeroAmongTheLetters_CountsForTheO()
    {
        // As on the benchmark's OZC8400: the reader sees the first place as a 0 or a D and hardly as an O. The
        // letter the reader likes most is the D, which the decoding took; on an old Brazilian plate the 0 can only
        // be the O, and with its probability the O wins.
        var reading = Readings.Of([('0', 'D', 0.6f), ('Z', null, 0f), ('C', null, 0f), ('8', null, 0f), ('4', null, 0f), ('0', null, 0f), ('0', null, 0f)]);
        var line = reading.ToLine();
        Assert.Equal("0ZC8400", line.Text);

        var decoded = ReaderDecoding.Decode(Grammar, reading, line, Grammar.Interpret(line, "BR"), "BR");

        Assert.Equal(("OZC8400", "BR-OLD"), (decoded.Text, decoded.Format));
        Assert.True(reading.ProbabilityOf("OZC8400") < 0.01, "the O alone is nearly absent");
        Assert.Equal(reading.ProbabilityOf("OZC8400", Grammar.StandIns("OZC8400", Grammar.Match("OZC8400").Single(m => m.Format.Id == "BR-OLD"))), decoded.Confidence, 3);
        Assert.True(decoded.Confidence > reading.ProbabilityOf("DZC8400"));
    }

    [Fact]
    public void SlovakPlate_TheReadersZeroAmongTheLastLetters_CountsForTheO()
    {
        // The benchmark's BA302OZ: the reader is sure of a 0 at the sixth place, where a Slovak plate has a letter;
        // "BA3020Z" is an old Spanish provincial plate (Badajoz). The Slovak font draws O like 0.
        var reading = Readings.Of([('B', null, 0f), ('A', null, 0f), ('3', null, 0f), ('0', null, 0f), ('2', null, 0f), ('0', 'O', 0.9f), ('Z', null, 0f)], region: 1);
        var line = reading.ToLine();
        Assert.Equal("BA3020Z", line.Text);

        var decoded = ReaderDecoding.Decode(Grammar, reading, line, Grammar.Interpret(line, "EU"), "EU");

        Assert.Equal(("BA302OZ", "SK"), (decoded.Text, decoded.Format));
        Assert.Contains(decoded.Candidates, c => c.Text == "BA3020Z");
    }

    [Fact]
    public void PolishPlate_TheReadersOneAmongWhatWouldBeSlovakLetters_StaysAOne()
    {
        // A Poznań plate, PO 1561U: with the sixth place an I it would be a Slovak plate of Prešov (PO). The Slovak
        // font's 1 has a flag an I lacks, so the reader's 1 there is no I; the text stands (as Polish, or as an old
        // Spanish plate of Pontevedra, which it also fits: the grammar's business, not the look-alikes').
        var reading = Readings.Of([('P', null, 0f), ('O', null, 0f), ('1', null, 0f), ('5', null, 0f), ('6', null, 0f), ('1', 'I', 0.9f), ('U', null, 0f)], region: 1);
        var line = reading.ToLine();

        var decoded = ReaderDecoding.Decode(Grammar, reading, line, Grammar.Interpret(line, "EU"), "EU");

        Assert.Equal("PO1561U", decoded.Text);
        Assert.NotEqual("SK", decoded.Country);
    }

    [Fact]
    public void MercosulPlate_TheReadersIAtTheFifthPlace_StaysAnI()
    {
        // A Mercosul plate's fifth place takes A-J: the I there is no old plate's 1, however sure the reader is.
        var reading = Readings.Of([('B', null, 0f), ('R', null, 0f), ('A', null, 0f), ('2', null, 0f), ('I', '1', 0.9f), ('1', null, 0f), ('9', null, 0f)]);
        var line = reading.ToLine();

        var decoded = ReaderDecoding.Decode(Grammar, reading, line, Grammar.Interpret(line, "BR"), "BR");

        Assert.Equal(("BRA2I19", "BR-MERCOSUL"), (decoded.Text, decoded.Format));
    }
}
