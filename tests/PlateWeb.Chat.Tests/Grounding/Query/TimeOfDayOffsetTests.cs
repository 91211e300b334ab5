using PlateWeb.Chat.Evaluation;
using PlateWeb.Chat.Grounding;
using PlateWeb.Chat.Grounding.Filters;

namespace PlateWeb.Chat.Tests.Grounding.Query;

/// <summary>
/// The time-of-day filter reads the stored UTC minute: the hour at each end of the window that summer time shifts is
/// decided by the offset of the read's own date (Paris: UTC+1 in winter, UTC+2 in summer).
/// </summary>
public sealed class TimeOfDayOffsetTests
{
    // Seeded in UTC; asked in Paris.
    private static readonly SeedRead[] Reads =
    [
        new(1, "AB-123-CD", "FR", "FR-SIV", 0.9, "2026-07-10 20:30"), // 22:30 in Paris (summer): night
        new(2, "AB-123-CD", "FR", "FR-SIV", 0.9, "2026-01-10 20:30"), // 21:30 in Paris (winter): evening
        new(3, "AB-123-CD", "FR", "FR-SIV", 0.9, "2026-01-10 04:30"), // 05:30 in Paris (winter): night
        new(4, "AB-123-CD", "FR", "FR-SIV", 0.9, "2026-07-10 04:30"), // 06:30 in Paris (summer): morning
        new(5, "AB-123-CD", "FR", "FR-SIV", 0.9, "2026-07-10 23:30"), // 01:30 in Paris (summer): night
        new(6, "AB-123-CD", "FR", "FR-SIV", 0.9, "2026-03-29 00:30"), // 01:30 in Paris, the night clocks go forward (UTC+1 until 01:00 UTC): night
        new(7, "AB-123-CD", "FR", "FR-SIV", 0.9, "2026-10-25 04:30"), // 05:30 in Paris, after clocks went back at 01:00 UTC: night
        new(8, "AB-123-CD", "FR", "FR-SIV", 0.9, "2026-10-25 05:30"), // 06:30 in Paris: morning
    ];

    [Theory]
    [InlineData("Which reads at night?", new long[] { 1, 3, 5, 6, 7 })]
    [InlineData("Quelles lectures le soir ?", new long[] { 2 })]
    [InlineData("Which reads in the morning?", new long[] { 4, 8 })]
    [InlineData("Quelles lectures après 22h ?", new long[] { 1 })]
    [InlineData("Which reads between 5:00 and 7:00?", new long[] { 3, 4, 7, 8 })]
    public async Task Window_FollowsTheOffsetOfEachReadsDate(string question, long[] expected)
    {
        await using var history = await SeededHistory.CreateAsync(Reads, new DateOnly(2026, 11, 29), TimeZoneInfo.Utc);

        var grounded = await history.AskAsync(question, new GroundingContext(null, null) { TimeZone = SeededHistory.Paris });

        Assert.Equal(expected, grounded.Facts.SelectMany(f => f.ReadIds).Distinct().Order().ToArray());
    }

    [Theory]
    [InlineData(22 * 60, 6 * 60, 60, new[] { 21 * 60, 24 * 60, 0, 5 * 60 })]
    [InlineData(22 * 60, 6 * 60, 120, new[] { 20 * 60, 24 * 60, 0, 4 * 60 })]
    [InlineData(8 * 60, 9 * 60, 60, new[] { 7 * 60, 8 * 60 })]
    [InlineData(0, 60, 120, new[] { 22 * 60, 23 * 60 })]
    [InlineData(22 * 60, 24 * 60, -300, new[] { 3 * 60, 5 * 60 })]
    [InlineData(23 * 60, 60, -570, new[] { 8 * 60 + 30, 10 * 60 + 30 })]
    public void UtcRanges_OfALocalWindow(int from, int to, int offset, int[] expected)
    {
        var ranges = TimeOfDayFilter.UtcRanges(from, to, offset);

        Assert.Equal(expected, ranges.SelectMany(r => new[] { r.Low, r.High }).ToArray());
    }
}
