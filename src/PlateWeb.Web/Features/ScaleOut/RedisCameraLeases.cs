using Microsoft.Extensions.Options;
using PlateWeb.Web.Features.Cameras;
using StackExchange.Redis;

namespace PlateWeb.Web.Features.ScaleOut;

/// <summary>
/// Camera leases in Redis (several web nodes): key "PREFIX:camera:ID" holds the node that runs the camera, with a
/// time to live of Cameras:LeaseSeconds. Taking, renewing and releasing are each one Lua script, so two nodes never
/// both believe they hold a camera.
/// </summary>
public sealed partial class RedisCameraLeases(
    RedisConnection redis,
    IOptions<RedisOptions> redisOptions,
    IOptions<CameraOptions> cameraOptions,
    ILogger<RedisCameraLeases> logger) : ICameraLeases
{
    // Returns the holder after the call: this node's name when it took or renewed the lease, another's when it is held.
    private const string HoldScript = """
        local holder = redis.call('GET', KEYS[1])
        if holder == ARGV[1] then
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            return holder
        end
        if not holder then
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
            return ARGV[1]
        end
        return holder
        """;

    private const string ReleaseScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
            return redis.call('DEL', KEYS[1])
        end
        return 0
        """;

    /// <summary>This node in the leases: its machine name, and a tag that tells two nodes on one machine apart.</summary>
    public string Node { get; } = $"{Environment.MachineName} ({Guid.NewGuid().ToString("N")[..8]})";

    public bool Shared => true;

    private RedisKey Key(int cameraId) => $"{redisOptions.Value.ChannelPrefix}:camera:{cameraId}";

    public async Task<LeaseAnswer> HoldAsync(int cameraId, CancellationToken ct)
    {
        try
        {
            var db = (await redis.GetAsync(ct)).GetDatabase();
            var ttl = (long)(cameraOptions.Value.LeaseSeconds * 1000);
            var holder = (string?)await db.ScriptEvaluateAsync(HoldScript, [Key(cameraId)], [Node, ttl]);
            return holder == Node ? LeaseAnswer.Held : new LeaseAnswer(LeaseState.HeldElsewhere, holder);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            LogUnreachable(logger, ex, cameraId);
            return new LeaseAnswer(LeaseState.Unknown);
        }
    }

    public async Task ReleaseAsync(int cameraId, CancellationToken ct)
    {
        try
        {
            var db = (await redis.GetAsync(ct)).GetDatabase();
            await db.ScriptEvaluateAsync(ReleaseScript, [Key(cameraId)], [Node]);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // The lease runs out by itself within Cameras:LeaseSeconds.
            LogUnreachable(logger, ex, cameraId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis did not answer for camera {CameraId}'s lease: running cameras go on, none is started")]
    private static partial void LogUnreachable(ILogger logger, Exception ex, int cameraId);
}
