using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using PlateWeb.Chat.Evaluation;
using PlateWeb.Chat.Grounding;
using PlateWeb.Data;
using PlateWeb.Recognition.Grammar;

namespace PlateWeb.Chat.Tests.Grounding;

/// <summary>A real SQLite file in a temporary folder, migrated as the app does, seeded with reads, and a clock in Paris.</summary>
public sealed class SeededHistory : IAsyncDisposable
{
    public static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    private readonly string _folder;

    private SeededHistory(string folder, IDbContextFactory<PlateDbContext> dbFactory, FixedClock clock)
    {
        _folder = folder;
        DbFactory = dbFactory;
        Clock = clock;
        Grounding = new GroundingService(dbFactory, Grammar, clock, NullLogger<GroundingService>.Instance);
    }

    public static PlateGrammar Grammar { get; } = new();

    public IDbContextFactory<PlateDbContext> DbFactory { get; }

    public FixedClock Clock { get; }

    public GroundingService Grounding { get; }

    public static async Task<SeededHistory> CreateAsync(IEnumerable<SeedRead> reads, DateOnly today, TimeZoneInfo? zone = null)
    {
        zone ??= Paris;
        var folder = Directory.CreateTempSubdirectory("plateweb-chat-tests-").FullName;
        var factory = new Factory(new DbContextOptionsBuilder<PlateDbContext>().UseSqlite($"Data Source={Path.Combine(folder, "plateweb.db")}").Options);
        await using (var db = factory.CreateDbContext())
        {
            await db.Database.MigrateAsync();
        }
        await HistorySeeder.SeedAsync(factory, reads, zone, Grammar, CancellationToken.None);
        var clock = new FixedClock(DateTimeOffset.UnixEpoch, zone);
        clock.SetToday(today);
        return new SeededHistory(folder, factory, clock);
    }

    public Task<GroundedQuestion> AskAsync(string question, GroundingContext? context = null) =>
        Grounding.GroundAsync(question, context, CancellationToken.None);

    /// <summary>The numbered fact lines, as the prompt shows them.</summary>
    public async Task<string[]> FactsAsync(string question, GroundingContext? context = null) =>
        (await AskAsync(question, context)).Facts.Select(PromptFormat.Numbered).ToArray();

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return ValueTask.CompletedTask;
    }

    private sealed class Factory(DbContextOptions<PlateDbContext> options) : IDbContextFactory<PlateDbContext>
    {
        public PlateDbContext CreateDbContext() => new(options);
    }
}

/// <summary>
/// The history most grounding tests ask about. Today is Sunday 2026-11-29 in Paris; "this week" starts
/// Monday 2026-11-23, "last week" is 2026-11-16..22, "last month" is October.
/// </summary>
public sealed class HistoryFixture : IAsyncLifetime
{
    public static readonly DateOnly Today = new(2026, 11, 29);

    public static IReadOnlyList<SeedRead> Reads { get; } =
    [
        new(1, "AB-123-CD", "FR", "FR-SIV", 0.93, "2026-11-23 08:14"),
        new(2, "AB-123-CD", "FR", "FR-SIV", 0.88, "2026-11-25 12:00"),
        new(3, "AB-123-CD", "FR", "FR-SIV", 0.91, "2026-11-28 17:02"),
        new(4, "AB-123-CD", "FR", "FR-SIV", 0.80, "2026-11-10 09:00"),
        new(5, "B-MW 1234", "DE", "DE", 0.85, "2026-11-27 10:30"),
        new(6, "B-MW 1234", "DE", "DE", 0.75, "2026-11-16 07:45"),
        new(7, "GH-456-JK", "FR", "FR-SIV", 0.97, "2026-11-29 09:05"),
        new(8, "AB-987-ZZ", "FR", "FR-SIV", 0.60, "2026-11-28 08:00"),
        new(9, "1234 BCD", "ES", "ES", 0.82, "2026-10-15 18:20"),
        new(10, "EF-458-GH", "FR", "FR-SIV", 0.55, "2026-11-26 14:00", CorrectedFrom: "EF-456-GH"),
        new(11, "7ABC123", "US", "US-CA", 0.90, "2026-11-20 22:10"),
        new(12, "BRA2E19", "BR", "BR-MERCOSUL", 0.88, "2026-09-03 11:00"),
        new(13, "XK12345", null, null, 0.40, "2026-11-22 13:30"),
    ];

    public SeededHistory History { get; private set; } = null!;

    public async Task InitializeAsync() => History = await SeededHistory.CreateAsync(Reads, Today);

    public async Task DisposeAsync() => await History.DisposeAsync();
}
