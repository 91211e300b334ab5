namespace PlateWeb.Recognition.Ocr;

/// <summary>One alternative reading of a character, as the OCR engine ranked it.</summary>
/// <param name="Value">The character.</param>
/// <param name="Confidence">Engine confidence in 0..1.</param>
public readonly record struct CharChoice(char Value, float Confidence);

/// <summary>A recognised character with its box in the rectified plate image and its ranked alternatives.</summary>
/// <param name="Value">Best character.</param>
/// <param name="Confidence">Confidence of <paramref name="Value"/> in 0..1.</param>
/// <param name="Alternatives">Ranked choices, best first; includes <paramref name="Value"/> first.</param>
/// <param name="Box">Bounding box in the coordinates of the image given to the engine (x, y, w, h); empty when unknown.</param>
public sealed record OcrCharacter(char Value, float Confidence, IReadOnlyList<CharChoice> Alternatives, BoxI Box);

/// <summary>Axis-aligned integer rectangle.</summary>
public readonly record struct BoxI(int X, int Y, int Width, int Height)
{
    public static readonly BoxI Empty = new(0, 0, 0, 0);
}

/// <summary>What the OCR engine read on one rectified plate image.</summary>
/// <param name="Text">Concatenated best characters (whitespace removed).</param>
/// <param name="Confidence">Mean character confidence in 0..1 (0 when no characters).</param>
/// <param name="Characters">Per-character details in reading order.</param>
public sealed record OcrLine(string Text, float Confidence, IReadOnlyList<OcrCharacter> Characters)
{
    public static readonly OcrLine Empty = new(string.Empty, 0f, []);
}
