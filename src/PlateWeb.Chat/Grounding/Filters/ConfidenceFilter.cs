using System.Globalization;
using System.Text.RegularExpressions;

namespace PlateWeb.Chat.Grounding.Filters;

/// <summary>
/// "confidence below 60 %", "moins de 60 % de confiance", "fiabilité d'au moins 90 %": reads whose confidence,
/// as the facts print it (a whole percentage, halves up), is below, above, at least or at most the value.
/// </summary>
internal sealed class ConfidenceFilter : IFilterParser
{
    private const string Number = @"(\d{1,3})( ?(?:percent|pour ?cent|pct))?";

    private static readonly (Regex Pattern, Comparison Comparison)[] Comparators =
    [
        (Comparator(@"below|under|less than|lower than|smaller than|inferieure? a|inferieures? a|en dessous de|au-dessous de|sous|moins de|de moins de"), Comparison.Below),
        (Comparator(@"above|over|more than|greater than|higher than|superieure? a|superieures? a|au-dessus de|plus de|de plus de"), Comparison.Above),
        (Comparator(@"at least|no less than|d'au moins|au moins|au minimum|minimum"), Comparison.AtLeast),
        (Comparator(@"at most|no more than|d'au plus|au plus|au maximum|maximum"), Comparison.AtMost),
    ];

    // Also after a hyphen: "low-confidence reads below 80 percent".
    private static readonly Regex Subject = new(@"(?<![\p{L}\p{N}])(?:confidence|confident|confiance|fiabilite|certitude|score)(?![\p{L}\p{N}])", RegexOptions.CultureInvariant | RegexOptions.Compiled);

    private enum Comparison { Below, Above, AtLeast, AtMost }

    public (ReadFilter? Filter, string Remaining) Find(string folded, FilterClock clock)
    {
        var subject = Subject.Match(folded);
        foreach (var (pattern, comparison) in Comparators)
        {
            if (pattern.Match(folded) is not { Success: true } m) continue;
            var percent = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            if (percent > 100) continue;
            // Without the word "confidence", only a share says it: "above 95%", not "more than 5 (times)".
            if (!subject.Success && !m.Groups[2].Success) continue;
            var rest = Blank(folded, m.Index, m.Length);
            return (Filter(comparison, percent), subject.Success ? Blank(rest, subject.Index, subject.Length) : rest);
        }
        return (null, folded);
    }

    private static ReadFilter Filter(Comparison comparison, int percent)
    {
        // The facts print Percent(confidence), rounded half up: "below 60 %" must leave out a read shown as 60 %.
        var low = (percent - 0.5f) / 100f;
        var high = (percent + 0.5f) / 100f;
        return comparison switch
        {
            Comparison.Below => new ReadFilter(r => r.Confidence < low, Tail("below", percent)),
            Comparison.Above => new ReadFilter(r => r.Confidence >= high, Tail("above", percent)),
            Comparison.AtLeast => new ReadFilter(r => r.Confidence >= low, Tail("at least", percent)),
            _ => new ReadFilter(r => r.Confidence < high, Tail("at most", percent)),
        };
    }

    private static string Tail(string words, int percent) => string.Create(CultureInfo.InvariantCulture, $" with confidence {words} {percent}%");

    private static string Blank(string text, int index, int length) => text.Remove(index, length).Insert(index, new string(' ', length));

    private static Regex Comparator(string words) => QuestionShape.Words($"(?:{words}) {Number}");
}
