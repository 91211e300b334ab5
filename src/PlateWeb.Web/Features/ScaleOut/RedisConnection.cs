using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace PlateWeb.Web.Features.ScaleOut;

/// <summary>
/// This node's one connection to Redis for the alert relay and the health check (singleton; the SignalR backplane
/// keeps its own). Connected on first use and never aborted on a failed connect: StackExchange.Redis keeps retrying,
/// so a node started before its Redis joins the others once Redis answers.
/// </summary>
public sealed class RedisConnection(IOptions<RedisOptions> options) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ConnectionMultiplexer? _multiplexer;

    public async Task<IConnectionMultiplexer> GetAsync(CancellationToken ct)
    {
        if (_multiplexer is { } ready) return ready;
        await _gate.WaitAsync(ct);
        try
        {
            if (_multiplexer is null)
            {
                var configuration = ConfigurationOptions.Parse(options.Value.Connection ?? throw new InvalidOperationException("Redis:Connection is not set."));
                configuration.AbortOnConnectFail = false;
                configuration.ClientName = "plateweb-" + Environment.MachineName;
                _multiplexer = await ConnectionMultiplexer.ConnectAsync(configuration);
            }
            return _multiplexer;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_multiplexer is { } m) await m.DisposeAsync();
        _gate.Dispose();
    }
}
