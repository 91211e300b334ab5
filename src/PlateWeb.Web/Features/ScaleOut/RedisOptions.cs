namespace PlateWeb.Web.Features.ScaleOut;

/// <summary>
/// Section "Redis": the server that joins several web nodes (the SignalR backplane and the relay of live alerts).
/// No <see cref="Connection"/>: one node, everything in process, as before.
/// </summary>
public sealed class RedisOptions
{
    public const string Section = "Redis";

    /// <summary>A StackExchange.Redis configuration string, for example "redis.lan:6379,password=…"; empty for one node.</summary>
    public string? Connection { get; set; }

    /// <summary>Prefixes every channel, so that two PlateWeb sites may share one Redis server.</summary>
    [System.ComponentModel.DataAnnotations.RegularExpression(@"^[\w.-]+$", ErrorMessage = "Redis:ChannelPrefix must be letters, digits, '.', '-' or '_'.")]
    public string ChannelPrefix { get; set; } = "plateweb";

    public bool Enabled => !string.IsNullOrWhiteSpace(Connection);
}
