using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PlateWeb.Chat.Evaluation;
using PlateWeb.Chat.Grounding;

namespace PlateWeb.Chat.Tests.Grounding;

/// <summary>
/// The asker's zone (<see cref="GroundingContext.TimeZone"/>): "today", "yesterday" and "after 22:00" are read in it, and the
/// facts' dates and times are written in it, whatever the server's clock zone.
/// </summary>
public sealed class TimeZoneGroundingTests
{
    private static readonly TimeZoneInfo Auckland = TimeZoneInfo.FindSystemTimeZoneById("Pacific/Auckland");

    // Seeded in UTC; the clock stands at noon UTC on 29 November 2026 (Auckland, UTC+13: 01:00 on 30 November).
    private static readonly SeedRead[] Reads =
    [
        new(1, "AB-123-CD", "FR", "FR-SIV", 0.9, "2026-11-29 08:00"),
        new(2, "GH-456-JK", "FR", "FR-SIV", 0.9, "2026-11-29 11:30"),
        new(3, "LM-789-NP", "FR", "FR-SIV", 0.9, "2026-11-28 21:30"),
    ];

    private static readonly DateOnly Today = new(2026, 11, 29);

    [Fact]
    public async Task Today_Auckland_IsNotTodayInUtc()
    {
        await using var history = await SeededHistory.CreateAsync(Reads, Today, TimeZoneInfo.Utc);

        var utc = await history.AskAsync("List the plates seen today");
        var auckland = await history.AskAsync("List the plates seen today", new GroundingContext(null, null) { TimeZone = Auckland });

        Assert.Equal("2026-11-29 to 2026-11-29", utc.Period);
        Assert.Equal([1L, 2L], utc.Facts.SelectMany(f => f.ReadIds).Distinct().Order());
        // Auckland's 30 November began at 11:00 UTC on the 29th: only read 2 (11:30 UTC, 00:30 in Auckland) is on it.
        Assert.Equal("2026-11-30 to 2026-11-30", auckland.Period);
        Assert.Equal(new DateOnly(2026, 11, 30), auckland.Today);
        Assert.Equal([2L], auckland.Facts.SelectMany(f => f.ReadIds).Distinct());
        Assert.Contains(auckland.Facts, f => f.Line.Contains("at 2026-11-30 00:30", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Yesterday_Auckland_IsTheUtcToday()
    {
        await using var history = await SeededHistory.CreateAsync(Reads, Today, TimeZoneInfo.Utc);

        var auckland = await history.AskAsync("List the plates seen yesterday", new GroundingContext(null, null) { TimeZone = Auckland });

        // Auckland's 29 November: 11:00 UTC on the 28th to 11:00 UTC on the 29th.
        Assert.Equal([1L, 3L], auckland.Facts.SelectMany(f => f.ReadIds).Distinct().Order());
    }

    [Fact]
    public async Task AfterTen_Paris_IsTheParisEvening()
    {
        await using var history = await SeededHistory.CreateAsync(Reads, Today, TimeZoneInfo.Utc);

        // Read 3 is at 21:30 UTC: 22:30 in Paris (after 22:00), not in UTC.
        var utc = await history.AskAsync("How many reads after 22:00 yesterday?");
        var paris = await history.AskAsync("How many reads after 22:00 yesterday?", new GroundingContext(null, null) { TimeZone = SeededHistory.Paris });

        Assert.Contains(utc.Facts, f => f.Line.StartsWith("count: 0 reads", StringComparison.Ordinal));
        Assert.Contains(paris.Facts, f => f.Line.StartsWith("count: 1 read", StringComparison.Ordinal));
    }

    [Fact]
    public async Task NoZone_ChatTimeZoneOption_IsTheDefault()
    {
        await using var history = await SeededHistory.CreateAsync(Reads, Today, TimeZoneInfo.Utc);
        var grounding = new GroundingService(history.DbFactory, SeededHistory.Grammar, history.Clock, NullLogger<GroundingService>.Instance,
            Options.Create(new ChatOptions { TimeZone = "Pacific/Auckland" }));

        var grounded = await grounding.GroundAsync("List the plates seen today", null, CancellationToken.None);

        Assert.Equal(new DateOnly(2026, 11, 30), grounded.Today);
    }

    [Theory]
    [InlineData("Mars/Olympus")]
    [InlineData("../../etc/passwd")]
    public void ChatTimeZoneOption_Garbage_FailsValidation(string zone)
    {
        var options = new ChatOptions { TimeZone = zone };
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();

        var valid = System.ComponentModel.DataAnnotations.Validator.TryValidateObject(
            options, new System.ComponentModel.DataAnnotations.ValidationContext(options), results, validateAllProperties: true);

        Assert.False(valid);
        Assert.Contains("Chat:TimeZone", Assert.Single(results).ErrorMessage, StringComparison.Ordinal);
    }
}
