using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace PlateWeb.Chat.Grounding.Filters;

/// <summary>
/// "at camera Gate", "at the gate camera", "from camera Entrée", "à la caméra Entrée", "par la caméra Sortie": reads
/// of one of the history's cameras (<see cref="FilterClock.Cameras"/>), its name matched without case or accents.
/// Only a camera the history holds is a filter: "which plates did the camera catch?" names none. It also narrows a
/// plate's summary: "When was AB-123-CD last seen at camera Gate?" is about its reads there.
/// </summary>
/// <remarks>
/// It reads the question before plates are found (<see cref="ReadsPlateText"/>): a camera may be named like a plate
/// ("A12", "Gate 2"), and a name inside its words is no plate of its own.
/// </remarks>
internal sealed class CameraFilter : IFilterParser
{
    private const string Before =
        @"(?:(?:at|from|on|by|through|via|past|in front of|for) (?:the )?|the |(?:a|de|par|sur|devant|pour|depuis) (?:la )?|la )?";

    private const string Word = "(?:cameras?|cams?)";

    // The questions of one history name the same few cameras: one pattern per set of names.
    private static readonly ConcurrentDictionary<string, Regex> Patterns = new(StringComparer.Ordinal);

    public bool ReadsPlateText => true;

    public (ReadFilter? Filter, string Remaining) Find(string folded, FilterClock clock)
    {
        if (clock.Cameras.Count == 0) return (null, folded);
        var byName = clock.Cameras
            .GroupBy(c => Fold(c.Name), StringComparer.Ordinal)
            .Where(g => g.Key.Length > 0)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        if (byName.Count == 0) return (null, folded);
        var m = Pattern(byName.Keys).Match(folded);
        if (!m.Success) return (null, folded);
        var cameras = byName[m.Groups["name"].Value];
        var ids = cameras.Select(c => c.Id).ToList();
        var filter = ids.Count == 1
            ? new ReadFilter(OneCamera(ids[0]), $" at camera {cameras[0].Name}") { NarrowsPlateSummary = true }
            : new ReadFilter(r => r.CameraId != null && ids.Contains(r.CameraId.Value), $" at camera {cameras[0].Name}") { NarrowsPlateSummary = true };
        return (filter, folded.Remove(m.Index, m.Length).Insert(m.Index, new string(' ', m.Length)));
    }

    /// <summary>A camera's name as questions are matched: folded, without the spaces around it.</summary>
    internal static string Fold(string name) => TextFolding.Fold(name).Trim();

    private static System.Linq.Expressions.Expression<Func<Data.Entities.PlateReadEntity, bool>> OneCamera(int id) => r => r.CameraId == id;

    private static Regex Pattern(IEnumerable<string> names)
    {
        // Longest first, so "gate north" wins over "gate".
        var alternatives = string.Join('|', names.OrderByDescending(n => n.Length).ThenBy(n => n, StringComparer.Ordinal).Select(Regex.Escape));
        return Patterns.GetOrAdd(alternatives, a => new Regex(
            $@"(?<![\p{{L}}\p{{N}}-]){Before}(?:{Word} (?<name>{a})|(?<name>{a}) {Word})(?![\p{{L}}\p{{N}}])",
            RegexOptions.CultureInvariant));
    }
}
