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
        $@"(?:corrected|fixed|edited|hand-corrected) {Reads}|{Reads}(?: (?:that|which))? (?:were|was|have been|has been|had been) (?:corrected|fixed|edited)(?: by hand)?|{Reads} with (?:a |any )?corrections?|"
        // One word may sit between: "lectures françaises ont été corrigées" (the country is found after the filters).
        + $@"{Reads}(?<keep> [a-z]+)? (?:qui ont ete |ont ete |qui a ete |a ete )?(?:corrigee?s?|rectifiee?s?)(?: a la main)?|{Reads} avec (?:une )?correction");

    public (ReadFilter? Filter, string Remaining) Find(string folded, FilterClock clock)
    {
        if (Uncorrected.Match(folded) is { Success: true } not)
        {
            return (new ReadFilter(r => r.CorrectedSkeleton == null, " not corrected"), Blank(folded, not));
        }
        if (Corrected.Match(folded) is { Success: true } m)
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
