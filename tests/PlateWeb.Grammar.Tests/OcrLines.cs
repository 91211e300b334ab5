using PlateWeb.Recognition.Ocr;

namespace PlateWeb.Grammar.Tests;

/// <summary>Hand-built OCR output, so grammar tests do not depend on an engine.</summary>
internal static class OcrLines
{
    /// <summary>Every character at <paramref name="confidence"/>, with itself as the only alternative.</summary>
    public static OcrLine Line(string text, float confidence = 0.9f) =>
        Line(text.Select(c => Char(c, confidence)).ToArray());

    public static OcrLine Line(params OcrCharacter[] characters)
    {
        var text = new string(characters.Select(c => c.Value).ToArray());
        var mean = characters.Length == 0 ? 0f : characters.Average(c => c.Confidence);
        return new OcrLine(text, mean, characters);
    }

    /// <summary>A character whose ranked alternatives start with itself, as engines report them.</summary>
    public static OcrCharacter Char(char value, float confidence, params (char Value, float Confidence)[] alternatives)
    {
        var choices = new List<CharChoice> { new(value, confidence) };
        choices.AddRange(alternatives.Select(a => new CharChoice(a.Value, a.Confidence)));
        return new OcrCharacter(value, confidence, choices, BoxI.Empty);
    }

    /// <summary>Copy of <paramref name="line"/> with the character at <paramref name="index"/> replaced.</summary>
    public static OcrLine With(this OcrLine line, int index, OcrCharacter character)
    {
        var chars = line.Characters.ToArray();
        chars[index] = character;
        return Line(chars);
    }
}
