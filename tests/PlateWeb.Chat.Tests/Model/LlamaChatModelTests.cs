using Microsoft.Extensions.Logging.Abstractions;
using PlateWeb.Chat.Model;

namespace PlateWeb.Chat.Tests.Model;

/// <summary>LLamaSharp for real, on GGUF files the tests write (<see cref="TinyLlamaGguf"/>).</summary>
[Collection(TinyModelCollection.Name)]
public sealed class LlamaChatModelTests(TinyModelFiles files) : IDisposable
{
    private static readonly ChatPrompt Prompt = new("You are PlateWeb's assistant.\nFacts:\n[1] count: 3 reads of AB-123-CD", "How many times was AB123CD seen?");

    private readonly List<LlamaChatModel> _models = [];
    private readonly string _scratch = Directory.CreateTempSubdirectory("plateweb-chat-model-").FullName;

    [Fact]
    public async Task Load_TinyGguf_IsReadyWithItsOwnChatTemplate()
    {
        var model = Model(files.Talkative);
        Assert.Equal(ModelState.NotLoaded, model.Status.State);

        var status = await model.EnsureLoadedAsync(CancellationToken.None);

        Assert.Equal(ModelState.Ready, status.State);
        Assert.Equal(1f, status.LoadProgress);
        Assert.NotNull(model.Details);
        Assert.True(model.Details.TemplateFromFile);
        Assert.Equal("llama", model.Details.Architecture);
        Assert.Equal(
            "<|im_start|>system\n" + Prompt.System + "<|im_end|>\n<|im_start|>user\n" + Prompt.User + "<|im_end|>\n<|im_start|>assistant\n",
            model.RenderPrompt(Prompt));
    }

    [Fact]
    public async Task Generate_StreamsTokensOneByOne_UntilMaxTokens()
    {
        var model = Model(files.Talkative, maxTokens: 12);

        var events = await CollectAsync(model.GenerateAsync(Prompt, CancellationToken.None));

        Assert.IsType<ChatStarted>(events[0]);
        var tokens = events.OfType<ChatToken>().ToList();
        var completed = Assert.IsType<ChatCompleted>(events[^1]);
        Assert.False(completed.Cancelled);
        Assert.Equal(12, completed.TokenCount);
        // Word pieces decode to text one token at a time: the answer arrives in many events, not one.
        Assert.True(tokens.Count >= 6, $"only {tokens.Count} token events");
        Assert.All(tokens, t => Assert.NotEmpty(t.Text));
        Assert.False(string.IsNullOrWhiteSpace(string.Concat(tokens.Select(t => t.Text))));
        Assert.True(completed.TimeToFirstToken > TimeSpan.Zero && completed.TimeToFirstToken <= completed.Total);
        Assert.DoesNotContain(events, e => e is ChatQueued or ChatUnavailable);
    }

    [Fact]
    public async Task Generate_WithTemperature_SamplesAndCompletes()
    {
        var model = Model(files.Talkative, maxTokens: 8, temperature: 0.8f);

        var events = await CollectAsync(model.GenerateAsync(Prompt, CancellationToken.None));

        Assert.Equal(8, Assert.IsType<ChatCompleted>(events[^1]).TokenCount);
    }

    [Fact]
    public async Task Generate_EndOfGenerationToken_EndsTheAnswer()
    {
        var model = Model(files.EndsAtOnce, maxTokens: 50);

        var events = await CollectAsync(model.GenerateAsync(Prompt, CancellationToken.None));

        var completed = Assert.IsType<ChatCompleted>(events[^1]);
        Assert.False(completed.Cancelled);
        Assert.Equal(0, completed.TokenCount);
        Assert.Empty(events.OfType<ChatToken>());
    }

    [Fact]
    public async Task Generate_Cancelled_StopsWithinOneTokenAndSaysCancelled()
    {
        // Without the quote guard, whose holdback may put several tokens in one event.
        var model = Model(files.Talkative, maxTokens: 1000, quoteGuard: false);
        using var cts = new CancellationTokenSource();
        var tokensBeforeCancel = 0;
        var tokensAfterCancel = 0;
        ChatCompleted? completed = null;

        await foreach (var e in model.GenerateAsync(Prompt, cts.Token))
        {
            if (e is ChatToken)
            {
                if (cts.IsCancellationRequested) tokensAfterCancel++;
                else if (++tokensBeforeCancel == 3) await cts.CancelAsync();
            }
            if (e is ChatCompleted c) completed = c;
        }

        Assert.NotNull(completed);
        Assert.True(completed.Cancelled);
        Assert.Equal(0, tokensAfterCancel);
        Assert.InRange(completed.TokenCount, 3, 4);
    }

    [Fact]
    public async Task Generate_OneSlot_SecondRequestQueuesThenBothComplete()
    {
        var model = Model(files.Talkative, maxTokens: 40, maxConcurrent: 1);
        await model.EnsureLoadedAsync(CancellationToken.None);
        var first = model.GenerateAsync(Prompt, CancellationToken.None).GetAsyncEnumerator();
        // Hold the only slot: read the first until it is generating.
        while (await first.MoveNextAsync() && first.Current is not ChatToken)
        {
        }

        var second = model.GenerateAsync(Prompt, CancellationToken.None).GetAsyncEnumerator();
        Assert.True(await second.MoveNextAsync());
        Assert.Equal(new ChatQueued(1), second.Current);
        Assert.Equal(1, model.Waiting);

        var secondRest = CollectAsync(second);
        var firstEvents = new List<ChatEvent>();
        while (await first.MoveNextAsync()) firstEvents.Add(first.Current);
        await first.DisposeAsync();
        var secondEvents = await secondRest;

        Assert.False(Assert.IsType<ChatCompleted>(firstEvents[^1]).Cancelled);
        Assert.IsType<ChatStarted>(secondEvents[0]);
        var secondDone = Assert.IsType<ChatCompleted>(secondEvents[^1]);
        Assert.False(secondDone.Cancelled);
        Assert.Equal(40, secondDone.TokenCount);
        Assert.Equal(0, model.Waiting);
    }

    [Fact]
    public async Task Generate_OneLeavesTheLine_TheOneBehindMovesUp()
    {
        var model = Model(files.Talkative, maxTokens: 20, maxConcurrent: 1);
        var running = model.GenerateAsync(Prompt, CancellationToken.None).GetAsyncEnumerator();
        while (await running.MoveNextAsync() && running.Current is not ChatToken)
        {
        }
        using var secondCts = new CancellationTokenSource();
        var second = model.GenerateAsync(Prompt, secondCts.Token).GetAsyncEnumerator();
        var third = model.GenerateAsync(Prompt, CancellationToken.None).GetAsyncEnumerator();
        Assert.True(await second.MoveNextAsync());
        Assert.Equal(new ChatQueued(1), second.Current);
        Assert.True(await third.MoveNextAsync());
        Assert.Equal(new ChatQueued(2), third.Current);

        var thirdMoved = third.MoveNextAsync().AsTask();
        await secondCts.CancelAsync();
        Assert.True(await second.MoveNextAsync());
        Assert.True(Assert.IsType<ChatCompleted>(second.Current).Cancelled);
        Assert.True(await thirdMoved);
        Assert.Equal(new ChatQueued(1), third.Current);

        while (await running.MoveNextAsync())
        {
        }
        await running.DisposeAsync();
        await second.DisposeAsync();
        var thirdRest = await CollectAsync(third);
        Assert.IsType<ChatStarted>(thirdRest[0]);
        Assert.Equal(20, Assert.IsType<ChatCompleted>(thirdRest[^1]).TokenCount);
    }

    [Fact]
    public async Task MissingFile_IsMissing_AndSaysWhereToPutAModel()
    {
        var model = Model(Path.Combine(_scratch, "absent.gguf"));

        Assert.Equal(ModelState.Missing, model.Status.State);
        var events = await CollectAsync(model.GenerateAsync(Prompt, CancellationToken.None));

        var unavailable = Assert.IsType<ChatUnavailable>(Assert.Single(events));
        Assert.Contains("absent.gguf", unavailable.Message, StringComparison.Ordinal);
        Assert.Contains("Chat:ModelPath", unavailable.Message, StringComparison.Ordinal);
        Assert.Contains("GGUF", unavailable.Message, StringComparison.Ordinal);
        Assert.Equal(ModelState.Missing, model.Status.State);
    }

    [Fact]
    public async Task MissingFile_CopiedInLater_IsLoaded()
    {
        var path = Path.Combine(_scratch, "later.gguf");
        var model = Model(path);
        Assert.Equal(ModelState.Missing, (await model.EnsureLoadedAsync(CancellationToken.None)).State);

        File.Copy(files.Talkative, path);

        Assert.Equal(ModelState.NotLoaded, model.Status.State);
        Assert.Equal(ModelState.Ready, (await model.EnsureLoadedAsync(CancellationToken.None)).State);
    }

    [Fact]
    public async Task NotGgufFile_FailsWithAClearMessage()
    {
        var path = Path.Combine(_scratch, "page.gguf");
        await File.WriteAllTextAsync(path, "<html><body>404 Not Found</body></html>");
        var model = Model(path);

        var status = await model.EnsureLoadedAsync(CancellationToken.None);

        Assert.Equal(ModelState.Failed, status.State);
        Assert.Contains("GGUF signature", status.Message, StringComparison.Ordinal);
        Assert.Contains("Chat:ModelPath", status.Message, StringComparison.Ordinal);
        var events = await CollectAsync(model.GenerateAsync(Prompt, CancellationToken.None));
        Assert.Equal(status.Message, Assert.IsType<ChatUnavailable>(Assert.Single(events)).Message);
    }

    [Fact]
    public async Task TruncatedGguf_RefusedByLlamaCpp_FailsWithoutCrashing()
    {
        var bytes = await File.ReadAllBytesAsync(files.Talkative);
        var path = Path.Combine(_scratch, "truncated.gguf");
        // A valid header and metadata, but the tensor data cut off: only llama.cpp can tell.
        await File.WriteAllBytesAsync(path, bytes[..(bytes.Length * 2 / 3)]);
        var model = Model(path);

        var status = await model.EnsureLoadedAsync(CancellationToken.None);

        Assert.Equal(ModelState.Failed, status.State);
        Assert.Contains("could not be loaded", status.Message, StringComparison.Ordinal);
        Assert.Contains("truncated.gguf", status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FailedFile_ReplacedByAGoodOne_IsLoadedWithoutARestart()
    {
        var path = Path.Combine(_scratch, "replaced.gguf");
        await File.WriteAllTextAsync(path, "not a model at all, long enough to have a header");
        var model = Model(path);
        Assert.Equal(ModelState.Failed, (await model.EnsureLoadedAsync(CancellationToken.None)).State);
        Assert.Equal(ModelState.Failed, (await model.EnsureLoadedAsync(CancellationToken.None)).State);

        File.Copy(files.Talkative, path, overwrite: true);

        Assert.Equal(ModelState.NotLoaded, model.Status.State);
        Assert.Equal(ModelState.Ready, (await model.EnsureLoadedAsync(CancellationToken.None)).State);
    }

    [Fact]
    public async Task Dispose_WhileAnswering_EndsTheAnswerBeforeFreeingTheWeights()
    {
        // Without the quote guard: its holdback can keep the first text back for much of a short answer.
        var model = Model(files.Talkative, maxTokens: 1000, quoteGuard: false);
        var events = model.GenerateAsync(Prompt, CancellationToken.None).GetAsyncEnumerator();
        while (await events.MoveNextAsync() && events.Current is not ChatToken)
        {
        }

        // The reader keeps reading on another thread while the host disposes the model. It reads at a
        // person's pace (the tiny model alone would finish its few hundred tokens before Dispose comes).
        var reader = Task.Run(async () =>
        {
            var last = events.Current;
            while (await events.MoveNextAsync())
            {
                last = events.Current;
                await Task.Delay(5);
            }
            await events.DisposeAsync();
            return last;
        });
        await Task.Delay(20);
        model.Dispose();

        var completed = Assert.IsType<ChatCompleted>(await reader.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(completed.Cancelled);
        Assert.True(completed.TokenCount < 1000);
    }

    [Fact]
    public async Task Generate_Greedy_QuotesEveryPlateLikeRunFromThePrompt_AndWithoutTheGuardDoesNot()
    {
        var guarded = Model(files.Talkative, maxTokens: 300);
        var free = Model(files.Talkative, maxTokens: 300, quoteGuard: false);

        var withGuard = Text(await CollectAsync(guarded.GenerateAsync(Prompt, CancellationToken.None)));
        var without = Text(await CollectAsync(free.GenerateAsync(Prompt, CancellationToken.None)));

        var source = (Prompt.System + "\n" + Prompt.User).ToUpperInvariant();
        Assert.NotEqual(withGuard, without);
        Assert.All(Runs(withGuard), r => Assert.Contains(r, source, StringComparison.Ordinal));
        Assert.Contains(Runs(without), r => !source.Contains(r, StringComparison.Ordinal));

        static string Text(List<ChatEvent> events) => string.Concat(events.OfType<ChatToken>().Select(t => t.Text));

        static IEnumerable<string> Runs(string text) =>
            System.Text.RegularExpressions.Regex.Matches(text, "[A-Z0-9]+(?:[ -][A-Z0-9]+)*")
                .Select(m => m.Value).Where(v => v.Count(char.IsAsciiLetterOrDigit) >= 2);
    }

    [Fact]
    public async Task Generate_StopLoops_EndsAnAnswerThatRepeatsItself()
    {
        // Greedy decoding of the tiny random model falls into a loop: with StopLoops the answer ends there.
        var looping = Model(files.Talkative, maxTokens: 300, quoteGuard: false);
        var stopped = Model(files.Talkative, maxTokens: 300, quoteGuard: false, stopLoops: true);

        var full = Assert.IsType<ChatCompleted>((await CollectAsync(looping.GenerateAsync(Prompt, CancellationToken.None)))[^1]);
        var cut = Assert.IsType<ChatCompleted>((await CollectAsync(stopped.GenerateAsync(Prompt, CancellationToken.None)))[^1]);

        Assert.Equal(300, full.TokenCount);
        Assert.InRange(cut.TokenCount, 8, 299);
        Assert.False(cut.Cancelled);
    }

    public void Dispose()
    {
        foreach (var model in _models) model.Dispose();
        Directory.Delete(_scratch, recursive: true);
    }

    private LlamaChatModel Model(string path, int maxTokens = 16, float temperature = 0, int maxConcurrent = 2, bool quoteGuard = true, bool stopLoops = false)
    {
        var options = new ChatOptions
        {
            ModelPath = path,
            ContextSize = 512,
            Threads = 1,
            Temperature = temperature,
            MaxTokens = maxTokens,
            MaxConcurrent = maxConcurrent,
            QuoteGuard = quoteGuard,
            StopLoops = stopLoops,
        };
        var model = new LlamaChatModel(options, _scratch, NullLogger<LlamaChatModel>.Instance);
        _models.Add(model);
        return model;
    }

    private static async Task<List<ChatEvent>> CollectAsync(IAsyncEnumerable<ChatEvent> events)
    {
        var list = new List<ChatEvent>();
        await foreach (var e in events) list.Add(e);
        return list;
    }

    private static async Task<List<ChatEvent>> CollectAsync(IAsyncEnumerator<ChatEvent> events)
    {
        var list = new List<ChatEvent>();
        while (await events.MoveNextAsync()) list.Add(events.Current);
        await events.DisposeAsync();
        return list;
    }
}
