using System.Text.RegularExpressions;

namespace PlateWeb.Chat.Grounding.Filters;

/// <summary>
/// "corrected plates this week", "lectures corrigées", "reads that were corrected": reads a user corrected; "not
/// corrected", "non corrigées", "jamais corrigées": reads nobody corrected. "Which reads were corrected?", "Were any
/// reads corrected today?" or "Was AB-123-CD corrected?" (the correction as what is asked, not as a condition) stay
/// the corrections question, which lists the same reads.
/// </summary>
internal sealed class CorrectedFilter : IFilterParser
{
    private const string Reads = @"(?:plates?|reads?|readings?|lectures?|plaques?)";

    private static readonly Regex Uncorrected = QuestionShape.Words(
        @"(?:(?:that|which) (?:were|was|have|has) )?(?:not|never|not been|never been) (?:corrected|fixed|edited)|uncorrected|unedited|without (?:a |any )?corrections?|"
        + @"(?:qui )?(?:n'ont |n'a )?(?:non|pas|jamais|pas ete|jamais ete) (?:corrigee?s?|rectifiee?s?)|sans corrections?");

    private static readonly Regex Corrected = QuestionShape.Words(
        $@"(?:corrected|fixed|edited|hand-corrected) {Reads}|{Reads} (?:that|which) (?:were|have been|had been) (?:corrected|fixed|edited)(?: by hand)?|{Reads} with (?:a |any )?corrections?|"
        + $@"{Reads} (?:qui ont ete )?(?:corrigee?s?|rectifiee?s?)(?: a la main)?|{Reads} avec (?:une )?correction");

    // Counted, the correction is a condition even said as a verb: "How many reads have been corrected?", "Combien de
    // lectures françaises ont été corrigées ?" (one word may sit between: the country is found after the filters).
    // Not counted, "Were any reads corrected?", "Est-ce que des lectures ont été corrigées ?" stay the corrections question.
    private static readonly Regex CorrectedVerb = QuestionShape.Words(
        $@"{Reads} (?:were|was|have been|has been|had been) (?:corrected|fixed|edited)(?: by hand)?|"
        + $@"{Reads}(?<keep> [a-z]+)? (?:ont ete|a ete|sont) (?:corrigee?s?|rectifiee?s?)(?: a la main)?");

    private static readonly Regex Counting = QuestionShape.Words(@"how many|number of|count|combien|nombre|compte|comptez");

    public (ReadFilter? Filter, string Remaining) Find(string folded, FilterClock clock)
    {
        if (Uncorrected.Match(folded) is { Success: true } not)
        {
            return (new ReadFilter(r => r.CorrectedSkeleton == null, " not corrected"), Blank(folded, not));
        }
        var m = Corrected.Match(folded);
        if (!m.Success && Counting.IsMatch(folded)) m = CorrectedVerb.Match(folded);
        if (m.Success)
        {
            // CorrectedSkeleton is set with CorrectedText and indexed, as ReadScope.CorrectedOnly.
            return (new ReadFilter(r => r.CorrectedSkeleton != null, " corrected"), Blank(folded, m));
        }
        return (null, folded);
    }

    /// <summary>Blanks the filter's words; a word between them (group "keep": "françaises") stays for the country and others.</summary>
    private static string Blank(string text, Match m)
    {
        var blanked = text.Remove(m.Index, m.Length).Insert(m.Index, new string(' ', m.Length));
        var keep = m.Groups["keep"];
        return keep.Success ? blanked.Remove(keep.Index, keep.Length).Insert(keep.Index, keep.Value) : blanked;
    }
}
