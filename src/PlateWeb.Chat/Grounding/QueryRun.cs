using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PlateWeb.Data.Time;
using PlateWeb.Recognition.Grammar;

namespace PlateWeb.Chat.Grounding;

/// <summary>
/// The work for one parsed question: what it names resolved through the history, the reads its filters
/// select (<see cref="Scope"/>), and the fact lines the aggregate writes with the helpers below, in the
/// layouts of docs/CHAT-PROMPT.md ("Which facts a question gets"), which tools/plateweb_tools/chat/corpus.py teaches.
/// Counts, tallies, lists and corrections are over the period; a plate summary is the plate's whole history.
/// </summary>
internal sealed class QueryRun(GroundingService owner, QuestionAnalysis analysis, GroundingContext? context, TimeZoneInfo zone, DateOnly today)
{
    private readonly List<GroundingFact> _facts = [];

    public QuestionAnalysis Analysis => analysis;

    public string Language => analysis.Language;

    public ReadFacts Reads { get; } = owner.Reads;

    public PlateGrammar Grammar => owner.Grammar;

    public IReadOnlyList<GroundingFact> Facts => _facts;

    /// <summary>
    /// An answer written from the facts in the question's language, for aggregates whose fact lines the
    /// default model was not trained on; the chat shows it instead of generating one (docs/CHAT-PROMPT.md, "Ready answers").
    /// </summary>
    public string? Answer { get; set; }

    /// <summary>The period and the filters (confidence...), but no prefix or country.</summary>
    public ReadScope Period { get; } = (analysis.Period is { } p
        ? new ReadScope(ZoneTime.StartOfDayUtc(p.From, zone), ZoneTime.StartOfDayUtc(p.To.AddDays(1), zone))
        : new ReadScope()) with
    { Filters = analysis.Filters };

    /// <summary>The period narrowed by the prefix, country and filters the question names.</summary>
    public ReadScope Scope => Period with { Prefix = analysis.Prefix, Country = analysis.Country };

    /// <summary>The filters' words after a count line: " with confidence below 60%".</summary>
    public string FilterTail => string.Concat(analysis.Filters.Select(f => f.Tail));

    public string ScopeTail =>
        (analysis.Prefix is { } prefix ? $" starting with {prefix}" : "")
        + (analysis.Country is { } country ? $" from {Countries.Label(country, Language)}" : "")
        + FilterTail;

    public bool French => Language == "fr";

    /// <summary>The asker's zone: every date and time of the facts is written in it.</summary>
    public TimeZoneInfo Zone => zone;

    /// <summary>A stored (UTC) time in the asker's zone.</summary>
    public DateTime Local(DateTime utc) => ZoneTime.ToLocal(utc, zone);

    /// <summary>Today in the asker's zone, the day the question's time words are resolved against.</summary>
    public DateOnly Today => today;

    /// <summary>The first instant (UTC) of a local day.</summary>
    public DateTime Utc(DateOnly localDay) => ZoneTime.StartOfDayUtc(localDay, zone);

    public string Display(ReadInfo read) => owner.Display(read);

    // Escaped where it is made, so the sources under the answer and any check of the answer see the line the model saw.
    public int Add(string line, IReadOnlyList<long> readIds, string? plate = null)
    {
        _facts.Add(new GroundingFact(_facts.Count + 1, PromptFormat.FactText(line), readIds, plate is null ? null : PromptFormat.FactText(plate)));
        return _facts.Count;
    }

    /// <summary>The plates the question names (each resolved through the history), or the plate in context.</summary>
    public async Task<List<Subject>> SubjectsAsync(CancellationToken ct)
    {
        var subjects = new List<Subject>();
        var mentions = analysis.Plates.ToList();
        if (analysis.UsesContext && context is not null)
        {
            if (context.ReadId is { } id && await Reads.ReadAsync(id, ct) is { } read)
            {
                subjects.Add(new Subject(PlateGrammar.Normalize(read.CorrectedText ?? read.Text), Display(read), read));
            }
            else if (context.PlateText is { Length: > 0 } text)
            {
                mentions.Insert(0, new PlateMention(text, PlateGrammar.Normalize(text)));
            }
        }
        foreach (var mention in mentions)
        {
            var keys = await Reads.ResolvePlateAsync(mention.Normalized, GroundingLimits.MaxPlates, ct);
            if (keys.Count == 0) subjects.Add(new Subject(null, mention.Written));
            foreach (var key in keys) subjects.Add(new Subject(key, mention.Written));
        }
        return subjects.DistinctBy(s => s.Key ?? "\0" + s.Written).Take(GroundingLimits.MaxPlates).ToList();
    }

    /// <summary>"read #375": that read's line, whatever is asked about it.</summary>
    public async Task NamedReadsAsync(CancellationToken ct)
    {
        foreach (var id in analysis.ReadIds.Take(GroundingLimits.MaxPlates))
        {
            if (await Reads.ReadAsync(id, ct) is { } read) AddRead(read);
            else Add(FactLines.NotFound(string.Create(CultureInfo.InvariantCulture, $"#{id}")), []);
        }
    }

    /// <summary>A plate never read gets a "not found" line and nothing else; true when that happened.</summary>
    public bool NotFound(Subject subject)
    {
        if (subject.Key is not null) return false;
        Add(FactLines.NotFound(subject.Written), []);
        return true;
    }

    /// <summary>
    /// The plate's summary over its whole history, or over its reads that a camera filter keeps ("last seen at
    /// camera Gate"); none there: "count: 0 reads of AB-123-CD at camera Gate", then its whole summary.
    /// </summary>
    public async Task SummaryAsync(Subject subject, CancellationToken ct)
    {
        if (NotFound(subject)) return;
        var narrowing = analysis.Filters.Where(f => f.NarrowsPlateSummary).ToList();
        if (narrowing.Count > 0)
        {
            if (await Reads.StatsAsync(new ReadScope(PlateKey: subject.Key, Filters: narrowing), ct) is { } there)
            {
                AddSummary(there);
                return;
            }
            if (await Reads.StatsAsync(new ReadScope(PlateKey: subject.Key), ct) is { } anywhere)
            {
                var plate = Display(anywhere.Newest);
                Add(FactLines.Count(0, $" of {plate}{string.Concat(narrowing.Select(f => f.Tail))}"), [], plate);
                AddSummary(anywhere);
            }
            return;
        }
        if (await Reads.StatsAsync(new ReadScope(PlateKey: subject.Key), ct) is { } stats) AddSummary(stats);
    }

    /// <summary>The plate's count over the period, then its summary (as the golden prompt).</summary>
    public async Task CountPlateAsync(Subject subject, CancellationToken ct)
    {
        if (NotFound(subject)) return;
        var (count, ids) = await Reads.CountAsync(Period with { PlateKey = subject.Key }, ct);
        var stats = await Reads.StatsAsync(new ReadScope(PlateKey: subject.Key), ct);
        if (stats is null) return;
        var plate = Display(stats.Newest);
        Add(FactLines.Count(count, $" of {plate}{FilterTail}"), ids, plate);
        AddSummary(stats);
    }

    public int AddSummary(PlateStats stats)
    {
        var plate = Display(stats.Newest);
        return Add(
            FactLines.PlateSummary(plate, stats.Count, Local(stats.FirstUtc), Local(stats.LastUtc), stats.Newest.Country, Language, stats.BestConfidence),
            stats.ReadIds, plate);
    }

    public int AddRead(ReadInfo read)
    {
        var plate = Display(read);
        return Add(
            FactLines.SingleRead(read.Id, plate, Local(read.CreatedAtUtc), read.Country, Language, read.Confidence, read.CorrectedText is null ? null : read.Text, read.Camera),
            [read.Id], plate);
    }

    /// <summary>
    /// The local times of the scope's reads, for tallies by local day or hour (counted here: the zone's day or hour
    /// is no SQL expression).
    /// </summary>
    public async Task<List<DateTime>> LocalTimesAsync(CancellationToken ct)
    {
        var times = await Reads.QueryAsync(Scope, (reads, c) => reads.Select(r => r.CreatedAt).ToListAsync(c), ct);
        return times.ConvertAll(Local);
    }

    /// <summary>The ready answer when the scope holds no read: "No read this week", citing a count of 0.</summary>
    public void AnswerNoRead()
    {
        var during = ReadyAnswer.During(analysis.Period, French);
        var none = Add(FactLines.Count(0, ScopeTail), []);
        Answer = French ? $"Aucune lecture{during} {ReadyAnswer.Cite(none)}." : $"No read{during} {ReadyAnswer.Cite(none)}.";
    }

    public async Task CountScopeAsync(CancellationToken ct)
    {
        var (count, ids) = await Reads.CountAsync(Scope, ct);
        Add(FactLines.Count(count, ScopeTail), ids);
    }

    public async Task OneReadOfScopeAsync(bool oldest, CancellationToken ct)
    {
        var reads = await Reads.ReadsAsync(Scope, 1, oldest, ct);
        if (reads.Count == 0) Add(FactLines.Count(0, ScopeTail), []);
        else AddRead(reads[0]);
    }

    /// <summary>Up to 10 reads, newest first, then the total when more matched; none: "count: 0 reads".</summary>
    public async Task ReadsOfScopeAsync(ReadScope scope, string tail, CancellationToken ct)
    {
        var reads = await Reads.ReadsAsync(scope, GroundingLimits.MaxListLines + 1, oldestFirst: false, ct);
        foreach (var read in reads.Take(GroundingLimits.MaxListLines)) AddRead(read);
        if (reads.Count == 0 || reads.Count > GroundingLimits.MaxListLines)
        {
            var (count, ids) = await Reads.CountAsync(scope, ct);
            Add(FactLines.Count(count, tail), ids);
        }
    }

    /// <summary>Up to 10 reads of one plate in the period, newest first, then its count when it has more (or none).</summary>
    public async Task<IReadOnlyList<ReadInfo>> ReadsOfPlateAsync(Subject subject, CancellationToken ct)
    {
        if (NotFound(subject)) return [];
        var scope = Period with { PlateKey = subject.Key };
        var reads = await Reads.ReadsAsync(scope, GroundingLimits.MaxListLines + 1, oldestFirst: false, ct);
        foreach (var read in reads.Take(GroundingLimits.MaxListLines)) AddRead(read);
        if (reads.Count == 0 || reads.Count > GroundingLimits.MaxListLines)
        {
            var (count, ids) = await Reads.CountAsync(scope, ct);
            var plate = await DisplayOfAsync(subject, ct);
            Add(FactLines.Count(count, $" of {plate}{FilterTail}"), ids, plate);
        }
        return reads;
    }

    /// <summary>The display text of a plate, from its newest read of all time.</summary>
    public async Task<string> DisplayOfAsync(Subject subject, CancellationToken ct)
    {
        if (subject.Read is { } read) return Display(read);
        var newest = await Reads.ReadsAsync(new ReadScope(PlateKey: subject.Key), 1, oldestFirst: false, ct);
        return newest.Count > 0 ? Display(newest[0]) : subject.Written.ToUpperInvariant();
    }
}

/// <summary>A plate the question is about: found in the history under <see cref="Key"/>, or not (<see cref="Written"/>).</summary>
internal sealed record Subject(string? Key, string Written, ReadInfo? Read = null);
