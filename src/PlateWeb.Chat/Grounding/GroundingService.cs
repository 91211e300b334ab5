using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PlateWeb.Data.Time;
using PlateWeb.Data;
using PlateWeb.Recognition.Grammar;

namespace PlateWeb.Chat.Grounding;

/// <summary>
/// Turns a question into the header values and numbered facts of docs/CHAT-PROMPT.md: the application
/// finds the plates, the period and what is asked, runs the queries and computes every count, date and
/// confidence; the model only phrases them. Every fact is computed over the question's period.
/// </summary>
public sealed partial class GroundingService(
    IDbContextFactory<PlateDbContext> dbFactory,
    PlateGrammar grammar,
    TimeProvider time,
    ILogger<GroundingService> logger,
    IOptions<ChatOptions>? options = null) : IGroundingService
{
    private readonly QuestionAnalyzer _analyzer = new(grammar, QueryRegistry.Default);

    internal ReadFacts Reads { get; } = new(dbFactory);

    internal PlateGrammar Grammar => grammar;

    public async Task<GroundedQuestion> GroundAsync(string question, GroundingContext? context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(question);
        var started = Stopwatch.GetTimestamp();
        var zone = ZoneOf(context);
        var today = Today(zone);
        var known = await Reads.KnownPlatesAsync(_analyzer.WordLikePlates(question, context?.LastQuery), cancellationToken);
        var cameras = await Reads.CamerasAsync(cancellationToken);
        var analysis = _analyzer.Analyze(question, today, context is { ReadId: not null } or { PlateText.Length: > 0 }, zone, context?.LastQuery, known, cameras);
        var run = new QueryRun(this, analysis, context, zone, today);
        // help, greeting, unknown, questions about what the history never holds, and "this plate" with no plate: "(none)".
        if (!analysis.UnresolvedReference && !analysis.OutsideData && analysis.Intent is not (Intents.Help or Intents.Greeting or Intents.Unknown))
        {
            if (analysis.ReadIds.Count > 0) await run.NamedReadsAsync(cancellationToken);
            else await analysis.Aggregate.GroundAsync(run, cancellationToken);
        }
        var grounded = new GroundedQuestion(question, analysis.Language, analysis.Intent, analysis.Period?.ToString() ?? "all", today, run.Facts)
        {
            Answer = run.Answer,
            Query = analysis.Query,
            Cameras = cameras.Select(c => c.Name).ToList(),
        };
        LogGrounded(logger, grounded.Language, grounded.Intent, grounded.Period, grounded.Facts.Count, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return grounded;
    }

    /// <summary>A read's text as shown: the engine's display text, or the correction printed in its format.</summary>
    internal string Display(ReadInfo read)
    {
        if (read.CorrectedText is not { } corrected) return read.Text;
        var normalized = PlateGrammar.Normalize(corrected);
        if (grammar.Formats.FirstOrDefault(f => f.Id == read.Format) is { } format && grammar.Format(normalized, format) is var shown && shown != normalized)
        {
            return shown;
        }
        return grammar.Match(normalized).FirstOrDefault()?.DisplayText ?? corrected;
    }

    /// <summary>The asker's zone: the context's, else Chat:TimeZone, else the clock's (the server's).</summary>
    internal TimeZoneInfo ZoneOf(GroundingContext? context) =>
        context?.TimeZone
        ?? (options?.Value.TimeZone is { Length: > 0 } id ? ZoneTime.Find(id, $"{ChatOptions.Section}:{nameof(ChatOptions.TimeZone)}") : time.LocalTimeZone);

    /// <summary>Today in <paramref name="zone"/>, by the injected clock.</summary>
    internal DateOnly Today(TimeZoneInfo zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), zone).DateTime);

    [LoggerMessage(Level = LogLevel.Information, Message = "Grounded a {Language} question as {Intent} over {Period} with {FactCount} facts in {ElapsedMs:0.0} ms")]
    private static partial void LogGrounded(ILogger logger, string language, string intent, string period, int factCount, double elapsedMs);
}
