using System.Globalization;
using System.Text.RegularExpressions;
using PlateWeb.Chat.Grounding;

namespace PlateWeb.Chat.Checking;

/// <summary>The fact line forms of docs/CHAT-PROMPT.md; <see cref="Other"/> for a form this code does not know yet.</summary>
public enum FactKind
{
    PlateSummary,
    SingleRead,
    Count,
    CountryTally,
    Format,
    NotFound,

    /// <summary>"count: 3 plates" and what they are ("first seen from … to …"), in <see cref="CheckedFact.Detail"/>.</summary>
    PlateCount,

    /// <summary>"usual arrival of AB-123-CD: 10:30, median of the first read on 4 days, earliest 08:14, latest 17:02".</summary>
    UsualArrival,
    Other,
}

/// <summary>
/// One fact line read back into its parts, for the answer check and the plain rendering. The lines are
/// written by <c>FactLines</c> in exactly these forms, so reading them back is exact; a line of a form added
/// later is <see cref="FactKind.Other"/>: its values still count, it is rendered as written.
/// </summary>
/// <param name="Plate">The plate as the fact writes it (summary, read, "count … of", format, not found).</param>
/// <param name="Count">Reads of a summary, count or tally.</param>
/// <param name="First">Summary: first seen; read: when it was read.</param>
/// <param name="Last">Summary: last seen.</param>
/// <param name="Country">Code, "??" when unknown.</param>
/// <param name="CountryName">In the question's language.</param>
/// <param name="Percent">Best confidence (summary) or confidence (read).</param>
/// <param name="Detail">Read: the engine's text a user corrected; count: the prefix; format: the explanation; plate count:
/// its words after "plates"; usual arrival: "median|days|earliest|latest".</param>
/// <param name="Tail">Count: the filters' words after the count (" matching AB*", " with confidence below 60%").</param>
/// <param name="Camera">Read: the camera that made it; count: the camera of its " at camera …" tail.</param>
public sealed record CheckedFact(
    GroundingFact Fact,
    FactKind Kind,
    TextValues Values,
    string? Plate = null,
    int? Count = null,
    DateTime? First = null,
    DateTime? Last = null,
    string? Country = null,
    string? CountryName = null,
    int? Percent = null,
    long? ReadId = null,
    string? Detail = null,
    string? Tail = null,
    string? Camera = null)
{
    public int Number => Fact.Number;
}

/// <summary>Reads fact lines into <see cref="CheckedFact"/>s.</summary>
public static partial class FactReader
{
    public static CheckedFact Read(GroundingFact fact, ValueReader values)
    {
        ArgumentNullException.ThrowIfNull(fact);
        ArgumentNullException.ThrowIfNull(values);
        var line = fact.Line;
        var v = values.Read(line);
        if (fact.PlateText is { Length: > 0 } known)
        {
            // The fact's own plate, whatever the plate finder makes of it ("NE-SF 5" fits no format it joins).
            var plates = v.Plates.ToHashSet(StringComparer.Ordinal);
            plates.Add(Recognition.Grammar.PlateGrammar.Normalize(known));
            v = v with { Plates = plates };
        }

        if (Summary().Match(line) is { Success: true } s)
        {
            return new CheckedFact(fact, FactKind.PlateSummary, WithPlate(v, s), s.Groups["plate"].Value, Int(s, "n"),
                Date(s, "first"), Date(s, "last"), s.Groups["cc"].Value, s.Groups["name"].Value, Int(s, "p"));
        }
        if (SingleRead().Match(line) is { Success: true } r)
        {
            var fixedFrom = r.Groups["from"].Success ? r.Groups["from"].Value : null;
            var withPlates = WithPlate(v, r);
            if (fixedFrom is not null) withPlates = withPlates with { Plates = withPlates.Plates.Append(Recognition.Grammar.PlateGrammar.Normalize(fixedFrom)).ToHashSet(StringComparer.Ordinal) };
            return new CheckedFact(fact, FactKind.SingleRead, withPlates, r.Groups["plate"].Value, null,
                Date(r, "at"), null, r.Groups["cc"].Value, r.Groups["name"].Value, Int(r, "p"),
                long.Parse(r.Groups["id"].Value, CultureInfo.InvariantCulture), fixedFrom,
                Camera: r.Groups["camera"].Success ? r.Groups["camera"].Value : null);
        }
        if (CountLine().Match(line) is { Success: true } c)
        {
            var plate = c.Groups["plate"].Success ? c.Groups["plate"].Value : null;
            return new CheckedFact(fact, FactKind.Count, plate is null ? v : WithPlate(v, c), plate, Int(c, "n"),
                Country: c.Groups["cc"].Success ? c.Groups["cc"].Value : null,
                CountryName: c.Groups["name"].Success ? c.Groups["name"].Value : null,
                Detail: c.Groups["prefix"].Success ? c.Groups["prefix"].Value : null,
                Tail: c.Groups["tail"].Value.Length > 0 ? c.Groups["tail"].Value : null,
                Camera: CameraTail().Match(c.Groups["tail"].Value) is { Success: true } cam ? cam.Groups["camera"].Value : null);
        }
        if (PlateCountLine().Match(line) is { Success: true } pc)
        {
            return new CheckedFact(fact, FactKind.PlateCount, v, Count: Int(pc, "n"), Detail: pc.Groups["tail"].Value);
        }
        if (UsualArrivalLine().Match(line) is { Success: true } u)
        {
            return new CheckedFact(fact, FactKind.UsualArrival, WithPlate(v, u), u.Groups["plate"].Value, Int(u, "days"),
                Detail: $"{u.Groups["median"].Value}|{u.Groups["days"].Value}|{u.Groups["earliest"].Value}|{u.Groups["latest"].Value}");
        }
        if (Tally().Match(line) is { Success: true } t)
        {
            return new CheckedFact(fact, FactKind.CountryTally, v, Count: Int(t, "n"), Country: t.Groups["cc"].Value, CountryName: t.Groups["name"].Value);
        }
        if (FormatLine().Match(line) is { Success: true } f)
        {
            return new CheckedFact(fact, FactKind.Format, WithPlate(v, f), f.Groups["plate"].Value, Detail: f.Groups["text"].Value);
        }
        if (NotFoundLine().Match(line) is { Success: true } n)
        {
            return new CheckedFact(fact, FactKind.NotFound, WithPlate(v, n), n.Groups["plate"].Value);
        }
        return new CheckedFact(fact, FactKind.Other, v);
    }

    /// <summary>The plate group as a normalised plate, even when the plate finder would not take it (a read id "#375", "NE-SF 5").</summary>
    private static TextValues WithPlate(TextValues values, Match m)
    {
        var plate = m.Groups["plate"].Value;
        var normalized = Recognition.Grammar.PlateGrammar.Normalize(plate);
        if (normalized.Length == 0 || plate.StartsWith('#')) return values;
        return values with { Plates = values.Plates.Append(normalized).ToHashSet(StringComparer.Ordinal) };
    }

    private static int Int(Match m, string group) => int.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture);

    private static DateTime Date(Match m, string group) =>
        DateTime.ParseExact(m.Groups[group].Value, "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private const string When = @"\d{4}-\d{2}-\d{2} \d{2}:\d{2}";

    [GeneratedRegex(@"^plate (?<plate>.+?): (?<n>\d+) reads?, first (?<first>" + When + @"), last (?<last>" + When + @"), country (?<cc>\S+) \((?<name>[^)]*)\), best confidence (?<p>\d+)%$")]
    private static partial Regex Summary();

    [GeneratedRegex(@"^read #(?<id>\d+): (?<plate>.+?) at (?<at>" + When + @"), country (?<cc>\S+) \((?<name>[^)]*)\), confidence (?<p>\d+)%(?:, corrected from (?<from>.+?))?(?:, camera (?<camera>.+))?$")]
    private static partial Regex SingleRead();

    // The camera filter's tail comes first among the filters' (it is found first); other filters' words may follow.
    [GeneratedRegex(@"(?:^| )at camera (?<camera>.+?)(?= (?:matching|containing|ending with|corrected|not corrected|with confidence|between)\b|$)")]
    private static partial Regex CameraTail();

    [GeneratedRegex(@"^count: (?<n>\d+) reads?(?: of (?<plate>.+?))?(?: starting with (?<prefix>\S+))?(?: from (?<cc>\S+) \((?<name>[^)]*)\))?(?<tail>(?: (?:at camera|matching|containing|ending with|corrected|not corrected|with confidence|between)\b.*)?)$")]
    private static partial Regex CountLine();

    [GeneratedRegex(@"^count: (?<n>\d+) plates?(?<tail>.*)$")]
    private static partial Regex PlateCountLine();

    [GeneratedRegex(@"^usual arrival of (?<plate>.+?): (?<median>\d{2}:\d{2}), median of the first read on (?<days>\d+) days?, earliest (?<earliest>\d{2}:\d{2}), latest (?<latest>\d{2}:\d{2})$")]
    private static partial Regex UsualArrivalLine();

    [GeneratedRegex(@"^country (?<cc>\S+) \((?<name>[^)]*)\): (?<n>\d+) reads?$")]
    private static partial Regex Tally();

    [GeneratedRegex(@"^format of (?<plate>.+?): (?<text>.+)$")]
    private static partial Regex FormatLine();

    [GeneratedRegex(@"^not found: (?<plate>.+)$")]
    private static partial Regex NotFoundLine();
}
