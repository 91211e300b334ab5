using System.Globalization;
using System.Text.Json;
using PlateWeb.Chat.Grounding;

namespace PlateWeb.Chat.Tests.Checking;

/// <summary>
/// A question of tools/plateweb_tools/chat/eval/heldout.jsonl (or a line of ask-eval's results) as the grounding layer
/// gave it to the model: its facts, header and the answer written for it.
/// </summary>
public sealed record HeldOutAnswer(GroundedQuestion Grounded, string Kind, IReadOnlyList<string> Expect, string Answer)
{
    public static IReadOnlyList<HeldOutAnswer> Read(string path, string answerField)
    {
        var list = new List<HeldOutAnswer>();
        foreach (var line in File.ReadLines(path).Where(l => l.Length > 0))
        {
            using var doc = JsonDocument.Parse(line);
            var r = doc.RootElement;
            var facts = r.GetProperty("facts").EnumerateArray().Select(f => f.GetString()!).Select(Fact).ToList();
            var today = DateOnly.ParseExact(r.GetProperty("today").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
            var asked = r.TryGetProperty("intent", out var intent) ? intent.GetString()! : r.GetProperty("asked").GetString()!;
            var grounded = new GroundedQuestion(r.GetProperty("question").GetString()!, r.GetProperty("lang").GetString()!, asked, r.GetProperty("period").GetString()!, today, facts);
            var expect = r.TryGetProperty("expect", out var e) && e.ValueKind == JsonValueKind.Array ? e.EnumerateArray().Select(x => x.GetString()!).ToList() : [];
            list.Add(new HeldOutAnswer(grounded, r.GetProperty("kind").GetString()!, expect, r.GetProperty(answerField).GetString()!));
        }
        return list;
    }

    /// <summary>"[3] count: 2 reads" → fact 3.</summary>
    private static GroundingFact Fact(string numbered)
    {
        var close = numbered.IndexOf("] ", StringComparison.Ordinal);
        return new GroundingFact(int.Parse(numbered[1..close], CultureInfo.InvariantCulture), numbered[(close + 2)..], [], null);
    }

    public override string ToString() => Grounded.Question;
}
