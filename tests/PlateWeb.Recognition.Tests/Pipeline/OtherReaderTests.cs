using PlateWeb.Recognition.Grammar;
using PlateWeb.Recognition.Pipeline;
using PlateWeb.Grammar.Tests;

namespace PlateWeb.Recognition.Tests.Pipeline;

/// <summary>What the reader that did not give a plate's read made of its region (results.jsonl's other_reader).</summary>
public sealed class OtherReaderTests
{
    private static readonly PlateGrammar Grammar = new();

    [Fact]
    public void OtherReader_SameText_Agrees_AnotherPlateText_Differs_NoPlateText_OrNotAsked()
    {
        var same = Grammar.Interpret(OcrLines.Line("AB123CD", 0.9f), "FR");
        var other = Grammar.Interpret(OcrLines.Line("AB128CD", 0.9f), "FR");
        var noPlate = Grammar.Interpret(OcrLines.Line("~", 0.9f), "FR");
        Assert.True(same.Accepted && other.Accepted && !noPlate.Accepted);

        Assert.Equal(PlateRead.Agrees, PlateRecognizer.OtherReaderOf("AB123CD", same));
        Assert.Equal(PlateRead.Differs, PlateRecognizer.OtherReaderOf("AB123CD", other));
        Assert.Equal(PlateRead.NoPlateText, PlateRecognizer.OtherReaderOf("AB123CD", noPlate));
        Assert.Null(PlateRecognizer.OtherReaderOf("AB123CD", null));
    }
}
