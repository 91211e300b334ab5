using System.Text.RegularExpressions;
using System.Xml.Linq;
using PlateWeb.Jobs.Hosting;

namespace PlateWeb.Web.Tests.Localization;

/// <summary>The .resx files of the web app: every English key has its French twin and back, and every key the code asks for exists.</summary>
public sealed partial class ResourceFileTests
{
    private static readonly string WebSource = Path.Combine(
        ContentRootLocator.FindRepositoryRoot() ?? throw new InvalidOperationException("PlateWeb.sln not found"), "src", "PlateWeb.Web");

    private static List<string> NeutralPaths() =>
        Directory.EnumerateFiles(WebSource, "*.resx", SearchOption.AllDirectories)
            .Where(f => !Path.GetFileNameWithoutExtension(f).Contains('.', StringComparison.Ordinal))
            .Where(f => !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/obj/", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(WebSource, f))
            .ToList();

    public static TheoryData<string> NeutralFiles() => new(NeutralPaths());

    // Features whose components use the L/S convention below (others may name their localizer otherwise).
    private static readonly string[] ConventionFiles =
        ["AboutStrings.resx", "HistoryStrings.resx", "InspectStrings.resx", "SharedStrings.resx", "UploadStrings.resx"];

    [Fact]
    public void EveryFeature_HasItsResources()
    {
        var present = NeutralPaths().Select(path => Path.GetFileName(path)).ToHashSet(StringComparer.Ordinal);
        // Subset(superset, subset): these are all among the files present.
        Assert.Subset(present, ConventionFiles.Append("MudStrings.resx").ToHashSet(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(NeutralFiles))]
    public void FrenchFile_HasExactlyTheKeysOfTheEnglishOne(string neutral)
    {
        var english = Read(Path.Combine(WebSource, neutral));
        var frenchPath = Path.Combine(WebSource, Path.ChangeExtension(neutral, ".fr.resx"));
        Assert.True(File.Exists(frenchPath), $"{frenchPath} is missing");
        var french = Read(frenchPath);

        Assert.Empty(english.Keys.Except(french.Keys));
        Assert.Empty(french.Keys.Except(english.Keys));
        Assert.All(english.Concat(french), pair => Assert.False(string.IsNullOrWhiteSpace(pair.Value), $"{pair.Key} is empty"));
        // A translation keeps every placeholder the code fills in and adds none; only the keys of
        // DropsPlaceholders word in French what the English passes through from the engine.
        Assert.All(french, pair =>
        {
            if (DropsPlaceholders.Contains(pair.Key))
            {
                Assert.Subset(Placeholders(english[pair.Key]), Placeholders(pair.Value));
            }
            else
            {
                Assert.True(Placeholders(english[pair.Key]).SetEquals(Placeholders(pair.Value)),
                $"{pair.Key}: French \"{pair.Value}\" does not fill the placeholders of \"{english[pair.Key]}\"");
            }
        });
    }

    // English shows the engine's or the grammar's own message ({0}, {3}); French says it in French.
    private static readonly HashSet<string> DropsPlaceholders =
        ["ImageErrorEmpty", "ImageErrorUndecodable", "ImageErrorTruncated", "ImageErrorTooLarge", "Correction", "ReasonRejected"];

    [Theory]
    [MemberData(nameof(NeutralFiles))]
    public void EveryKeyTheCodeAsksFor_IsInTheResources(string neutral)
    {
        // Convention: L is the feature's localizer (its marker sits in the same folder), S is SharedStrings.
        var keys = Read(Path.Combine(WebSource, neutral)).Keys.ToHashSet(StringComparer.Ordinal);
        var folder = Path.GetDirectoryName(Path.Combine(WebSource, neutral))!;
        var isShared = Path.GetFileName(neutral) == "SharedStrings.resx";
        var sources = isShared
            ? Directory.EnumerateFiles(WebSource, "*.*", SearchOption.AllDirectories)
            : Directory.EnumerateFiles(folder, "*.*", SearchOption.TopDirectoryOnly);
        var asked = sources
            .Where(f => f.EndsWith(".razor", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal))
            .Where(f => !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/obj/", StringComparison.Ordinal))
            .SelectMany(f => (isShared ? SharedKey() : FeatureKey()).Matches(File.ReadAllText(f)).Select(m => (File: Path.GetFileName(f), Key: m.Groups[1].Value)))
            .ToList();

        Assert.All(asked, use => Assert.True(keys.Contains(use.Key), $"{use.File} asks for '{use.Key}', which {neutral} lacks"));
        if (ConventionFiles.Contains(Path.GetFileName(neutral))) Assert.NotEmpty(asked);
    }

    [Fact]
    public void EveryImageErrorKind_HasItsUploadMessage()
    {
        var keys = Read(Path.Combine(WebSource, "Features", "Upload", "UploadStrings.resx")).Keys;

        Assert.All(Enum.GetNames<PlateWeb.Recognition.Imaging.ImageErrorKind>(), kind => Assert.Contains("ImageError" + kind, keys));
    }

    private static Dictionary<string, string> Read(string path) =>
        XDocument.Load(path).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? string.Empty, StringComparer.Ordinal);

    private static HashSet<string> Placeholders(string text) =>
        Placeholder().Matches(text).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex(@"\{(\d+)(?::[^}]*)?\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"\bL\[\s*""([A-Za-z0-9_]+)""")]
    private static partial Regex FeatureKey();

    [GeneratedRegex(@"\bS\[\s*""([A-Za-z0-9_]+)""")]
    private static partial Regex SharedKey();
}
