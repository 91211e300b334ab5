using PlateWeb.Chat.Model;

namespace PlateWeb.Chat.Tests.Model;

public sealed class GenerationQueueTests
{
    [Fact]
    public void Enter_TwoSlots_TwoGrantedThirdWaitsFirstInLine()
    {
        var queue = new GenerationQueue(2);

        using var a = queue.Enter();
        using var b = queue.Enter();
        using var c = queue.Enter();

        Assert.True(a.IsGranted);
        Assert.True(b.IsGranted);
        Assert.Equal(1, c.Position);
        Assert.Equal(1, queue.Waiting);
    }

    [Fact]
    public void TryEnter_LineFull_TurnsTheNextAwayUntilSomeoneLeaves()
    {
        var queue = new GenerationQueue(1, maxWaiting: 2);
        using var running = queue.Enter();
        var second = queue.TryEnter();
        using var third = queue.TryEnter();

        Assert.NotNull(second);
        Assert.NotNull(third);
        Assert.Null(queue.TryEnter());
        Assert.Throws<InvalidOperationException>(() => queue.Enter());
        Assert.Equal(2, queue.Waiting);

        second!.Dispose();

        using var fourth = queue.TryEnter();
        Assert.NotNull(fourth);
        Assert.Equal(2, fourth!.Position);
    }

    [Fact]
    public void TryEnter_NoWaitingAllowed_StillGrantsAFreeSlot()
    {
        var queue = new GenerationQueue(1, maxWaiting: 0);

        using var first = queue.TryEnter();

        Assert.True(first!.IsGranted);
        Assert.Null(queue.TryEnter());
    }

    [Fact]
    public async Task Dispose_RunningTicket_HandsTheSlotToTheFirstInLine()
    {
        var queue = new GenerationQueue(1);
        var running = queue.Enter();
        using var second = queue.Enter();
        using var third = queue.Enter();
        var secondWakes = second.WaitForChangeAsync(1, CancellationToken.None);
        var thirdWakes = third.WaitForChangeAsync(2, CancellationToken.None);

        running.Dispose();

        Assert.True(await secondWakes);
        Assert.True(await thirdWakes);
        Assert.True(second.IsGranted);
        Assert.Equal(1, third.Position);
    }

    [Fact]
    public async Task Dispose_WaitingTicket_MovesTheOnesBehindUpWithoutTakingASlot()
    {
        var queue = new GenerationQueue(1);
        using var running = queue.Enter();
        var second = queue.Enter();
        using var third = queue.Enter();

        second.Dispose();

        Assert.Equal(1, third.Position);
        Assert.True(running.IsGranted);
        running.Dispose();
        Assert.True(await third.WaitForChangeAsync(1, CancellationToken.None));
        Assert.True(third.IsGranted);
    }

    [Fact]
    public async Task WaitForChange_Cancelled_ReturnsFalse()
    {
        var queue = new GenerationQueue(1);
        using var running = queue.Enter();
        using var waiting = queue.Enter();
        using var cts = new CancellationTokenSource();

        var wait = waiting.WaitForChangeAsync(1, cts.Token);
        await cts.CancelAsync();

        Assert.False(await wait);
    }
}
