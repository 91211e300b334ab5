namespace PlateWeb.Chat.Tests.Training;

/// <summary>The default chat model shipped in models/ loads through LLamaSharp and answers grounded prompts
/// (docs/CHAT-PROMPT.md) with the facts it is given.</summary>
public sealed class ShippedModelTests : IClassFixture<ShippedModelTests.Model>
{
    private const string SystemPrompt =
        "You are PlateWeb's assistant. Answer only from the facts below and cite them as [n]. If the facts do not answer the question, say that it is not in the data.";

    private readonly GreedyLlama _llama;

    public ShippedModelTests(Model model) => _llama = model.Llama;

    public sealed class Model : IDisposable
    {
        public GreedyLlama Llama { get; } = new(Path.Combine(RepositoryRoot.Path, "models", "plate-chat-v1.gguf"));

        public void Dispose() => Llama.Dispose();
    }

    private static string Golden() =>
        File.ReadAllText(Path.Combine(RepositoryRoot.Path, "tools", "plateweb_tools", "chat", "testdata", "prompt-golden.txt"));

    private static string System(string today, string weekday, string lang, string asked, string period, params string[] facts) =>
        $"{SystemPrompt}\nToday: {today} ({weekday})\nLanguage: {lang}\nAsked: {asked}\nPeriod: {period}\nFacts:\n" +
        (facts.Length == 0 ? "(none)" : string.Join("\n", facts));

    [Fact]
    public void ChatTemplate_OfTheGguf_RendersTheContractPrompt()
    {
        var golden = Golden();
        var system = golden["<|im_start|>system\n".Length..golden.IndexOf("<|im_end|>", StringComparison.Ordinal)];
        var user = "Combien de fois a-t-on vu AB123CD depuis lundi ?";

        Assert.Equal(golden, _llama.ApplyTemplate(system, user));
    }

    [Fact]
    public void GoldenPrompt_French_AnswersWithThePlateAndItsCount()
    {
        var answer = _llama.Generate(Golden(), 80).Text;

        Assert.Contains("AB-123-CD", answer);
        Assert.Contains("3 fois", answer);
        Assert.Contains("[1]", answer);
    }

    [Fact]
    public void FirstSeen_English_CopiesThePlateAndDateFromTheFacts()
    {
        var system = System("2026-11-29", "Sunday", "en", "first_seen", "all",
            "[1] plate B-MW 1234: 4 reads, first 2026-10-02 09:41, last 2026-11-27 18:20, country DE (Germany), best confidence 88%");
        var prompt = _llama.ApplyTemplate(system, "When did we first see BMW1234?");

        var answer = _llama.Generate(prompt, 80).Text;

        Assert.Contains("B-MW 1234", answer);
        Assert.Contains("2026-10-02", answer);
        Assert.Contains("09:41", answer);
    }

    [Fact]
    public void NotFound_French_SaysItIsNotInTheDataAndInventsNoPlate()
    {
        var system = System("2026-11-29", "Sunday", "fr", "last_seen", "all", "[1] not found: XY-999-ZZ");
        var prompt = _llama.ApplyTemplate(system, "Quand a-t-on vu XY-999-ZZ pour la dernière fois ?");

        var answer = _llama.Generate(prompt, 80).Text;

        Assert.Contains("pas dans les données", answer);
        Assert.DoesNotContain("20", answer);
    }

    [Fact]
    public void NoFacts_English_SaysThatIsNotInTheData()
    {
        var system = System("2026-11-29", "Sunday", "en", "unknown", "all");
        var prompt = _llama.ApplyTemplate(system, "Who owns the car AB-123-CD?");

        var answer = _llama.Generate(prompt, 80).Text;

        Assert.Equal("That is not in the data.", answer);
    }
}
