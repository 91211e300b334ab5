using PlateWeb.Chat.Evaluation;
using PlateWeb.Chat.Grounding;

namespace PlateWeb.Chat.Tests.Grounding;

/// <summary>tools/plateweb_tools/chat/testdata/prompt-golden.txt is what the default model was trained on: byte for byte.</summary>
public sealed class GoldenPromptTests
{
    private const string Question = "Combien de fois a-t-on vu AB123CD depuis lundi ?";

    private static readonly SeedRead[] ThreeReads =
    [
        new(1, "AB-123-CD", "FR", "FR-SIV", 0.93, "2026-11-23 08:14"),
        new(2, "AB-123-CD", "FR", "FR-SIV", 0.87, "2026-11-25 19:40"),
        new(3, "AB-123-CD", "FR", "FR-SIV", 0.90, "2026-11-28 17:02"),
    ];

    private static string Golden => File.ReadAllText(Path.Combine(RepositoryRoot.Path, "tools", "plateweb_tools", "chat", "testdata", "prompt-golden.txt"));

    [Fact]
    public async Task Grounding_GoldenQuestion_RendersTheGoldenPromptByteForByte()
    {
        await using var history = await SeededHistory.CreateAsync(ThreeReads, new DateOnly(2026, 11, 29));

        var grounded = await history.AskAsync(Question);
        var prompt = PromptFormat.ChatMl(PromptFormat.Prompt(new ChatOptions().SystemPrompt, grounded));

        Assert.Equal(Golden, prompt);
    }

    [Fact]
    public async Task ChatService_GoldenQuestion_HandsTheModelTheGoldenPrompt()
    {
        await using var history = await SeededHistory.CreateAsync(ThreeReads, new DateOnly(2026, 11, 29));
        var model = new FakeChatModel("AB-123-CD a été vue 3 fois depuis lundi [1].");
        var chat = FakeChatModel.Service(history.Grounding, model);

        await foreach (var _ in chat.AskAsync(Question, null, CancellationToken.None))
        {
        }

        var prompt = Assert.Single(model.Prompts);
        Assert.Equal(Golden, PromptFormat.ChatMl(prompt));
    }
}
