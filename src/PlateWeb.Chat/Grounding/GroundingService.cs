using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
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
    ILogger<GroundingService> logger) : IGroundingService
{
    private readonly QuestionAnalyzer _analyzer = new(grammar);
    private readonly ReadFacts _reads = new(dbFactory);

    private PlateGrammar Grammar => grammar;

    public async Task<GroundedQuestion> GroundAsync(string question, GroundingContext? context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(question);
        var started = Stopwatch.GetTimestamp();
        var today = DateOnly.FromDateTime(time.GetLocalNow().DateTime);
        var analysis = _analyzer.Analyze(question, today, context is { ReadId: not null } or { PlateText.Length: > 0 });
        var facts = new Facts();
        if (!analysis.UnresolvedReference)
        {
            await new Question(this, analysis, context, facts).GroundAsync(cancellationToken);
        }
        var grounded = new GroundedQuestion(question, analysis.Language, analysis.Intent, analysis.Period?.ToString() ?? "all", today, facts.Lines);
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

    private DateTime Local(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), time.LocalTimeZone);

    private DateTime Utc(DateOnly localDay)
    {
        var local = localDay.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        // Where a clock change skips midnight, the day starts at the first hour that exists.
        while (time.LocalTimeZone.IsInvalidTime(local)) local = local.AddMinutes(30);
        return TimeZoneInfo.ConvertTimeToUtc(local, time.LocalTimeZone);
    }

    /// <summary>The numbered fact lines of one question.</summary>
    private sealed class Facts
    {
        private readonly List<GroundingFact> _lines = [];

        public IReadOnlyList<GroundingFact> Lines => _lines;

        public void Add(string line, IReadOnlyList<long> readIds, string? plate = null) =>
            _lines.Add(new GroundingFact(_lines.Count + 1, line, readIds, plate));
    }

    /// <summary>A plate the question is about: found in the history under <see cref="Key"/>, or not (<see cref="Written"/>).</summary>
    private sealed record Subject(string? Key, string Written, ReadInfo? Read = null);

    /// <summary>The work for one question: resolve what it names, then write the facts its intent needs.</summary>
    private sealed class Question(GroundingService owner, QuestionAnalysis analysis, GroundingContext? context, Facts facts)
    {
        private readonly string _language = analysis.Language;
        private readonly ReadFacts _reads = owner._reads;
        private readonly ReadScope _period = analysis.Period is { } p
            ? new ReadScope(owner.Utc(p.From), owner.Utc(p.To.AddDays(1)))
            : new ReadScope();

        /// <summary>The period narrowed by the prefix and country the question names.</summary>
        private ReadScope Scope => _period with { Prefix = analysis.Prefix, Country = analysis.Country };

        private string ScopeTail =>
            (analysis.Prefix is { } prefix ? $" starting with {prefix}" : "")
            + (analysis.Country is { } country ? $" from {Countries.Label(country, _language)}" : "");

        public async Task GroundAsync(CancellationToken ct)
        {
            // help, greeting, unknown: nothing from the history (docs/CHAT-PROMPT.md: "(none)").
            if (analysis.Intent is Intents.Help or Intents.Greeting or Intents.Unknown) return;
            var subjects = await SubjectsAsync(ct);
            switch (analysis.Intent)
            {
                case Intents.Count:
                    if (subjects.Count == 0) await CountScopeAsync(ct);
                    foreach (var s in subjects) await PlateAsync(s, withCount: true, ct);
                    break;
                case Intents.FirstSeen or Intents.LastSeen:
                    if (subjects.Count == 0) await OneReadOfScopeAsync(oldest: analysis.Intent == Intents.FirstSeen, ct);
                    foreach (var s in subjects) await PlateAsync(s, withCount: false, ct);
                    break;
                case Intents.List:
                    if (subjects.Count == 0) await PlatesOfScopeAsync(ct);
                    foreach (var s in subjects)
                    {
                        if (subjects.Count == 1) await ReadsOfPlateAsync(s, ct);
                        else await PlateAsync(s, withCount: false, ct);
                    }
                    break;
                case Intents.Country:
                    if (subjects.Count == 0) await CountriesOfScopeAsync(ct);
                    foreach (var s in subjects) await PlateAsync(s, withCount: false, ct);
                    break;
                case Intents.Confidence:
                    if (subjects.Count == 0) await OneReadOfScopeAsync(oldest: false, ct);
                    foreach (var s in subjects) await ConfidenceAsync(s, ct);
                    break;
                case Intents.Compare:
                    foreach (var s in subjects) await PlateAsync(s, withCount: false, ct);
                    break;
                case Intents.Corrections:
                    await CorrectionsAsync(subjects, ct);
                    break;
                case Intents.ExplainFormat:
                    if (subjects.Count == 0) ExplainCountry();
                    foreach (var s in subjects) await ExplainAsync(s, ct);
                    break;
                default:
                    break;
            }
        }

        /// <summary>The plates the question names (each resolved through the history), or the plate in context.</summary>
        private async Task<List<Subject>> SubjectsAsync(CancellationToken ct)
        {
            var subjects = new List<Subject>();
            var mentions = analysis.Plates.ToList();
            if (analysis.UsesContext && context is not null)
            {
                if (context.ReadId is { } id && await _reads.ReadAsync(id, ct) is { } read)
                {
                    subjects.Add(new Subject(PlateGrammar.Normalize(read.CorrectedText ?? read.Text), owner.Display(read), read));
                }
                else if (context.PlateText is { Length: > 0 } text)
                {
                    mentions.Insert(0, new PlateMention(text, PlateGrammar.Normalize(text)));
                }
            }
            foreach (var mention in mentions)
            {
                var keys = await _reads.ResolvePlateAsync(mention.Normalized, GroundingLimits.MaxPlates, ct);
                if (keys.Count == 0) subjects.Add(new Subject(null, mention.Written));
                foreach (var key in keys) subjects.Add(new Subject(key, mention.Written));
            }
            return subjects.DistinctBy(s => s.Key ?? "\0" + s.Written).Take(GroundingLimits.MaxPlates).ToList();
        }

        /// <summary>
        /// A plate's summary over the period ("count" adds a count line first, as the golden prompt does).
        /// A plate the history has, but not in the period, gets "count: 0 reads of …"; one it has never
        /// seen, a "not found" line and nothing else.
        /// </summary>
        private async Task PlateAsync(Subject subject, bool withCount, CancellationToken ct)
        {
            if (subject.Key is not { } key)
            {
                facts.Add(FactLines.NotFound(subject.Written), []);
                return;
            }
            var stats = await _reads.StatsAsync(_period with { PlateKey = key }, ct);
            if (stats is null)
            {
                var shown = await DisplayOfAsync(subject, ct);
                facts.Add(FactLines.Count(0, $" of {shown}"), [], shown);
                return;
            }
            var plate = owner.Display(stats.Newest);
            if (withCount) facts.Add(FactLines.Count(stats.Count, $" of {plate}"), stats.ReadIds, plate);
            AddSummary(stats);
        }

        private void AddSummary(PlateStats stats)
        {
            var plate = owner.Display(stats.Newest);
            facts.Add(
                FactLines.PlateSummary(plate, stats.Count, owner.Local(stats.FirstUtc), owner.Local(stats.LastUtc), stats.Newest.Country, _language, stats.BestConfidence),
                stats.ReadIds, plate);
        }

        private void AddRead(ReadInfo read)
        {
            var plate = owner.Display(read);
            facts.Add(
                FactLines.SingleRead(read.Id, plate, owner.Local(read.CreatedAtUtc), read.Country, _language, read.Confidence, read.CorrectedText is null ? null : read.Text),
                [read.Id], plate);
        }

        /// <summary>The display text of a plate, from its newest read of all time (used when the period has none).</summary>
        private async Task<string> DisplayOfAsync(Subject subject, CancellationToken ct)
        {
            if (subject.Read is { } read) return owner.Display(read);
            var newest = await _reads.ReadsAsync(new ReadScope(PlateKey: subject.Key), 1, oldestFirst: false, ct);
            return newest.Count > 0 ? owner.Display(newest[0]) : subject.Written.ToUpperInvariant();
        }

        private async Task CountScopeAsync(CancellationToken ct)
        {
            var (count, ids) = await _reads.CountAsync(Scope, ct);
            facts.Add(FactLines.Count(count, ScopeTail), ids);
        }

        private async Task OneReadOfScopeAsync(bool oldest, CancellationToken ct)
        {
            var reads = await _reads.ReadsAsync(Scope, 1, oldest, ct);
            if (reads.Count == 0) facts.Add(FactLines.Count(0, ScopeTail), []);
            else AddRead(reads[0]);
        }

        /// <summary>Up to 10 plate summaries, last seen first, then the total when more plates matched.</summary>
        private async Task PlatesOfScopeAsync(CancellationToken ct)
        {
            var (plates, totalPlates, totalReads) = await _reads.PlatesAsync(Scope, GroundingLimits.MaxListLines, ct);
            foreach (var p in plates) AddSummary(p);
            if (plates.Count == 0 || totalPlates > plates.Count) facts.Add(FactLines.Count(totalReads, ScopeTail), []);
        }

        /// <summary>Up to 10 reads of one plate, newest first, then its count when it has more.</summary>
        private async Task ReadsOfPlateAsync(Subject subject, CancellationToken ct)
        {
            if (subject.Key is not { } key)
            {
                facts.Add(FactLines.NotFound(subject.Written), []);
                return;
            }
            var scope = _period with { PlateKey = key };
            var reads = await _reads.ReadsAsync(scope, GroundingLimits.MaxListLines + 1, oldestFirst: false, ct);
            foreach (var read in reads.Take(GroundingLimits.MaxListLines)) AddRead(read);
            if (reads.Count == 0 || reads.Count > GroundingLimits.MaxListLines)
            {
                var (count, ids) = await _reads.CountAsync(scope, ct);
                var plate = await DisplayOfAsync(subject, ct);
                facts.Add(FactLines.Count(count, $" of {plate}"), ids, plate);
            }
        }

        private async Task CountriesOfScopeAsync(CancellationToken ct)
        {
            var tallies = await _reads.CountriesAsync(Scope, ct);
            foreach (var (country, count) in tallies) facts.Add(FactLines.CountryTally(country, _language, count), []);
            if (tallies.Count == 0) facts.Add(FactLines.Count(0, ScopeTail), []);
        }

        /// <summary>The read in context; else the plate's summary and its newest read.</summary>
        private async Task ConfidenceAsync(Subject subject, CancellationToken ct)
        {
            if (subject.Read is { } read)
            {
                AddRead(read);
                return;
            }
            await PlateAsync(subject, withCount: false, ct);
            if (subject.Key is { } key && await _reads.ReadsAsync(_period with { PlateKey = key }, 1, oldestFirst: false, ct) is [var newest])
            {
                AddRead(newest);
            }
        }

        /// <summary>Corrected reads (of the named plates, or of the scope), newest first, then always their count.</summary>
        private async Task CorrectionsAsync(List<Subject> subjects, CancellationToken ct)
        {
            var scopes = subjects.Count == 0
                ? [(Scope: Scope with { CorrectedOnly = true }, Tail: ScopeTail, Plate: (string?)null)]
                : new List<(ReadScope Scope, string Tail, string? Plate)>();
            foreach (var s in subjects)
            {
                if (s.Key is not { } key)
                {
                    facts.Add(FactLines.NotFound(s.Written), []);
                    continue;
                }
                var plate = await DisplayOfAsync(s, ct);
                scopes.Add((_period with { PlateKey = key, CorrectedOnly = true }, $" of {plate}", plate));
            }
            foreach (var (scope, tail, plate) in scopes)
            {
                var reads = await _reads.ReadsAsync(scope, GroundingLimits.MaxListLines, oldestFirst: false, ct);
                foreach (var read in reads) AddRead(read);
                var (count, ids) = await _reads.CountAsync(scope, ct);
                facts.Add(FactLines.Count(count, tail), ids, plate);
            }
        }

        /// <summary>The format of a named plate (from the history when it is there, else as written); the grammar explains it.</summary>
        private async Task ExplainAsync(Subject subject, CancellationToken ct)
        {
            var culture = _language;
            if (subject.Key is not null)
            {
                var plate = await DisplayOfAsync(subject, ct);
                if (owner.Grammar.Explain(plate, culture) is { } explanation)
                {
                    var ids = subject.Read is { } read ? [read.Id] : (await _reads.CountAsync(new ReadScope(PlateKey: subject.Key), ct)).Newest;
                    facts.Add(FactLines.Format(plate, explanation), ids, plate);
                    return;
                }
            }
            // A format is a property of the text, so a plate the history never saw is still explained.
            if (owner.Grammar.Match(subject.Written) is [var top, ..] && owner.Grammar.Explain(subject.Written, culture) is { } text)
            {
                facts.Add(FactLines.Format(top.DisplayText, text), [], top.DisplayText);
            }
            else
            {
                facts.Add(FactLines.NotFound(subject.Written), []);
            }
        }

        /// <summary>"Explain the German format": the specific formats of that country, most common first, on their examples.</summary>
        private void ExplainCountry()
        {
            if (analysis.Country is not { } country) return;
            var formats = owner.Grammar.Formats.Where(f => f.Country == country && !f.IsGeneric)
                .OrderByDescending(f => f.Prior).Take(3);
            foreach (var format in formats)
            {
                var plate = owner.Grammar.Format(format.Example, format);
                var separator = _language == "fr" ? " : " : ": ";
                facts.Add(FactLines.Format(plate, $"{plate}{separator}{format.ExplanationFor(_language)}."), [], plate);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Grounded a {Language} question as {Intent} over {Period} with {FactCount} facts in {ElapsedMs:0.0} ms")]
    private static partial void LogGrounded(ILogger logger, string language, string intent, string period, int factCount, double elapsedMs);
}
