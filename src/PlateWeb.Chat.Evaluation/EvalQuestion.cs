using System.Globalization;
using System.Text.Json.Serialization;

namespace PlateWeb.Chat.Evaluation;

/// <summary>
/// One held-out question (a line of <c>tools/plateweb_tools/chat/eval/heldout.jsonl</c>):
/// <c>{"lang","today","question","kind":"fact"|"nofacts","expect":[…]}</c>, and for the question kinds added after the
/// generated set, a <c>"category"</c> ("plate_pattern", "usual_arrival"...) that ask-eval counts on its own. A follow-up
/// names the conversation's <c>"previous"</c> question: ask-eval grounds it first and passes its query as the last query.
/// </summary>
public sealed record EvalQuestion(
    [property: JsonPropertyName("lang")] string Lang,
    [property: JsonPropertyName("today")] string Today,
    [property: JsonPropertyName("question")] string Question,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("expect")] IReadOnlyList<string>? Expect = null,
    [property: JsonPropertyName("category")] string? Category = null,
    [property: JsonPropertyName("previous")] string? Previous = null,
    [property: JsonPropertyName("intent")] string? Intent = null)
{
    public const string FactKind = "fact";
    public const string NoFactsKind = "nofacts";

    /// <summary>
    /// What ask-eval counts the question under: its category, else (a line of the generated set) "generated: " and its
    /// intent, or "generated: nofacts" for a question the data does not answer.
    /// </summary>
    public string Group => Category ?? (Kind == NoFactsKind ? "generated: nofacts" : $"generated: {Intent ?? "?"}");

    public DateOnly TodayDate => DateOnly.ParseExact(Today, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static IReadOnlyList<EvalQuestion> ReadJsonl(string path) => Jsonl.Read<EvalQuestion>(path, q =>
    {
        if (q.Lang is not ("en" or "fr")) return "\"lang\" must be \"en\" or \"fr\"";
        if (q.Kind is not (FactKind or NoFactsKind)) return "\"kind\" must be \"fact\" or \"nofacts\"";
        if (string.IsNullOrWhiteSpace(q.Question)) return "\"question\" is empty";
        if (q.Previous is { } previous && string.IsNullOrWhiteSpace(previous)) return "\"previous\" is empty";
        if (!DateOnly.TryParseExact(q.Today, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)) return "\"today\" must be yyyy-MM-dd";
        return null;
    });
}
