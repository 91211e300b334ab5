using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PlateWeb.Chat;
using PlateWeb.Chat.Model;
using static PlateWeb.Cli.CliOptions;

namespace PlateWeb.Cli.Commands;

/// <summary>
/// `platectl bench-chat [--model PATH] [--prompt-tokens 100,250,500] [--max-tokens N] [--runs N] [--threads N]`:
/// load time, then for each prompt length the time to the first token, the generation speed and the
/// process's memory, with the settings of appsettings.json's Chat section.
/// </summary>
public static class BenchChatCommand
{
    private static readonly Option<string> Model = Text("--model", "PATH", "The GGUF model (default Chat:ModelPath).");
    private static readonly Option<string> PromptTokens = Text("--prompt-tokens", "100,250,500", "Prompt lengths.", "100,250,500");
    private static readonly Option<int> MaxTokens = Int("--max-tokens", "Tokens per answer.", 64);
    private static readonly Option<int> Runs = Int("--runs", "Runs per prompt length.", 3);
    private static readonly Option<int> Threads = Int("--threads", "Threads for the model (default Chat:Threads).");

    public static CliVerb Verb { get; } = new("Chat model load time, first-token time, tokens/s, memory.", [Model, PromptTokens, MaxTokens, Runs, Threads]);

    public static async Task<int> RunAsync(CliContext ctx)
    {
        using var host = BuildHost(ctx);
        var options = host.Services.GetRequiredService<IOptions<ChatOptions>>().Value;
        if (!TryParseLengths(ctx.Parse.GetValue(PromptTokens)!, out var lengths))
        {
            Console.Error.WriteLine("platectl bench-chat: --prompt-tokens takes whole numbers separated by commas, for example 100,250,500.");
            return 2;
        }
        var maxTokens = Math.Max(1, ctx.Parse.GetValue(MaxTokens));
        var runs = Math.Max(1, ctx.Parse.GetValue(Runs));
        // The CLI resolves a relative --model from the current folder; appsettings.json's from the repository root.
        var root = ctx.Parse.GetValue(Model) is null ? host.Services.GetRequiredService<IHostEnvironment>().ContentRootPath : Environment.CurrentDirectory;

        var loggers = host.Services.GetRequiredService<ILoggerFactory>();
        using var model = new LlamaChatModel(options, root, loggers.CreateLogger<LlamaChatModel>());
        var load = Stopwatch.StartNew();
        var status = await model.EnsureLoadedAsync(CancellationToken.None);
        load.Stop();
        if (status.State != ModelState.Ready)
        {
            Console.Error.WriteLine($"platectl bench-chat: {status.Message}");
            return 1;
        }
        var d = model.Details!;
        Console.WriteLine($"model     {model.ModelPath}");
        Console.WriteLine($"          {d.Name}, {d.Architecture}, {d.Parameters:N0} parameters, {d.SizeBytes / 1048576.0:0.0} MB, template {(d.TemplateFromFile ? "from the file" : "ChatML (none in the file)")}");
        Console.WriteLine($"settings  context {options.ContextSize}, threads {(options.Threads > 0 ? options.Threads : Environment.ProcessorCount)}, temperature {options.Temperature}, {maxTokens} tokens per answer, median of {runs} run(s)");
        Console.WriteLine($"load      {load.Elapsed.TotalMilliseconds:0} ms, RSS after load {Megabytes(Rss())}");

        // Warm-up: the first decode allocates llama.cpp's buffers and JIT-compiles our loop.
        await GenerateAsync(model, PromptOfLength(model, options, 32), 4);

        Console.WriteLine();
        Console.WriteLine("prompt tokens | first token | prompt tokens/s | answer tokens | tokens/s | RSS");
        foreach (var length in lengths)
        {
            var prompt = PromptOfLength(model, options, length);
            var promptTokens = model.CountTokens(model.RenderPrompt(prompt));
            if (promptTokens + maxTokens > options.ContextSize)
            {
                Console.WriteLine($"{promptTokens,13} | does not fit the context of {options.ContextSize} with {maxTokens} answer tokens (Chat:ContextSize)");
                continue;
            }
            var results = new List<ChatCompleted>();
            long rss = 0;
            for (var run = 0; run < runs; run++)
            {
                results.Add(await GenerateAsync(model, prompt with { MaxTokens = maxTokens }, maxTokens));
                rss = Math.Max(rss, Rss());
            }
            var first = Median(results.Select(r => r.TimeToFirstToken.TotalMilliseconds));
            // After the first token: the decode speed, which the prompt's length slows down a little (attention).
            var speed = Median(results.Select(r => r.TokenCount > 1 ? (r.TokenCount - 1) / (r.Total - r.TimeToFirstToken).TotalSeconds : 0));
            var tokens = Median(results.Select(r => (double)r.TokenCount));
            // The system prompt and header alone may take more than was asked for (a small vocabulary spells words out).
            var note = promptTokens > length * 1.2 ? $"  (asked {length}: the system prompt and header alone are longer)" : string.Empty;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{promptTokens,13} | {first,8:0.0} ms | {promptTokens / (first / 1000),15:0} | {tokens,13:0} | {speed,8:0.0} | {Megabytes(rss)}{note}"));
        }
        return 0;
    }

    /// <summary>A grounded-style prompt (docs/CHAT-PROMPT.md) grown with read facts until it takes <paramref name="tokens"/> tokens.</summary>
    internal static ChatPrompt PromptOfLength(LlamaChatModel model, ChatOptions options, int tokens)
    {
        const string question = "Which plates were seen this week, and how often?";
        var system = new StringBuilder()
            .Append(options.SystemPrompt).Append('\n')
            .Append("Today: 2026-11-29 (Sunday)\nLanguage: en\nAsked: list\nPeriod: 2026-11-23 to 2026-11-29\nFacts:");
        var prompt = new ChatPrompt(system.ToString(), question);
        for (var n = 1; model.CountTokens(model.RenderPrompt(prompt)) < tokens && n < 10000; n++)
        {
            var plate = $"{(char)('A' + n % 26)}{(char)('A' + n / 26 % 26)}-{100 + n % 900}-{(char)('Z' - n % 26)}{(char)('A' + n * 7 % 26)}";
            system.Append(CultureInfo.InvariantCulture, $"\n[{n}] read #{n}: {plate} at 2026-11-{23 + n % 7} {8 + n % 12:00}:{n * 7 % 60:00}, country FR (France), confidence {70 + n % 30}%");
            prompt = prompt with { System = system.ToString() };
        }
        return prompt;
    }

    private static async Task<ChatCompleted> GenerateAsync(LlamaChatModel model, ChatPrompt prompt, int maxTokens)
    {
        await foreach (var e in model.GenerateAsync(prompt with { MaxTokens = maxTokens }, CancellationToken.None))
        {
            switch (e)
            {
                case ChatCompleted completed:
                    return completed;
                case ChatUnavailable unavailable:
                    throw new AppSettingsException(unavailable.Message);
            }
        }
        throw new InvalidOperationException("The model ended without a completion.");
    }

    /// <summary>appsettings.json's Chat section, read by <see cref="CliHost"/> as the web app reads it, with the flags over it.</summary>
    private static IHost BuildHost(CliContext ctx)
    {
        var builder = CliHost.CreateBuilder(ctx);
        builder.Services.AddOptions<ChatOptions>()
            .BindConfiguration(ChatOptions.Section)
            .PostConfigure(options =>
            {
                if (ctx.Parse.GetValue(Model) is { } path) options.ModelPath = path;
                if (ctx.Parse.GetResult(Threads) is not null) options.Threads = ctx.Parse.GetValue(Threads);
                options.MaxConcurrent = 1;
                // Every answer runs to --max-tokens (or the model's own end), so runs and models compare; a loop is not cut short.
                options.StopLoops = false;
            })
            .ValidateDataAnnotations();
        return builder.Build();
    }

    private static bool TryParseLengths(string text, out List<int> lengths)
    {
        lengths = [];
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, CultureInfo.InvariantCulture, out var n) || n < 1) return false;
            lengths.Add(n);
        }
        return lengths.Count > 0;
    }

    private static long Rss()
    {
        using var self = Process.GetCurrentProcess();
        return self.WorkingSet64;
    }

    private static string Megabytes(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:0} MB");

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
