using System.Linq.Expressions;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using PlateWeb.Data.Entities;
using PlateWeb.Data.Storage;
using PlateWeb.Recognition.Grammar;

namespace PlateWeb.Chat.Grounding.Filters;

/// <summary>
/// Part of a plate: "AB-1?3-CD", "AB*" (<c>?</c> one character, <c>*</c> any run), "plates containing 123",
/// "plaques contenant 123", "ending with 99", "qui se terminent par 99". Dashes and spaces do not count; the pattern is
/// matched against the effective (corrected) text. "starting with AB" stays the question's prefix (<see cref="ReadScope.Prefix"/>).
/// </summary>
/// <remarks>
/// The stored <see cref="PlateReadEntity.EffectiveText"/> is upper-case letters and digits, so the pattern is a
/// GLOB, SQLite's case-sensitive LIKE (<c>?</c> and <c>*</c> are its own wildcards): unlike LIKE it compares as the
/// column's index does, and the letters before the first wildcard also bound an index range, so "AB*" reads one
/// range of the (EffectiveText, CreatedAt) index. "containing 123" has no such start and scans that narrow index.
/// </remarks>
internal sealed class PlatePatternFilter : IFilterParser
{
    private const string Chars = "([a-z0-9][a-z0-9-]{0,11})";

    // A word of plate characters holding at least one wildcard (TextFolding keeps them) and one letter or digit.
    private static readonly Regex Wildcards = QuestionShape.Words(
        @"(?:(?:matching|that match|which match|like|pattern|correspondant a|qui correspondent a|du type|de type|comme) )?"
        + @"((?=[a-z0-9*?-]*[a-z0-9])[a-z0-9-]*[*?][a-z0-9*?-]*)");

    private static readonly Regex Containing = QuestionShape.Words(
        $@"(?:containing|that contains?|which contains?|contains?|contenant|qui contiennent|qui contient|contiennent|contient|comportant|incluant) (?:the |les |le |la )?(?:characters? |digits? |letters? |chiffres |lettres |caracteres )?{Chars}|"
        + $@"(?:with|having|have|has) (?:an? |the )?{Chars} (?:somewhere |anywhere )?in (?:the |their |its )?(?:plates?|it)");

    private static readonly Regex Ending = QuestionShape.Words(
        $@"(?:ending with|ending in|ending|that ends? (?:with|in)|which ends? (?:with|in)|ends? (?:with|in)|finissant par|qui finissent par|qui finit par|se terminant par|terminant par|qui se terminent par|qui se termine par|se terminent par|se termine par|finissent par|finit par|terminee?s? par) {Chars}");

    public bool ReadsPlateText => true;

    public (ReadFilter? Filter, string Remaining) Find(string folded, FilterClock clock)
    {
        if (Wildcards.Match(folded) is { Success: true } w && Glob(w.Groups[1].Value) is { } glob)
        {
            return (Filter(glob, $" matching {glob}"), Blank(folded, w));
        }
        if (Containing.Match(folded) is { Success: true } c && Part(c.Groups[1].Success ? c.Groups[1].Value : c.Groups[2].Value) is { } part)
        {
            return (Filter($"*{part}*", $" containing {part}"), Blank(folded, c));
        }
        if (Ending.Match(folded) is { Success: true } e && Part(e.Groups[1].Value) is { } end)
        {
            return (Filter($"*{end}", $" ending with {end}"), Blank(folded, e));
        }
        return (null, folded);
    }

    /// <summary>Plate characters after "containing" / "ending with": with a digit, or a few letters that are no word ("today").</summary>
    private static string? Part(string written)
    {
        var part = PlateGrammar.Normalize(written);
        return part.Length > 0 && (part.Any(char.IsAsciiDigit) || (part.Length <= 4 && !QuestionWords.IsWord(written))) ? part : null;
    }

    /// <summary>"ab-1?3-cd" → "AB1?3CD"; runs of "*" made one; null without a letter or digit, or longer than any plate.</summary>
    internal static string? Glob(string written)
    {
        var glob = Regex.Replace(written.ToUpperInvariant().Replace("-", "", StringComparison.Ordinal), @"\*{2,}", "*");
        return glob.Any(char.IsAsciiLetterOrDigit) && glob.Count(c => c != '*') <= PlateGrammar.MaxPlateLength ? glob : null;
    }

    private static ReadFilter Filter(string glob, string tail)
    {
        // EffectiveText holds only A-Z and 0-9, so a glob of those and wildcards needs no escaping, and becomes a LIKE
        // pattern that SQLite and PostgreSQL read alike (SQLite's GLOB is its own; case cannot differ here).
        var like = glob.Replace('*', '%').Replace('?', '_');
        var prefix = glob.IndexOfAny(['*', '?']) is var first and > 0 ? glob[..first] : null;
        Expression<Func<PlateReadEntity, bool>> match = r => EF.Functions.Like(r.EffectiveText, like);
        if (prefix is null) return new ReadFilter(match, tail);
        var next = ReadFilters.AfterPrefix(prefix);
        return new ReadFilter(
            r => string.Compare(r.EffectiveText, prefix) >= 0 && string.Compare(r.EffectiveText, next) < 0 && EF.Functions.Like(r.EffectiveText, like),
            tail);
    }

    private static string Blank(string text, Match m) => text.Remove(m.Index, m.Length).Insert(m.Index, new string(' ', m.Length));
}
