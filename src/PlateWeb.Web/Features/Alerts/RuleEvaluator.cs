using PlateWeb.Data.Entities;
using PlateWeb.Data.Sightings;

namespace PlateWeb.Web.Features.Alerts;

/// <summary>A rule a sighting triggered, with the entry it matched (null for a plate on no allow-list entry).</summary>
public sealed record RuleMatch(CompiledRule Rule, CompiledEntry? Entry);

/// <summary>Which rules a sighting triggers: its camera, the hour where the rule lives, then the list. Pure.</summary>
public static class RuleEvaluator
{
    public static IEnumerable<RuleMatch> Evaluate(IReadOnlyList<CompiledRule> rules, PlateSighting sighting)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(sighting);
        foreach (var rule in rules)
        {
            if (!CoversSource(rule, sighting.CameraId) || !IsActiveAt(rule, sighting.At)) continue;
            var entry = FirstMatch(rule.List, sighting);
            if (rule.Trigger == AlertTrigger.OnList && entry is not null) yield return new RuleMatch(rule, entry);
            else if (rule.Trigger == AlertTrigger.NotOnList && entry is null) yield return new RuleMatch(rule, null);
        }
    }

    /// <summary>No camera chosen: every camera and the uploads; otherwise the chosen ones, and uploads if asked.</summary>
    public static bool CoversSource(CompiledRule rule, int? cameraId) =>
        rule.CameraIds.Count == 0 || (cameraId is { } id ? rule.CameraIds.Contains(id) : rule.IncludeUploads);

    /// <summary>From one hour to another of the rule's zone; a window may cross midnight; equal or missing hours: all day.</summary>
    public static bool IsActiveAt(CompiledRule rule, DateTimeOffset at)
    {
        if (rule.FromHour is not { } from || rule.ToHour is not { } to || from == to % 24) return true;
        var hour = TimeZoneInfo.ConvertTime(at, rule.Zone).Hour;
        return from < to ? hour >= from && hour < to : hour >= from || hour < to;
    }

    /// <summary>The first entry not expired when the plate was seen that matches it with the list's tolerance.</summary>
    public static CompiledEntry? FirstMatch(CompiledList list, PlateSighting sighting)
    {
        var at = sighting.At.UtcDateTime;
        foreach (var entry in list.Entries)
        {
            if (entry.ExpiresAtUtc is { } expires && expires <= at) continue;
            if (entry.Pattern.Matches(sighting.NormalizedText, list.Tolerance)) return entry;
        }
        return null;
    }
}
