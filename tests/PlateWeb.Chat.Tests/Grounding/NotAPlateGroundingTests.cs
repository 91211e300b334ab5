using PlateWeb.Chat.Evaluation;
using PlateWeb.Data.Storage;

namespace PlateWeb.Chat.Tests.Grounding;

/// <summary>Reads marked "not a plate" in History are no facts for the chat (issue 16 item 6).</summary>
public sealed class NotAPlateGroundingTests
{
    [Fact]
    public async Task ReadsMarkedNotAPlate_AreLeftOutOfTheFacts()
    {
        await using var history = await SeededHistory.CreateAsync(
        [
            new SeedRead(1, "AB-123-CD", "FR", "FR-SIV", 0.93, "2026-11-23 08:14"),
            new SeedRead(2, "AB-123-CD", "FR", "FR-SIV", 0.88, "2026-11-25 12:00"),
            new SeedRead(3, "STOP", "DE", "DE", 0.41, "2026-11-26 12:00"),
        ], new DateOnly(2026, 11, 29));
        var before = (await history.AskAsync("How many reads this month?")).Facts.Select(f => f.Line).ToArray();

        var bulk = new BulkReads(history.DbFactory, TimeProvider.System);
        Assert.Equal(2, await bulk.MarkNotAPlateAsync(ReadSelection.Of([2, 3]), "test", CancellationToken.None));

        Assert.Equal(["count: 3 reads"], before);
        Assert.Equal(["count: 1 read"], (await history.AskAsync("How many reads this month?")).Facts.Select(f => f.Line));
        var plate = (await history.AskAsync("How many times did we see AB-123-CD?")).Facts.Select(f => f.Line).ToArray();
        Assert.Equal("count: 1 read of AB-123-CD", plate[0]);
        Assert.DoesNotContain(plate, l => l.Contains("2 reads", StringComparison.Ordinal));
        Assert.Equal(["count: 0 reads from DE (Germany)"], (await history.AskAsync("How many German plates?")).Facts.Select(f => f.Line));
    }
}
