using PlateWeb.Web.Components;

namespace PlateWeb.Web.Tests.Features;

public sealed class RenderThrottleTests
{
    [Fact]
    public void ShouldRender_ManyTokensWithin50Ms_RendersOnce()
    {
        var clock = new ManualClock();
        var throttle = new RenderThrottle(clock, TimeSpan.FromMilliseconds(50));

        var renders = 0;
        for (var token = 0; token < 100; token++)
        {
            if (throttle.ShouldRender()) renders++;
            clock.Advance(TimeSpan.FromMilliseconds(2)); // 500 tokens/s
        }

        // 100 tokens over 200 ms: one render per 50 ms, not one per token.
        Assert.Equal(4, renders);
    }

    [Fact]
    public void Reset_NextCallRenders()
    {
        var clock = new ManualClock();
        var throttle = new RenderThrottle(clock, TimeSpan.FromMilliseconds(50));
        Assert.True(throttle.ShouldRender());
        Assert.False(throttle.ShouldRender());

        throttle.Reset();

        Assert.True(throttle.ShouldRender());
    }

    [Fact]
    public void ShouldRender_Now_RendersWithinIntervalAndRestartsClock()
    {
        var clock = new ManualClock();
        var throttle = new RenderThrottle(clock, TimeSpan.FromMilliseconds(250));
        Assert.True(throttle.ShouldRender());
        clock.Advance(TimeSpan.FromMilliseconds(100));

        Assert.True(throttle.ShouldRender(now: true));

        // The forced render counts: 200 ms after it is still too soon.
        clock.Advance(TimeSpan.FromMilliseconds(200));
        Assert.False(throttle.ShouldRender());
        clock.Advance(TimeSpan.FromMilliseconds(50));
        Assert.True(throttle.ShouldRender());
    }

    private sealed class ManualClock : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}
