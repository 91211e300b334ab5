using System.Diagnostics;
using System.Globalization;
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

        // Escaped where it is made, so the sources under the answer and any check of the answer see the line the model saw.
        public void Add(string line, IReadOnlyList<long> readIds, string? plate = null) =>
            _lines.Add(new GroundingFact(_lines.Count + 1, PromptFormat.FactText(line), readIds, plate is null ? null : PromptFormat.FactText(plate)));
    }

    /// <summary>A plate the question is about: found in the history under <see cref="Key"/>, or not (<see cref="Written"/>).</summary>
    private sealed record Subject(string? Key, string Written, ReadInfo? Read = null);

    /// <summary>
    /// The work for one question: resolve what it names, then write the facts its intent needs, in the
    /// layouts of docs/CHAT-PROMPT.md ("Which facts a question gets"), which tools/train/corpus.py teaches.
    /// Counts, tallies, lists and corrections are over the period; a plate summary is the plate's whole history.
    /// </summary>
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
            // help, greeting, unknown, and questions about what the history never holds: "(none)".
            if (analysis.Intent is Intents.Help or Intents.Greeting or Intents.Unknown || analysis.OutsideData) return;
            if (analysis.ReadIds.Count > 0)
            {
                await NamedReadsAsync(ct);
                return;
            }
            var subjects = await SubjectsAsync(ct);
            switch (analysis.Intent)
            {
                case Intents.Count:
                    if (subjects.Count == 0) await CountScopeAsync(ct);
                    foreach (var s in subjects) await CountPlateAsync(s, ct);
                    break;
                case Intents.FirstSeen or Intents.LastSeen:
                    if (subjects.Count == 0) await OneReadOfScopeAsync(oldest: analysis.Intent == Intents.FirstSeen, ct);
                    foreach (var s in subjects) await SummaryAsync(s, ct);
                    break;
                case Intents.List:
                    if (subjects.Count == 0) await ReadsOfScopeAsync(Scope, ScopeTail, ct);
                    else if (subjects.Count == 1) await ReadsOfPlateAsync(subjects[0], ct);
                    else foreach (var s in subjects) await SummaryAsync(s, ct);
                    break;
                case Intents.Country:
                    if (subjects.Count == 0) await CountriesOfScopeAsync(ct);
                    foreach (var s in subjects) await SummaryAsync(s, ct);
                    break;
                case Intents.Confidence:
                    if (subjects.Count == 0) await OneReadOfScopeAsync(oldest: false, ct);
                    foreach (var s in subjects) await ConfidenceAsync(s, ct);
                    break;
                case Intents.Compare:
                    if (subjects.Count == 0) await CompareCountriesAsync(ct);
                    foreach (var s in subjects) await SummaryAsync(s, ct);
                    break;
                case Intents.Corrections:
                    if (subjects.Count == 0) await ReadsOfScopeAsync(Scope with { CorrectedOnly = true }, ScopeTail, ct);
                    foreach (var s in subjects) await CorrectionsOfPlateAsync(s, ct);
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

        /// <summary>"read #375": that read's line, whatever is asked about it.</summary>
        private async Task NamedReadsAsync(CancellationToken ct)
        {
            foreach (var id in analysis.ReadIds.Take(GroundingLimits.MaxPlates))
            {
                if (await _reads.ReadAsync(id, ct) is { } read) AddRead(read);
                else facts.Add(FactLines.NotFound(string.Create(CultureInfo.InvariantCulture, $"#{id}")), []);
            }
        }

        /// <summary>A plate never read gets a "not found" line and nothing else; true when that happened.</summary>
        private bool NotFound(Subject subject)
        {
            if (subject.Key is not null) return false;
            facts.Add(FactLines.NotFound(subject.Written), []);
            return true;
        }

        /// <summary>The plate's summary over its whole history.</summary>
        private async Task SummaryAsync(Subject subject, CancellationToken ct)
        {
            if (NotFound(subject)) return;
            if (await _reads.StatsAsync(new ReadScope(PlateKey: subject.Key), ct) is { } stats) AddSummary(stats);
        }

        /// <summary>The plate's count over the period, then its summary (as the golden prompt).</summary>
        private async Task CountPlateAsync(Subject subject, CancellationToken ct)
        {
            if (NotFound(subject)) return;
            var (count, ids) = await _reads.CountAsync(_period with { PlateKey = subject.Key }, ct);
            var stats = await _reads.StatsAsync(new ReadScope(PlateKey: subject.Key), ct);
            if (stats is null) return;
            var plate = owner.Display(stats.Newest);
            facts.Add(FactLines.Count(count, $" of {plate}"), ids, plate);
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

        /// <summary>Up to 10 reads, newest first, then the total when more matched; none: "count: 0 reads".</summary>
        private async Task ReadsOfScopeAsync(ReadScope scope, string tail, CancellationToken ct)
        {
            var reads = await _reads.ReadsAsync(scope, GroundingLimits.MaxListLines + 1, oldestFirst: false, ct);
            foreach (var read in reads.Take(GroundingLimits.MaxListLines)) AddRead(read);
            if (reads.Count == 0 || reads.Count > GroundingLimits.MaxListLines)
            {
                var (count, ids) = await _reads.CountAsync(scope, ct);
                facts.Add(FactLines.Count(count, tail), ids);
            }
        }

        /// <summary>Up to 10 reads of one plate in the period, newest first, then its count when it has more (or none).</summary>
        private async Task ReadsOfPlateAsync(Subject subject, CancellationToken ct)
        {
            if (NotFound(subject)) return;
            var scope = _period with { PlateKey = subject.Key };
            var reads = await _reads.ReadsAsync(scope, GroundingLimits.MaxListLines + 1, oldestFirst: false, ct);
            foreach (var read in reads.Take(GroundingLimits.MaxListLines)) AddRead(read);
            if (reads.Count == 0 || reads.Count > GroundingLimits.MaxListLines)
            {
                var (count, ids) = await _reads.CountAsync(scope, ct);
                var plate = await DisplayOfAsync(subject, ct);
                facts.Add(FactLines.Count(count, $" of {plate}"), ids, plate);
            }
        }

        /// <summary>The display text of a plate, from its newest read of all time.</summary>
        private async Task<string> DisplayOfAsync(Subject subject, CancellationToken ct)
        {
            if (subject.Read is { } read) return owner.Display(read);
            var newest = await _reads.ReadsAsync(new ReadScope(PlateKey: subject.Key), 1, oldestFirst: false, ct);
            return newest.Count > 0 ? owner.Display(newest[0]) : subject.Written.ToUpperInvariant();
        }

        /// <summary>Reads per country, most first, at most <see cref="GroundingLimits.MaxCountries"/>; none: "count: 0 reads".</summary>
        private async Task CountriesOfScopeAsync(CancellationToken ct)
        {
            var tallies = await _reads.CountriesAsync(Scope, ct);
            foreach (var (country, count) in tallies.Take(GroundingLimits.MaxCountries)) facts.Add(FactLines.CountryTally(country, _language, count), []);
            if (tallies.Count == 0) facts.Add(FactLines.Count(0, ScopeTail), []);
        }

        /// <summary>"Compare German and French plates": one count line per country over the period.</summary>
        private async Task CompareCountriesAsync(CancellationToken ct)
        {
            if (analysis.Countries.Count < 2) return;
            foreach (var country in analysis.Countries.Take(GroundingLimits.MaxPlates))
            {
                var (count, ids) = await _reads.CountAsync(_period with { Prefix = analysis.Prefix, Country = country }, ct);
                facts.Add(FactLines.Count(count, $" from {Countries.Label(country, _language)}"), ids);
            }
        }

        /// <summary>The read in context alone; a plate with up to 3 reads: those reads, newest first; more: its summary.</summary>
        private async Task ConfidenceAsync(Subject subject, CancellationToken ct)
        {
            if (subject.Read is { } read)
            {
                AddRead(read);
                return;
            }
            if (NotFound(subject)) return;
            var reads = await _reads.ReadsAsync(new ReadScope(PlateKey: subject.Key), GroundingLimits.MaxReadsShown + 1, oldestFirst: false, ct);
            if (reads.Count <= GroundingLimits.MaxReadsShown)
            {
                foreach (var r in reads) AddRead(r);
            }
            else
            {
                await SummaryAsync(subject, ct);
            }
        }

        /// <summary>"Was AB-123-CD corrected?": its newest reads (up to 3), each saying "corrected from" when it was.</summary>
        private async Task CorrectionsOfPlateAsync(Subject subject, CancellationToken ct)
        {
            if (NotFound(subject)) return;
            var reads = await _reads.ReadsAsync(_period with { PlateKey = subject.Key }, GroundingLimits.MaxReadsShown, oldestFirst: false, ct);
            foreach (var read in reads) AddRead(read);
            if (reads.Count == 0) facts.Add(FactLines.Count(0, $" of {await DisplayOfAsync(subject, ct)}"), []);
        }

        /// <summary>
        /// The plate's format (the stored read's, else the grammar's first fit) and up to two formats of other
        /// countries that the text also fits, each with its explanation in the question's language. A format is a
        /// property of the text, so a plate the history never saw is explained too; a text that fits none is "not found".
        /// </summary>
        private async Task ExplainAsync(Subject subject, CancellationToken ct)
        {
            ReadInfo? stored = subject.Read;
            if (stored is null && subject.Key is not null)
            {
                stored = (await _reads.ReadsAsync(new ReadScope(PlateKey: subject.Key), 1, oldestFirst: false, ct)).FirstOrDefault();
            }
            var text = stored is null ? subject.Written : owner.Display(stored);
            var matches = owner.Grammar.Match(text, _language);
            var first = matches.FirstOrDefault(m => stored is not null && m.Format.Id == stored.Format) ?? matches.FirstOrDefault();
            if (first is null)
            {
                facts.Add(FactLines.NotFound(subject.Written), []);
                return;
            }
            var ids = stored is null ? [] : (await _reads.CountAsync(new ReadScope(PlateKey: subject.Key), ct)).Newest;
            facts.Add(FactLines.Format(first.DisplayText, first.Explanation), ids, first.DisplayText);
            var others = matches
                .Where(m => !m.Format.IsGeneric && m.Format.Country != first.Format.Country)
                .DistinctBy(m => m.Format.Country)
                .Take(2);
            foreach (var other in others) facts.Add(FactLines.Format(other.DisplayText, other.Explanation), [], other.DisplayText);
        }

        /// <summary>"Explain the German format": the specific formats of that country, most common first, on their examples.</summary>
        private void ExplainCountry()
        {
            if (analysis.Country is not { } country) return;
            var formats = owner.Grammar.Formats.Where(f => f.Country == country && !f.IsGeneric)
                .OrderByDescending(f => f.Prior).Take(GroundingLimits.MaxReadsShown);
            foreach (var format in formats)
            {
                var plate = owner.Grammar.Format(format.Example, format);
                facts.Add(FactLines.Format(plate, format.ExplanationFor(_language)), [], plate);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Grounded a {Language} question as {Intent} over {Period} with {FactCount} facts in {ElapsedMs:0.0} ms")]
    private static partial void LogGrounded(ILogger logger, string language, string intent, string period, int factCount, double elapsedMs);
}
