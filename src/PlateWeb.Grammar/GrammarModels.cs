namespace PlateWeb.Recognition.Grammar;

/// <summary>A ranked plate reading produced by the grammar.</summary>
/// <param name="Text">Normalised plate text: upper case, no spaces or dashes.</param>
/// <param name="Score">Combined OCR and pattern score in 0..1.</param>
/// <param name="FormatId">Id of the matched format (for example "FR-SIV"), or null when no pattern matched.</param>
public sealed record PlateCandidate(string Text, float Score, string? FormatId);

/// <summary>A change the grammar made to the raw OCR, for display ("position 3: O → 0, pattern expects a digit").</summary>
public sealed record GrammarCorrection(int Position, char From, char To, string Reason);

/// <summary>The grammar's verdict on one OCR line.</summary>
/// <param name="Accepted">False when the text is junk (too short, no pattern, not plate-like).</param>
/// <param name="Text">Best normalised text (empty when rejected).</param>
/// <param name="Confidence">Confidence in 0..1 of <paramref name="Text"/>.</param>
/// <param name="CharConfidences">Per-character confidence of <paramref name="Text"/>, same length.</param>
/// <param name="Candidates">Up to 10 ranked candidates, best first; the first equals <paramref name="Text"/>.</param>
/// <param name="Country">ISO 3166 alpha-2 code ("FR", "US", "BR"...) or "EU" for the generic pattern; null when unknown.</param>
/// <param name="Format">Format id, for example "FR-SIV"; null when unknown.</param>
/// <param name="CountryConfidence">Confidence in 0..1 of the country/format guess.</param>
/// <param name="Explanation">One human line, for example "French SIV format AA-123-AA, issued since 2009".</param>
/// <param name="DisplayText">Text formatted as printed on the plate, for example "AB-123-CD".</param>
/// <param name="Corrections">Confusion corrections applied to reach <paramref name="Text"/>.</param>
/// <param name="RejectReason">Why the line was rejected, when <paramref name="Accepted"/> is false.</param>
public sealed record GrammarResult(
    bool Accepted,
    string Text,
    float Confidence,
    IReadOnlyList<float> CharConfidences,
    IReadOnlyList<PlateCandidate> Candidates,
    string? Country,
    string? Format,
    float CountryConfidence,
    string? Explanation,
    string? DisplayText,
    IReadOnlyList<GrammarCorrection> Corrections,
    string? RejectReason);
