using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PlateWeb.Chat.Checking;
using PlateWeb.Chat.Grounding;
using PlateWeb.Recognition.Grammar;

namespace PlateWeb.Chat.Tests;

/// <summary>A model that answers with fixed tokens (one per word) and records the prompts it was given.</summary>
public sealed class FakeChatModel(string answer, ModelStatus? status = null) : IChatModel
{
    public List<ChatPrompt> Prompts { get; } = [];

    public ModelStatus Status { get; set; } = status ?? new ModelStatus(ModelState.Ready, "models/fake.gguf");

    /// <summary>Set to make the model wait for each token until released.</summary>
    public SemaphoreSlim? TokenGate { get; init; }

    public async IAsyncEnumerable<ChatEvent> GenerateAsync(ChatPrompt prompt, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Prompts.Add(prompt);
        yield return new ChatStarted();
        var tokens = answer.Split(' ');
        var sent = 0;
        var cancelled = false;
        for (var i = 0; i < tokens.Length; i++)
        {
            try
            {
                if (TokenGate is { } gate) await gate.WaitAsync(cancellationToken);
                else await Task.Yield();
            }
            catch (OperationCanceledException)
            {
                cancelled = true;
                break;
            }
            sent++;
            yield return new ChatToken(i == 0 ? tokens[i] : " " + tokens[i]);
        }
        yield return new ChatCompleted(sent, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(2), cancelled);
    }

    public static ChatService Service(IGroundingService grounding, IChatModel model, ChatOptions? options = null) =>
        new(grounding, model, Checker, Options.Create(options ?? new ChatOptions()), NullLogger<ChatService>.Instance);

    /// <summary>The answer check with every rule, as the app registers it.</summary>
    public static AnswerChecker Checker { get; } = AnswerCheckServiceCollectionExtensions.DefaultChecker(new PlateGrammar());
}
