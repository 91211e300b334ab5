namespace PlateWeb.Chat.Grounding;

/// <summary>
/// A question cut into what asks (<see cref="Core"/>: "how many", "busiest day") and what it is about (plates,
/// prefix, countries, period, filters), each as the words written, so a follow-up can swap one part and the
/// result is read again as a question.
/// </summary>
/// <param name="Core">Folded words left once everything else is out.</param>
/// <param name="Plates">Plates as written (their case kept: lower-case plates are found under stricter rules).</param>
/// <param name="LanguageDecided">False when no word told the language ("AB-123-CD ?").</param>
internal sealed record QuestionParts(
    string Core,
    IReadOnlyList<string> Plates,
    string? Prefix,
    IReadOnlyList<string> Countries,
    string? Period,
    IReadOnlyList<string> Filters,
    bool LanguageDecided)
{
    public static QuestionParts Empty { get; } = new("", [], null, [], null, [], false);

    /// <summary>
    /// This follow-up applied to the previous query: its own words when they ask something ("what about its
    /// country?"), else the previous ones; and for plates, prefix, countries, period and filters, each the
    /// follow-up's when it names one ("and yesterday?" changes the period only), else the previous one's.
    /// </summary>
    public string FollowUp(QuestionParts previous, bool asksByWords)
    {
        var core = asksByWords || previous.Core.Length == 0 ? Core : previous.Core;
        string[] parts =
        [
            core,
            .. Plates.Count > 0 ? Plates : previous.Plates,
            Prefix ?? previous.Prefix ?? "",
            .. Countries.Count > 0 ? Countries : previous.Countries,
            Period ?? previous.Period ?? "",
            .. Filters.Count > 0 ? Filters : previous.Filters,
        ];
        return string.Join(' ', parts.Where(p => p.Length > 0));
    }
}
