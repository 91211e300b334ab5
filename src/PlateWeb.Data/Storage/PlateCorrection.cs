namespace PlateWeb.Data.Storage;

/// <summary>Why a correction was refused; the UI words each one in the user's language.</summary>
public enum CorrectionProblem
{
    NoLetterOrDigit,
    TooLong,
    BadCharacter,
}

/// <summary>A plate correction the server will not store; <see cref="Problem"/> says why. The message never repeats the text.</summary>
public sealed class InvalidCorrectionException(CorrectionProblem problem, string message) : ArgumentException(message, "correctedText")
{
    public CorrectionProblem Problem { get; } = problem;
}

/// <summary>
/// The rule every stored correction obeys, whoever writes it: at most <see cref="MaxLength"/>
/// characters of A-Z, 0-9, space, dash and dot, upper-cased. A correction is shown to every user
/// and written into the chat's facts, so nothing else (line breaks, brackets, template markers,
/// sentences) may be stored as a plate.
/// </summary>
public static class PlateCorrection
{
    /// <summary>From the security review (issue 14); every example plate of the grammar, with its separators, fits (tested).</summary>
    public const int MaxLength = 12;

    /// <summary>The text to store (trimmed, upper-cased), or null to remove the correction (empty input); throws <see cref="InvalidCorrectionException"/> otherwise.</summary>
    public static string? Normalize(string? input)
    {
        if (string.IsNullOrWhiteSpace(input)) return null;
        var text = input.Trim();
        return Check(text) switch
        {
            null => text.ToUpperInvariant(),
            CorrectionProblem.TooLong => throw new InvalidCorrectionException(CorrectionProblem.TooLong, $"A plate has at most {MaxLength} characters."),
            CorrectionProblem.BadCharacter => throw new InvalidCorrectionException(
                CorrectionProblem.BadCharacter, "A plate holds only the letters A-Z, digits, spaces, dashes and dots."),
            var problem => throw new InvalidCorrectionException(problem.Value, "A plate text needs at least one letter or digit."),
        };
    }

    /// <summary>The problem with <paramref name="input"/>, or null when it can be stored (empty input removes the correction).</summary>
    public static CorrectionProblem? Check(string? input)
    {
        if (string.IsNullOrWhiteSpace(input)) return null;
        var text = input.Trim();
        if (text.Length > MaxLength) return CorrectionProblem.TooLong;
        // Checked before upper-casing: ToUpperInvariant turns some non-ASCII letters (ı) into ASCII ones.
        if (text.Any(c => !char.IsAsciiLetterOrDigit(c) && c is not (' ' or '-' or '.'))) return CorrectionProblem.BadCharacter;
        return text.Any(char.IsAsciiLetterOrDigit) ? null : CorrectionProblem.NoLetterOrDigit;
    }
}
