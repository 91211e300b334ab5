using System.Text.RegularExpressions;
using PlateWeb.Chat.Grounding;
using PlateWeb.Chat.Grounding.Filters;

namespace PlateWeb.Chat.Checking.Rules;

/// <summary>
/// A camera the answer names is one the facts hold (a read's ", camera Gate", a count's " at camera Gate") or the
/// question names: not another camera of the history ("at camera Exit" when the facts are about Gate), nor one the
/// model made up ("caméra Nord" when the history has none).
/// </summary>
public sealed partial class CameraRule : IAnswerRule
{
    public void Check(CheckInput input, string answer, bool final, ICollection<AnswerProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(problems);
        var folded = TextFolding.Fold(answer);
        var question = TextFolding.Fold(input.Grounded.Question);
        var held = Held(input);
        bool Allowed(string name) => held.Contains(name) || TextFolding.ContainsWord(question, name);

        foreach (var camera in input.Grounded.Cameras.Where(c => c.Length > 0))
        {
            var name = CameraFilter.Fold(camera);
            if (name.Length == 0 || Allowed(name)) continue;
            // The model copies a name as the facts write it; in lower case, only beside the word "camera" is it one.
            if (WholeWord(answer, camera) || TextFolding.ContainsWord(folded, "camera " + name) || TextFolding.ContainsWord(folded, name + " camera"))
            {
                problems.Add(new AnswerProblem(AnswerProblemKind.UnknownValue, $"camera {camera} is in no fact"));
            }
        }

        var known = input.Grounded.Cameras.Select(CameraFilter.Fold).ToList();
        foreach (Match m in Named().Matches(answer))
        {
            var word = CameraFilter.Fold(m.Groups["name"].Value);
            // The first word of a camera's name ("Gate" of "Gate North") is that camera; another is made up.
            if (word.Length == 0 || known.Concat(held).Any(n => n == word || n.StartsWith(word + " ", StringComparison.Ordinal))) continue;
            problems.Add(new AnswerProblem(AnswerProblemKind.UnknownValue, $"camera {m.Groups["name"].Value} is no camera of the history"));
        }
    }

    /// <summary>The folded names of the cameras the facts hold.</summary>
    private static HashSet<string> Held(CheckInput input)
    {
        var held = input.Facts.Select(f => f.Camera).OfType<string>().Select(CameraFilter.Fold).ToHashSet(StringComparer.Ordinal);
        // Lines of other forms (a plate count's tail) name their camera the same way.
        foreach (var camera in input.Grounded.Cameras)
        {
            if (input.Facts.Any(f => f.Fact.Line.Contains("camera " + camera, StringComparison.Ordinal))) held.Add(CameraFilter.Fold(camera));
        }
        return held;
    }

    private static bool WholeWord(string text, string name)
    {
        var start = 0;
        while ((start = text.IndexOf(name, start, StringComparison.Ordinal)) >= 0)
        {
            var end = start + name.Length;
            if ((start == 0 || !char.IsLetterOrDigit(text[start - 1])) && (end >= text.Length || !char.IsLetterOrDigit(text[end]))) return true;
            start++;
        }
        return false;
    }

    // "camera Gate", "caméra Entrée": a capitalised word after the word camera is a camera's name.
    [GeneratedRegex(@"(?<![\p{L}\p{N}])(?i:cam[eé]ras?)\s+(?<name>[\p{Lu}\p{N}][\p{L}\p{N}_-]*)")]
    private static partial Regex Named();
}
