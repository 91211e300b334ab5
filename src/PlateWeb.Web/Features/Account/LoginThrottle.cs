using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace PlateWeb.Web.Features.Account;

/// <summary>
/// Pauses sign-in for one user name from one address after <see cref="AccountOptions.MaxFailedAttempts"/>
/// wrong passwords, for <see cref="AccountOptions.PauseSeconds"/>, doubled at each further wrong
/// password up to <see cref="AccountOptions.MaxPauseMinutes"/>. The account itself is never locked:
/// whoever guesses from one address slows down only there, and the owner signs in from another.
/// Names that have no account are counted the same way, so a pause tells nothing about them.
/// </summary>
public sealed class LoginThrottle(IOptions<AccountOptions> options, TimeProvider clock)
{
    // Past this many remembered pairs, the forgotten ones are swept at the next wrong password.
    private const int SweepAbove = 10_000;

    private readonly Dictionary<(string User, string Address), Failures> _failures = [];
    private readonly Lock _lock = new();

    /// <summary>How long sign-in for this pair still waits, or null when it may try.</summary>
    public TimeSpan? PausedFor(string userName, IPAddress? address)
    {
        var now = clock.GetUtcNow();
        lock (_lock)
        {
            return _failures.TryGetValue(Key(userName, address), out var failures) && failures.PausedUntil > now
                ? failures.PausedUntil - now
                : null;
        }
    }

    /// <summary>Counts a wrong password (or an unknown name); the pause it starts, if it starts one.</summary>
    public TimeSpan? Failed(string userName, IPAddress? address)
    {
        var settings = options.Value;
        var now = clock.GetUtcNow();
        lock (_lock)
        {
            if (_failures.Count > SweepAbove) Sweep(now);
            var key = Key(userName, address);
            if (!_failures.TryGetValue(key, out var failures) || IsForgotten(failures, now))
            {
                _failures[key] = failures = new Failures();
            }
            failures.Count++;
            failures.Last = now;
            if (failures.Count < settings.MaxFailedAttempts) return null;
            var doublings = Math.Min(failures.Count - settings.MaxFailedAttempts, 20);
            var pause = TimeSpan.FromSeconds(Math.Min(settings.PauseSeconds * Math.Pow(2, doublings), settings.MaxPauseMinutes * 60.0));
            failures.PausedUntil = now + pause;
            return pause;
        }
    }

    /// <summary>A right password: this pair starts again from nothing.</summary>
    public void Succeeded(string userName, IPAddress? address)
    {
        lock (_lock) _failures.Remove(Key(userName, address));
    }

    /// <summary>Whether sign-in for this name is paused from any address (the Users page shows it).</summary>
    public bool IsPaused(string userName)
    {
        var user = NormalizeUser(userName);
        var now = clock.GetUtcNow();
        lock (_lock) return _failures.Any(f => f.Key.User == user && f.Value.PausedUntil > now);
    }

    /// <summary>An admin lets the user in again from everywhere: every count for the name is forgotten.</summary>
    public void Clear(string userName)
    {
        var user = NormalizeUser(userName);
        lock (_lock)
        {
            foreach (var key in _failures.Keys.Where(k => k.User == user).ToList()) _failures.Remove(key);
        }
    }

    /// <summary>
    /// The address a count belongs to: IPv4 as is (mapped IPv6 included), IPv6 by its /64, which one
    /// machine usually owns whole, so rotating addresses inside it does not escape the pause.
    /// </summary>
    public static string AddressKey(IPAddress? address)
    {
        if (address is null) return "unknown";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    private static (string, string) Key(string userName, IPAddress? address) => (NormalizeUser(userName), AddressKey(address));

    private static string NormalizeUser(string userName) => userName.Trim().ToUpperInvariant();

    // Counts end when the longest pause would have: a slow guesser starts again from MaxFailedAttempts.
    private bool IsForgotten(Failures failures, DateTimeOffset now) =>
        now - failures.Last > TimeSpan.FromMinutes(options.Value.MaxPauseMinutes) && now >= failures.PausedUntil;

    private void Sweep(DateTimeOffset now)
    {
        foreach (var key in _failures.Where(f => IsForgotten(f.Value, now)).Select(f => f.Key).ToList()) _failures.Remove(key);
    }

    private sealed class Failures
    {
        public int Count;
        public DateTimeOffset Last;
        public DateTimeOffset PausedUntil;
    }
}
